package io.tandem.cli;

import io.tandem.cib.Cib;
import io.tandem.cib.CibParseException;
import io.tandem.cib.CibXml;
import io.tandem.ipc.CrmExit;
import io.tandem.scheduler.CrmDateTime;
import io.tandem.scheduler.EffectiveTime;
import io.tandem.scheduler.SimulationReport;
import io.tandem.scheduler.Simulator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** {@code tandem simulate}: crm_simulate's options and layout on Tandem's scheduler, no cluster needed. */
public final class SimulateCommand {
    static final int OK = CrmExit.OK;
    static final int USAGE = CrmExit.USAGE;
    static final int DATA_ERROR = CrmExit.DATAERR;
    static final int NO_INPUT = CrmExit.NOINPUT;
    static final int CANT_CREATE = CrmExit.CANTCREAT;

    static final String HELP = """
            Usage: tandem simulate (-x FILE | -p) [-S | -R] [-s] [-Q] [-t DATE] [-G FILE] [-D FILE] [-I FILE]

            Shows what Tandem's scheduler would do with a Pacemaker CIB, in crm_simulate's layout.

              -x, --xml-file=FILE       read the CIB from FILE (e.g. a cibadmin --query dump)
              -p, --xml-pipe            read the CIB from standard input
              -R, --run                 show the current status and the Transition Summary
              -S, --simulate            like --run, then the executed actions and the revised status
              -s, --show-scores         show allocation and promotion scores
              -Q, --quiet               print only essential output (the scores with -s)
              -t, --set-datetime=DATE   set "now" (ISO 8601: 2005-020, 2005-020T12:30, "2014-05-07 00:28:00")
              -G, --save-graph=FILE     save the transition graph (XML)
              -D, --save-dotfile=FILE   save the transition graph (dot; only actions in the graph)
              -I, --save-input=FILE     save the input CIB
              -h, --help                show this help
            """;

    private final Supplier<Simulator> simulators;
    private final Supplier<Instant> clock;

    public SimulateCommand(Supplier<Simulator> simulators, Supplier<Instant> clock) {
        this.simulators = simulators;
        this.clock = clock;
    }

    public int run(List<String> args, InputStream stdin, PrintStream out, PrintStream err) {
        SimulateOptions o;
        try {
            o = SimulateOptions.parse(args);
        } catch (UsageException e) {
            err.println("tandem simulate: " + e.getMessage());
            err.println("Try 'tandem simulate -h'.");
            return USAGE;
        }
        if (o.help()) {
            out.print(HELP);
            return OK;
        }
        byte[] xml;
        String source = o.xmlFile().orElse("<stdin>");
        try {
            xml = o.xmlFile().isPresent() ? Files.readAllBytes(Path.of(o.xmlFile().get())) : stdin.readAllBytes();
        } catch (NoSuchFileException e) {
            err.println("tandem simulate: " + source + ": no such file");
            return NO_INPUT;
        } catch (IOException e) {
            err.println("tandem simulate: " + source + ": cannot read: " + e.getMessage());
            return NO_INPUT;
        }
        Cib cib;
        Instant now;
        try {
            cib = new Cib(CibXml.parse(new ByteArrayInputStream(xml), source));
            Optional<Instant> forced = Optional.empty();
            if (o.dateTime().isPresent()) {
                Instant wall = clock.get();
                forced = Optional.of(CrmDateTime.parse(o.dateTime().get(), ZoneId.systemDefault().getRules().getOffset(wall), wall));
            }
            now = EffectiveTime.of(cib, forced, clock.get());
        } catch (CibParseException e) {
            err.println("tandem simulate: " + e.getMessage());
            return DATA_ERROR;
        } catch (IOException e) {
            err.println("tandem simulate: " + source + ": cannot read: " + e.getMessage());
            return NO_INPUT;
        } catch (IllegalArgumentException e) {
            err.println("tandem simulate: " + source + ": " + e.getMessage());
            return DATA_ERROR;
        }
        SimulationReport report;
        try {
            report = simulators.get().simulate(cib, now);
        } catch (RuntimeException e) {
            err.println("tandem simulate: " + source + ": the scheduler failed: " + e);
            return DATA_ERROR;
        }
        try {
            if (o.saveInput().isPresent()) {
                Files.write(Path.of(o.saveInput().get()), xml);
            }
            if (o.saveGraph().isPresent()) {
                Files.writeString(Path.of(o.saveGraph().get()), report.graphXml(), StandardCharsets.UTF_8);
            }
            if (o.saveDot().isPresent()) {
                Files.writeString(Path.of(o.saveDot().get()), GraphDot.render(report.graphXml()), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            err.println("tandem simulate: cannot write " + e.getMessage());
            return CANT_CREATE;
        } catch (CibParseException e) {
            err.println("tandem simulate: the scheduler's graph is not XML: " + e.getMessage());
            return CANT_CREATE;
        }
        out.print(CrmSimulateLayout.render(report, o));
        out.flush();
        return OK;
    }
}
