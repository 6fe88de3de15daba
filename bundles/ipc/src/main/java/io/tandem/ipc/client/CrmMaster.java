package io.tandem.ipc.client;

import io.tandem.ipc.CrmExit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * crm_master as Pacemaker 2.1 ships it (a wrapper script): the promotion score {@code master-<resource>} of
 * the calling agent's resource ({@code OCF_RESOURCE_INSTANCE}, or {@code -r}) via crm_attribute, lifetime
 * {@code forever} unless {@code -l} says otherwise. Like the original it passes the instance name unchanged
 * ({@code db:1} for a globally-unique clone); the scheduler falls back to the anonymous clone's name.
 */
final class CrmMaster {
    static final String TOOL = "crm_master";
    private static final String USAGE = "Usage: crm_master <command> [<options>]\n\n"
            + "This command is deprecated. Use crm_attribute with the --promotion option\ninstead.";

    private static final List<Options.Spec> SPECS = List.of(
            Options.flag((char) 0, "help", "help"),
            Options.flag((char) 0, "version", "version"),
            Options.flag('V', "verbose", "pass"),
            Options.flag('q', "quiet", "pass"),
            Options.flag('G', "query", "pass"),
            Options.flag('D', "delete", "pass"),
            Options.value('v', "update", "pass"),
            Options.value('N', "node", "pass"),
            Options.value('l', "lifetime", "pass"),
            Options.value('i', "id", "pass"),
            Options.value('r', "resource", "resource"),
            Options.flag('Q', "get-value", "pass"),
            Options.flag((char) 0, "delete-attr", "pass"),
            Options.value('U', "uname", "pass"),
            Options.value((char) 0, "attr-value", "pass"),
            Options.value((char) 0, "attr-id", "pass"));

    private CrmMaster() {
    }

    static int run(List<String> args, ToolContext ctx) {
        Options.Parsed parsed;
        try {
            parsed = Options.parse(SPECS, args);
        } catch (Options.UsageException e) {
            // util-linux getopt's wording, as the original script shows it
            ctx.err().println(TOOL + ": " + (e.kind == Options.UsageException.Kind.UNKNOWN
                    ? (e.option.startsWith("--") ? "unrecognized option '" + e.option + "'" : "invalid option -- '" + e.option.substring(1) + "'")
                    : "option requires an argument -- '" + e.option.replaceFirst("^-+", "") + "'"));
            return usage(ctx, null);
        }
        if (parsed.has("help")) {
            ctx.out().println("crm_master - Query, update, or delete a resource's promotion score\n\n" + USAGE);
            return CrmExit.OK;
        }
        if (parsed.has("version")) {
            ctx.out().println(Tools.versionLine(TOOL));
            return CrmExit.OK;
        }
        String resource = ctx.env("OCF_RESOURCE_INSTANCE");
        List<String> forwarded = new ArrayList<>(List.of("--lifetime", "forever"));
        for (Options.Occurrence o : parsed.options()) {
            if (o.key().equals("resource")) {
                resource = o.value();
            } else {
                forwarded.add(o.spelled());
                if (o.value() != null) {
                    forwarded.add(o.value());
                }
            }
        }
        if (!parsed.operands().isEmpty()) {
            return usage(ctx, "unknown option '" + parsed.operands().get(0) + "'");
        }
        if (resource == null || resource.isEmpty()) {
            return usage(ctx, "No resource specified");
        }
        List<String> crmAttribute = new ArrayList<>(List.of("-n", "master-" + resource));
        crmAttribute.addAll(forwarded);
        Map<String, String> env = new HashMap<>(ctx.env());
        env.put("OCF_RESOURCE_INSTANCE", resource);
        return CrmAttribute.run(crmAttribute, new ToolContext(env, ctx.out(), ctx.err(), ctx.connector()));
    }

    private static int usage(ToolContext ctx, String error) {
        if (error != null) {
            ctx.err().println("error: " + error);
        }
        ctx.out().println();
        ctx.out().println(USAGE);
        return 1;
    }
}
