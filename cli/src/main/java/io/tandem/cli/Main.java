package io.tandem.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** {@code bin/tandem VERB [OPTIONS]}: Tandem's offline tools. Verbs: simulate. */
public final class Main {
    static final String USAGE = """
            Usage: tandem VERB [OPTIONS]

            Verbs:
              simulate   show what the scheduler would do with a Pacemaker CIB (crm_simulate's options)

            'tandem VERB -h' shows a verb's options.
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.in, System.out, System.err));
    }

    static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.print(USAGE);
            return SimulateCommand.USAGE;
        }
        String verb = args.get(0);
        List<String> rest = args.subList(1, args.size());
        switch (verb) {
            case "simulate":
                return new SimulateCommand(Simulators::create, Instant::now).run(rest, in, out, err);
            case "-h":
            case "--help":
            case "help":
                out.print(USAGE);
                return SimulateCommand.OK;
            default:
                err.println("tandem: unknown verb \"" + verb + "\"");
                err.print(USAGE);
                return SimulateCommand.USAGE;
        }
    }
}
