package io.tandem.ipc.client;

import io.tandem.ipc.CrmExit;
import io.tandem.ipc.IpcMessage;
import io.tandem.ipc.Verbs;
import java.io.IOException;
import java.util.List;

/** crm_node as Pacemaker 2.1 prints it: -n, -i, -N ID, -l, -p, -q. */
final class CrmNode {
    static final String TOOL = "crm_node";

    private static final List<Options.Spec> SPECS = List.of(
            Options.flag('h', "help", "help"),
            Options.flag('$', "version", "version"),
            Options.flag('V', "verbose", "verbose"),
            Options.flag('Q', "quiet", "quiet"),
            Options.flag('f', "force", "force"),
            Options.flag('C', "corosync", "corosync"),
            Options.flag('i', "cluster-id", "i"),
            Options.flag('l', "list", "l"),
            Options.flag('n', "name", "n"),
            Options.flag('p', "partition", "p"),
            Options.flag('q', "quorum", "q"),
            Options.value('N', "name-for-id", "N"),
            Options.value('R', "remove", "R"));

    private CrmNode() {
    }

    static int run(List<String> args, ToolContext ctx) {
        Options.Parsed parsed;
        try {
            parsed = Options.parse(SPECS, args);
        } catch (Options.UsageException e) {
            ctx.err().println(TOOL + ": " + e.getMessage());
            return CrmExit.USAGE;
        }
        if (parsed.has("version")) {
            ctx.out().println(Tools.versionLine(TOOL));
            return CrmExit.OK;
        }
        Options.Occurrence command = null;
        for (Options.Occurrence o : parsed.options()) {
            if (o.key().length() == 1) {
                command = o;
            }
        }
        if (parsed.has("help") || command == null) {
            (parsed.has("help") ? ctx.out() : ctx.err()).println("Usage:\n  crm_node [OPTION?]\n\n"
                    + "crm_node - Tool for displaying low-level node information\n\n"
                    + "Commands: -i/--cluster-id, -l/--list, -n/--name, -p/--partition, -q/--quorum, -N/--name-for-id=ID");
            return parsed.has("help") ? CrmExit.OK : CrmExit.USAGE;
        }
        switch (command.key()) {
            case "n": {
                // Inside an agent the cluster says which node it runs on; no need to ask.
                String onNode = ctx.env("OCF_RESKEY_CRM_meta_on_node");
                if (onNode != null) {
                    ctx.out().println(onNode);
                    return CrmExit.OK;
                }
                IpcMessage r = call(ctx, IpcMessage.request(Verbs.NODE_NAME).build());
                if (r == null || !r.isOk()) {
                    return failed(ctx, r);
                }
                ctx.out().println(r.require("name"));
                return CrmExit.OK;
            }
            case "i": {
                IpcMessage r = call(ctx, IpcMessage.request(Verbs.NODE_ID).build());
                if (r == null || !r.isOk()) {
                    return failed(ctx, r);
                }
                ctx.out().println(r.require("id"));
                return CrmExit.OK;
            }
            case "N": {
                IpcMessage r = call(ctx, IpcMessage.request(Verbs.NODE_NAME_FOR_ID).put("id", command.value()).build());
                if (r != null && r.exitCode() == CrmExit.NOHOST) {
                    ctx.err().println("Node is not known to cluster");
                    return CrmExit.NOHOST;
                }
                if (r == null || !r.isOk()) {
                    return failed(ctx, r);
                }
                ctx.out().println(r.require("name"));
                return CrmExit.OK;
            }
            case "l": {
                IpcMessage r = call(ctx, IpcMessage.request(Verbs.NODE_LIST).build());
                if (r == null || !r.isOk()) {
                    return failed(ctx, r);
                }
                r.getAll("node").forEach(ctx.out()::println);
                return CrmExit.OK;
            }
            case "p": {
                IpcMessage r = call(ctx, IpcMessage.request(Verbs.NODE_PARTITION).build());
                if (r == null || !r.isOk()) {
                    return failed(ctx, r);
                }
                StringBuilder line = new StringBuilder();
                r.getAll("member").forEach(m -> line.append(m).append(' '));
                ctx.out().println(line);
                return CrmExit.OK;
            }
            case "q": {
                IpcMessage r = call(ctx, IpcMessage.request(Verbs.NODE_QUORUM).build());
                if (r == null || !r.isOk()) {
                    return failed(ctx, r);
                }
                boolean quorate = r.flag("quorate");
                ctx.out().println(quorate ? "1" : "0");
                return quorate ? CrmExit.OK : CrmExit.QUORUM;
            }
            default:
                ctx.err().println("error: removing nodes (-R) is done with ha:node-remove in Tandem");
                return CrmExit.UNIMPLEMENT_FEATURE;
        }
    }

    private static IpcMessage call(ToolContext ctx, IpcMessage request) {
        try {
            return ctx.connector().call(request);
        } catch (IOException e) {
            return null;
        }
    }

    private static int failed(ToolContext ctx, IpcMessage response) {
        if (response == null) {
            ctx.err().println("error: Could not connect to controller: Connection refused");
            return CrmExit.DISCONNECT;
        }
        ctx.err().println("error: Could not connect to controller: " + response.errorMessage());
        return response.exitCode();
    }
}
