package io.tandem.shell.internal.admin;

import static io.tandem.shell.internal.admin.CommandSpec.flag;
import static io.tandem.shell.internal.admin.CommandSpec.optional;
import static io.tandem.shell.internal.admin.CommandSpec.option;
import static io.tandem.shell.internal.admin.CommandSpec.required;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin verbs' command lines. The summaries are constants so that the Karaf {@code @Command} annotations can
 * use the same words ({@code AdminSpecsTest} checks that every action declares what its spec says).
 */
public final class AdminSpecs {
    static final String STATUS = "Shows the cluster as crm_mon does: DC, quorum, nodes, resources, failed actions.";
    static final String RESOURCE_LIST = "Lists the configured resources with where they run, target role and managed state.";
    static final String RESOURCE_LOCATE = "Shows the nodes a resource is active on.";
    static final String RESOURCE_MOVE = "Moves a resource to a node (or away from its current node) with a location constraint.";
    static final String RESOURCE_BAN = "Keeps a resource off a node (by default its current node) with a location constraint.";
    static final String RESOURCE_CLEAR = "Removes the constraints resource-move and resource-ban created.";
    static final String RESOURCE_CLEANUP = "Forgets a resource's failures and history so that the cluster probes it again.";
    static final String RESOURCE_FAIL = "Records a monitor failure of a resource on a node, as if its agent had reported it.";
    static final String RESOURCE_START = "Lets the cluster start a resource (target-role=Started).";
    static final String RESOURCE_STOP = "Makes the cluster stop a resource (target-role=Stopped).";
    static final String RESOURCE_MANAGE = "Puts a resource back under the cluster's control (is-managed=true).";
    static final String RESOURCE_UNMANAGE = "Leaves a resource alone: the cluster neither starts nor stops it (is-managed=false).";
    static final String RESOURCE_PARAM = "Shows, sets or deletes a resource's agent parameter.";
    static final String RESOURCE_META = "Shows, sets or deletes a resource's meta attribute.";
    static final String NODE_LIST = "Lists the nodes: online or offline, standby, DC.";
    static final String NODE_STANDBY = "Puts a node (by default this one) in standby: its resources move away.";
    static final String NODE_ONLINE = "Takes a node (by default this one) out of standby, permanent and until-restart.";
    static final String NODE_ATTRIBUTE = "Shows, sets or deletes a permanent node attribute.";
    static final String MAINTENANCE = "Turns cluster-wide maintenance mode on or off.";
    static final String STANDBY = "Gives this node's resources to the other nodes, as heartbeat's hb_standby.";
    static final String TAKEOVER = "Takes all resources over to this node, as heartbeat's hb_takeover.";
    static final String CONFIGURE = "Changes the configuration in crm shell syntax, all commands at once or none; show [xml] [ID] prints it.";
    static final String CIB_EXPORT = "Writes the whole CIB (configuration and status) as XML.";
    static final String CIB_IMPORT = "Replaces the configuration with the one in a CIB XML file.";
    static final String IMPORT_HARESOURCES = "Turns a heartbeat v1 haresources file into resource groups, in one change.";

    static final CommandSpec.Opt LIFETIME = option("DURATION", "the constraint expires after this ISO 8601 duration"
            + " (as crm_resource -u): PT10M, PT2H, P1D, P1W, P1M", "--lifetime", "-u");
    static final CommandSpec.Opt FILE = option("FILE", "read the commands from this file ('-': standard input of bin/tandem)",
            "--file", "-f");
    static final CommandSpec.Opt AUTO_FAILBACK = option("on|off", "heartbeat's auto_failback: on lets resources return to"
            + " their node (resource-stickiness 0), off keeps them where they run (INFINITY); default: heartbeat's legacy (0)",
            "--auto-failback");
    static final CommandSpec.Opt DELETE = flag("delete the value", "--delete", "-d");
    static final CommandSpec.Opt WAIT = option("SECONDS", "how long the one-shot move may take (default 30)", "--wait", "-w");

    private static final Map<String, CommandSpec> SPECS = build();

    private static Map<String, CommandSpec> build() {
        Map<String, CommandSpec> specs = new LinkedHashMap<>();
        java.util.function.Consumer<CommandSpec> add = s -> specs.put(s.verb(), s);
        add.accept(new CommandSpec("status", STATUS, List.of(), List.of(
                flag("also list resources that are not running (crm_mon -r)", "--inactive", "-r"),
                flag("add the fail counts per node (crm_mon -f)", "--failcounts", "-f")), false));
        add.accept(new CommandSpec("resource-list", RESOURCE_LIST, List.of(), List.of(), false));
        add.accept(resource("resource-locate", RESOURCE_LOCATE));
        add.accept(new CommandSpec("resource-move", RESOURCE_MOVE, List.of(required("RESOURCE"), optional("NODE")), List.of(LIFETIME), false));
        add.accept(new CommandSpec("resource-ban", RESOURCE_BAN, List.of(required("RESOURCE"), optional("NODE")), List.of(LIFETIME), false));
        add.accept(new CommandSpec("resource-clear", RESOURCE_CLEAR, List.of(required("RESOURCE"), optional("NODE")), List.of(), false));
        add.accept(new CommandSpec("resource-cleanup", RESOURCE_CLEANUP, List.of(optional("RESOURCE")),
                List.of(option("NODE", "only on this node (default: all nodes)", "--node", "-N")), false));
        add.accept(new CommandSpec("resource-fail", RESOURCE_FAIL, List.of(required("RESOURCE")),
                List.of(option("NODE", "the node the failure happened on (required)", "--node", "-N")), false));
        add.accept(resource("resource-start", RESOURCE_START));
        add.accept(resource("resource-stop", RESOURCE_STOP));
        add.accept(resource("resource-manage", RESOURCE_MANAGE));
        add.accept(resource("resource-unmanage", RESOURCE_UNMANAGE));
        add.accept(new CommandSpec("resource-param", RESOURCE_PARAM, List.of(required("RESOURCE"), required("NAME"), optional("VALUE")),
                List.of(DELETE), false));
        add.accept(new CommandSpec("resource-meta", RESOURCE_META, List.of(required("RESOURCE"), required("NAME"), optional("VALUE")),
                List.of(DELETE), false));
        add.accept(new CommandSpec("node-list", NODE_LIST, List.of(), List.of(), false));
        add.accept(new CommandSpec("node-standby", NODE_STANDBY, List.of(optional("NODE")),
                List.of(flag("only until the node restarts", "--reboot")), false));
        add.accept(new CommandSpec("node-online", NODE_ONLINE, List.of(optional("NODE")), List.of(), false));
        add.accept(new CommandSpec("node-attribute", NODE_ATTRIBUTE, List.of(required("NODE"), required("NAME"), optional("VALUE")),
                List.of(DELETE), false));
        add.accept(new CommandSpec("maintenance", MAINTENANCE, List.of(required("on|off")), List.of(), false));
        add.accept(new CommandSpec("standby", STANDBY, List.of(), List.of(WAIT), false));
        add.accept(new CommandSpec("takeover", TAKEOVER, List.of(), List.of(WAIT), false));
        add.accept(new CommandSpec("configure", CONFIGURE, List.of(optional("COMMANDS")), List.of(FILE), true));
        add.accept(new CommandSpec("cib-export", CIB_EXPORT, List.of(optional("FILE")), List.of(), false));
        add.accept(new CommandSpec("cib-import", CIB_IMPORT, List.of(required("FILE")), List.of(), false));
        add.accept(new CommandSpec("import-haresources", IMPORT_HARESOURCES, List.of(required("FILE")), List.of(AUTO_FAILBACK),
                false));
        return java.util.Collections.unmodifiableMap(specs);
    }

    private AdminSpecs() {
    }

    private static CommandSpec resource(String verb, String summary) {
        return new CommandSpec(verb, summary, List.of(required("RESOURCE")), List.of(), false);
    }

    public static Optional<CommandSpec> spec(String verb) {
        return Optional.ofNullable(SPECS.get(verb));
    }

    public static List<CommandSpec> all() {
        return List.copyOf(SPECS.values());
    }

    /** Every verb with its summary, one per line, for {@code tandem help}. */
    public static String verbList() {
        int width = SPECS.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (CommandSpec s : SPECS.values()) {
            sb.append("  ").append(s.verb()).append(" ".repeat(width - s.verb().length() + 2)).append(s.summary()).append('\n');
        }
        return sb.toString();
    }
}
