package io.tandem.shell.internal;

import io.tandem.cib.Cib;
import io.tandem.cib.CibParseException;
import io.tandem.cib.CibXml;
import io.tandem.scheduler.CrmDateTime;
import io.tandem.scheduler.EffectiveTime;
import io.tandem.scheduler.SimulationReport;
import io.tandem.scheduler.Simulator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

@Command(scope = "ha", name = "simulate", description = "Shows what the scheduler would do with a Pacemaker CIB file.",
        detailedDescription = """
                Runs Tandem's scheduler on a CIB file (a cibadmin --query dump, or a Pacemaker regression input) and \
                prints what crm_simulate -S prints: the current status, the Transition Summary, the actions it would \
                execute and the status afterwards. Nothing in the running cluster changes.

                "Now" is --now if given, else the CIB's execution-date, else the clock. --now takes ISO 8601 as \
                crm_simulate -t does: 2005-020, 2005-01-20T12:30, "2014-05-07 00:28:00", "2014-05-07 00:28:00 +02:00" \
                (a time without an offset is local, a date alone is midnight UTC).

                The same works without a running node: bin/tandem simulate -x FILE -S.""")
@Service
public final class SimulateCommand implements Action {
    @Reference(optional = true)
    Simulator simulator;

    @Argument(index = 0, name = "file", description = "the CIB XML file", required = true)
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--show-scores", aliases = "-s", description = "also print the allocation and promotion scores")
    boolean showScores;

    @Option(name = "--save-graph", aliases = "-G", description = "write the transition graph (XML) to this file")
    @Completion(FileCompleter.class)
    String saveGraph;

    @Option(name = "--now", aliases = "-t", description = "the time to schedule at (ISO 8601, as crm_simulate -t)")
    String now;

    @Override
    public Object execute() throws IOException, SimulateException {
        run(System.out, Instant.now());
        return null;
    }

    void run(PrintStream out, Instant wallClock) throws IOException, SimulateException {
        if (simulator == null) {
            throw new SimulateException("the scheduler is not running (no io.tandem.scheduler.Simulator service);"
                    + " check bundle io.tandem.scheduler.impl, or use bin/tandem simulate");
        }
        Cib cib;
        Instant at;
        try {
            cib = new Cib(CibXml.parse(Path.of(file)));
            Optional<Instant> forced = now == null ? Optional.empty()
                    : Optional.of(CrmDateTime.parse(now, ZoneId.systemDefault().getRules().getOffset(wallClock), wallClock));
            at = EffectiveTime.of(cib, forced, wallClock);
        } catch (CibParseException e) {
            throw new SimulateException(e.getMessage());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new SimulateException(file + ": no such file");
        } catch (IllegalArgumentException e) {
            throw new SimulateException(file + ": " + e.getMessage());
        }
        SimulationReport report = simulator.simulate(cib, at);
        if (saveGraph != null) {
            Files.writeString(Path.of(saveGraph), report.graphXml(), StandardCharsets.UTF_8);
        }
        out.print(report.text());
        if (!report.text().isEmpty() && !report.text().endsWith("\n")) {
            out.println();
        }
        if (showScores) {
            out.println();
            out.println("Allocation scores:");
            report.scoreLines().forEach(out::println);
        }
        out.flush();
    }

    /** Makes the command fail with a message that names the file and what is wrong. */
    static final class SimulateException extends Exception {
        private static final long serialVersionUID = 1L;

        SimulateException(String message) {
            super(message);
        }
    }
}
