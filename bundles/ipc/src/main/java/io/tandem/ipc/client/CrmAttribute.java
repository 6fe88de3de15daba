package io.tandem.ipc.client;

import io.tandem.ipc.CrmExit;
import io.tandem.ipc.IpcMessage;
import io.tandem.ipc.Verbs;
import java.io.IOException;
import java.util.List;

/**
 * crm_attribute as Pacemaker 2.1 behaves for the scopes Tandem keeps: node attributes ({@code status} =
 * {@code -l reboot}, {@code nodes} = {@code -l forever}) and cluster options ({@code crm_config}).
 */
final class CrmAttribute {
    static final String TOOL = "crm_attribute";

    private static final List<Options.Spec> SPECS = List.of(
            Options.flag('?', "help", "help"),
            Options.flag('$', "version", "version"),
            Options.flag('V', "verbose", "verbose"),
            Options.flag('q', "quiet", "quiet"),
            Options.flag('Q', null, "quiet"),
            Options.value('n', "name", "name"),
            Options.value('n', "attr-name", "name"),
            Options.optional('p', "promotion", "promotion"),
            Options.value('P', "pattern", "pattern"),
            Options.flag('G', "query", "G"),
            Options.flag('G', "get-value", "G"),
            Options.value('v', "update", "v"),
            Options.value('v', "attr-value", "v"),
            Options.flag('D', "delete", "D"),
            Options.flag('D', "delete-attr", "D"),
            Options.value('N', "node", "node"),
            Options.value('U', "node-uname", "node"),
            Options.value('t', "type", "type"),
            Options.value('l', "lifetime", "type"),
            Options.flag('z', "utilization", "utilization"),
            Options.value('s', "set-name", "set"),
            Options.value('i', "id", "id"),
            Options.value('i', "attr-id", "id"),
            Options.value('d', "default", "default"),
            Options.flag('!', "inhibit-policy-engine", "inhibit"));

    private CrmAttribute() {
    }

    static int run(List<String> args, ToolContext ctx) {
        Options.Parsed parsed;
        try {
            parsed = Options.parse(SPECS, args);
        } catch (Options.UsageException e) {
            ctx.err().println(TOOL + ": " + e.getMessage());
            return CrmExit.USAGE;
        }
        if (parsed.has("help")) {
            ctx.out().println("Usage:\n  crm_attribute <command> -n <attribute> [options]\n\n"
                    + "Manage node's attributes and cluster options (Tandem: scopes status, nodes and crm_config).");
            return CrmExit.OK;
        }
        if (parsed.has("version")) {
            ctx.out().println(Tools.versionLine(TOOL));
            return CrmExit.OK;
        }
        char command = 'G';
        String value = null;
        for (Options.Occurrence o : parsed.options()) {
            if (o.key().equals("G") || o.key().equals("D") || o.key().equals("v")) {
                command = o.key().charAt(0);
                value = o.value();
            }
        }
        boolean quiet = parsed.has("quiet");
        String name = parsed.last("name");
        String node = parsed.last("node");
        String type = parsed.last("type");
        String id = parsed.last("id");
        boolean promotion = parsed.has("promotion");
        if (promotion && name == null) {
            String rsc = parsed.last("promotion");
            if (rsc == null || rsc.isEmpty()) {
                rsc = ctx.env("OCF_RESOURCE_INSTANCE");
            }
            if (rsc == null) {
                ctx.err().println(TOOL + ": -p/--promotion must be called from an OCF resource agent or with a resource ID specified");
                return CrmExit.USAGE;
            }
            name = "master-" + rsc;
        }
        if (parsed.has("utilization") || parsed.has("pattern")) {
            return fail(ctx, CrmExit.UNIMPLEMENT_FEATURE, "Operation not supported (" + (parsed.has("utilization")
                    ? "utilization attributes" : "--pattern") + " are not kept by Tandem)");
        }
        if (type == null && promotion) {
            type = "status";
        }
        if (type == null && node != null) {
            type = "forever";
        }
        if ("reboot".equals(type)) {
            type = "status";
        } else if ("forever".equals(type)) {
            type = "nodes";
        } else if (type == null) {
            type = "crm_config";
        }
        switch (type) {
            case "status", "nodes", "crm_config" -> { }
            case "rsc_defaults", "op_defaults", "tickets" -> {
                return fail(ctx, CrmExit.UNIMPLEMENT_FEATURE, "Operation not supported (" + type + " are kept in the CIB)");
            }
            default -> {
                return fail(ctx, CrmExit.PROTOCOL, "No message of desired type");
            }
        }
        if (command == 'D' && name == null) {
            ctx.err().println(TOOL + ": Error: must specify attribute name or pattern to delete");
            return CrmExit.USAGE;
        }
        if (name == null) {
            return fail(ctx, CrmExit.NOSUCH, "No such device or address");
        }
        boolean option = type.equals("crm_config");
        String target = option ? null : ctx.nodeTarget(node);
        IpcMessage request = switch (command) {
            case 'v' -> (option ? IpcMessage.request(Verbs.OPTION_SET) : IpcMessage.request(Verbs.ATTR_SET).put("scope", type)
                    .putIfPresent("node", target)).put("name", name).put("value", value).build();
            case 'D' -> (option ? IpcMessage.request(Verbs.OPTION_DELETE) : IpcMessage.request(Verbs.ATTR_DELETE).put("scope", type)
                    .putIfPresent("node", target)).put("name", name).build();
            default -> (option ? IpcMessage.request(Verbs.OPTION_GET) : IpcMessage.request(Verbs.ATTR_GET).put("scope", type)
                    .putIfPresent("node", target)).put("name", name).build();
        };
        IpcMessage response;
        try {
            response = ctx.connector().call(request);
        } catch (IOException e) {
            ctx.err().println(TOOL + ": Could not connect to the CIB: Transport endpoint is not connected");
            return CrmExit.DISCONNECT;
        }
        if (response.exitCode() == CrmExit.INSUFFICIENT_PRIV) {
            ctx.err().println(TOOL + ": Could not connect to the CIB: " + response.errorMessage());
            return CrmExit.INSUFFICIENT_PRIV;
        }
        if (command == 'G') {
            String read = response.isOk() ? response.get("value").orElse(null) : null;
            if (read == null && response.exitCode() == CrmExit.NOSUCH && parsed.last("default") != null) {
                read = parsed.last("default");
            } else if (!response.isOk()) {
                return fail(ctx, response.exitCode(), response.errorMessage());
            }
            if (quiet) {
                if (read != null) {
                    ctx.out().println(read);
                }
            } else {
                // Pacemaker's layout, including the double space where no id is given.
                ctx.out().println("scope=" + type + " " + (id != null ? "id=" + id : "") + " name=" + name + " value=" + read);
            }
            return CrmExit.OK;
        }
        if (!response.isOk()) {
            return fail(ctx, response.exitCode(), response.errorMessage());
        }
        if (command == 'D' && !quiet && response.flag("existed") && !type.equals("status")) {
            if (option) {
                ctx.out().println("Deleted crm_config option: id=cib-bootstrap-options-" + name + " name=" + name);
            } else {
                ctx.out().println("Deleted nodes attribute: id=nodes-" + response.get("node").orElse("") + "-" + name + " name=" + name);
            }
        }
        return CrmExit.OK;
    }

    private static int fail(ToolContext ctx, int exit, String message) {
        ctx.err().println(TOOL + ": Error performing operation: " + message);
        return exit;
    }
}
