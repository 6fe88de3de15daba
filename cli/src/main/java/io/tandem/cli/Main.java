package io.tandem.cli;

import io.tandem.ipc.client.Connector;
import io.tandem.ipc.client.IpcClient;
import io.tandem.ipc.client.RemoteCommand;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/tandem VERB [ARGS]}: {@code simulate} runs here without a node; every other verb is the console's
 * {@code ha:VERB}, run by the local node over its socket ({@link RemoteCommand}) with the same output and exit code.
 */
public final class Main {
    /** Where the socket is: {@code $TANDEM_SOCKET}, else {@code -Dtandem.socket} (the launcher sets it). */
    static final String SOCKET_ENV = "TANDEM_SOCKET";
    static final String SOCKET_PROPERTY = "tandem.socket";

    /** The node's verbs, for --help; the node decides what it runs (AdminSpecs in bundles/shell, checked by a test). */
    static final List<String[]> NODE_VERBS = List.of(
            new String[] {"status", "the cluster as crm_mon shows it (-r inactive resources, -f fail counts)"},
            new String[] {"resource-list", "the configured resources, where they run, target role, managed"},
            new String[] {"resource-locate", "the nodes a resource is active on"},
            new String[] {"resource-move", "move a resource to a node, or away from its node (--lifetime PT10M, P1D, ...)"},
            new String[] {"resource-ban", "keep a resource off a node (--lifetime PT10M, P1D, ...)"},
            new String[] {"resource-clear", "remove the constraints of resource-move and resource-ban"},
            new String[] {"resource-cleanup", "forget failures and history of a resource (--node N)"},
            new String[] {"resource-fail", "record a monitor failure of a resource on a node (--node N)"},
            new String[] {"resource-start", "let the cluster start a resource (target-role=Started)"},
            new String[] {"resource-stop", "make the cluster stop a resource (target-role=Stopped)"},
            new String[] {"resource-manage", "put a resource back under the cluster's control"},
            new String[] {"resource-unmanage", "leave a resource alone (is-managed=false)"},
            new String[] {"resource-param", "show, set or delete (--delete) an agent parameter"},
            new String[] {"resource-meta", "show, set or delete (--delete) a meta attribute"},
            new String[] {"node-list", "the nodes: online or offline, standby, DC"},
            new String[] {"node-standby", "put a node (default: this one) in standby (--reboot: until it restarts)"},
            new String[] {"node-online", "take a node (default: this one) out of standby (permanent and until-reboot)"},
            new String[] {"node-attribute", "show, set or delete (--delete) a permanent node attribute"},
            new String[] {"maintenance", "maintenance mode on or off"},
            new String[] {"standby", "give this node's resources to the others (hb_standby)"},
            new String[] {"takeover", "take all resources to this node (hb_takeover)"},
            new String[] {"configure", "crm shell configure commands, committed atomically (--file F; show [ID]; show xml)"},
            new String[] {"cib-export", "the CIB as XML, to standard output or a file"},
            new String[] {"cib-import", "replace the configuration with a CIB XML file's"},
            new String[] {"import-haresources", "turn a heartbeat v1 haresources file into groups (--auto-failback on|off)"});

    private Main() {
    }

    static String usage() {
        StringBuilder sb = new StringBuilder("""
                Usage: tandem VERB [ARGS] [OPTIONS]

                Offline:
                  simulate            show what the scheduler would do with a Pacemaker CIB (crm_simulate's options)

                On the local node (the console's ha:VERB; needs root or group haclient):
                """);
        for (String[] v : NODE_VERBS) {
            sb.append("  ").append(v[0]).append(" ".repeat(Math.max(1, 20 - v[0].length()))).append(v[1]).append('\n');
        }
        sb.append("""

                'tandem VERB --help' shows a verb's arguments. The node's socket is $TANDEM_SOCKET, by default
                data/tandem/tandem.sock of the installation. Exit codes are Pacemaker's (0 ok, 64 usage, 102 node not
                reachable, 105 no such resource or node, ...).
                """);
        return sb.toString();
    }

    public static void main(String[] args) {
        String socket = System.getenv().getOrDefault(SOCKET_ENV, System.getProperty(SOCKET_PROPERTY, ""));
        Connector connector = socket.isEmpty()
                ? request -> {
                    throw new java.io.IOException(SOCKET_ENV + " is not set and the launcher gave no -D" + SOCKET_PROPERTY);
                }
                : new IpcClient(Path.of(socket));
        int code = run(Arrays.asList(args), System.in, System.out, System.err, connector, Path.of("").toAbsolutePath());
        System.out.flush();
        System.exit(code);
    }

    public static int run(List<String> args, InputStream in, PrintStream out, PrintStream err, Connector node, Path workingDirectory) {
        if (args.isEmpty()) {
            err.print(usage());
            return SimulateCommand.USAGE;
        }
        String verb = args.get(0);
        switch (verb) {
            case "simulate":
                return new SimulateCommand(Simulators::create, Instant::now).run(args.subList(1, args.size()), in, out, err);
            case "-h":
            case "--help":
            case "help":
                out.print(usage());
                return SimulateCommand.OK;
            default:
                if (verb.startsWith("-")) {
                    err.println("tandem: unknown option \"" + verb + "\"; the verb comes first");
                    err.print(usage());
                    return SimulateCommand.USAGE;
                }
                return RemoteCommand.run("tandem", args, node, workingDirectory, in, out, err);
        }
    }

    /** For tests: the verbs and summaries shown by --help. */
    public static Map<String, String> nodeVerbs() {
        java.util.LinkedHashMap<String, String> m = new java.util.LinkedHashMap<>();
        NODE_VERBS.forEach(v -> m.put(v[0], v[1]));
        return m;
    }
}
