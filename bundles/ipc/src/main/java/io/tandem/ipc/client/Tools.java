package io.tandem.ipc.client;

import io.tandem.ipc.CrmExit;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the compatibility tools: {@code java -cp tandem-ipc.jar io.tandem.ipc.client.Tools TOOL ARGS...}
 * with TOOL one of crm_attribute, crm_master, crm_node, attrd_updater. The socket is {@code $TANDEM_SOCKET}
 * (the bin/ launchers set it to the appliance's data/tandem/tandem.sock unless it is already set).
 */
public final class Tools {
    public static final String SOCKET_ENV = "TANDEM_SOCKET";

    private Tools() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        String socket = env.getOrDefault(SOCKET_ENV, System.getProperty("tandem.socket", ""));
        Connector connector = socket.isEmpty()
                ? request -> {
                    throw new java.io.IOException(SOCKET_ENV + " is not set");
                }
                : new IpcClient(Path.of(socket));
        int code;
        if (args.length == 0) {
            System.err.println("usage: Tools crm_attribute|crm_master|crm_node|attrd_updater [ARGS...]");
            code = CrmExit.USAGE;
        } else {
            code = run(args[0], Arrays.asList(args).subList(1, args.length), new ToolContext(env, System.out, System.err, connector));
        }
        System.out.flush();
        System.exit(code);
    }

    /** Runs one tool; returns its exit code. */
    public static int run(String tool, List<String> args, ToolContext ctx) {
        return switch (tool) {
            case CrmAttribute.TOOL -> CrmAttribute.run(args, ctx);
            case CrmMaster.TOOL -> CrmMaster.run(args, ctx);
            case CrmNode.TOOL -> CrmNode.run(args, ctx);
            case AttrdUpdater.TOOL -> AttrdUpdater.run(args, ctx);
            default -> {
                ctx.err().println("unknown tool '" + tool + "': crm_attribute, crm_master, crm_node or attrd_updater");
                yield CrmExit.USAGE;
            }
        };
    }

    static String versionLine(String tool) {
        return "Tandem " + tool + " (compatible with Pacemaker 2.1)";
    }
}
