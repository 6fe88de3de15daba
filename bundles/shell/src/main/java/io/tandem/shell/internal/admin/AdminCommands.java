package io.tandem.shell.internal.admin;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import io.tandem.cib.CibParseException;
import io.tandem.cib.CibValidator;
import io.tandem.cib.CibXml;
import io.tandem.common.CibVersion;
import io.tandem.common.NodeId;
import io.tandem.controller.AdminException;
import io.tandem.controller.ClusterAdmin;
import io.tandem.controller.ControllerState;
import io.tandem.controller.edit.AttributeEdits;
import io.tandem.controller.edit.Lifetime;
import io.tandem.ipc.client.RemoteCommand;
import io.tandem.shell.internal.TextTable;
import io.tandem.shell.internal.admin.CommandSpec.Invocation;
import io.tandem.shell.internal.admin.CommandSpec.UsageException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The admin verbs as text: a command line in, what to print and the exit code out. Both front ends run this, the
 * Karaf {@code ha:*} actions and the socket verb behind {@code bin/tandem}, so they print the same and exit the same.
 * Every verb reads its files before it changes anything (see {@link FileAccess}).
 */
public final class AdminCommands {
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    private final ClusterAdmin admin;
    private final Clock clock;

    /** @param admin the admin API, or null when the controller is not running (verbs then say so) */
    public AdminCommands(ClusterAdmin admin, Clock clock) {
        this.admin = admin;
        this.clock = clock;
    }

    /** Runs {@code VERB ARGS...}; {@code help} lists the verbs, {@code VERB --help} shows one. */
    public Result run(List<String> commandLine, FileAccess files) {
        if (commandLine.isEmpty() || commandLine.get(0).equals("help")) {
            return Result.ok("Verbs:\n" + AdminSpecs.verbList());
        }
        String verb = commandLine.get(0);
        Optional<CommandSpec> spec = AdminSpecs.spec(verb);
        if (spec.isEmpty()) {
            return Result.failed(ExitCodes.USAGE, "", "unknown verb '" + verb + "'; the verbs are:\n" + AdminSpecs.verbList().stripTrailing());
        }
        List<String> args = commandLine.subList(1, commandLine.size());
        int end = args.indexOf("--");
        List<String> optionPart = end < 0 ? args : args.subList(0, end);
        if (optionPart.contains("--help") || optionPart.contains("-h")) {
            return Result.ok(spec.get().usage());
        }
        Invocation inv;
        try {
            inv = spec.get().parse(args);
        } catch (UsageException e) {
            return new Result(ExitCodes.USAGE, "", "error: " + e.getMessage() + "\n" + spec.get().usage());
        }
        return execute(inv, files);
    }

    /** Runs a parsed command line. */
    Result execute(Invocation inv, FileAccess files) {
        StringBuilder out = new StringBuilder();
        try {
            run(inv, files, out);
            return Result.ok(out.toString());
        } catch (UsageException e) {
            return new Result(ExitCodes.USAGE, out.toString(), "error: " + e.getMessage() + "\n" + inv.spec().usage());
        } catch (AdminException e) {
            return Result.failed(ExitCodes.of(e.reason()), out.toString(), e.getMessage());
        } catch (Failure e) {
            return Result.failed(e.exit, out.toString(), e.getMessage());
        } catch (IllegalArgumentException e) {
            return Result.failed(ExitCodes.USAGE, out.toString(), e.getMessage());
        }
    }

    private void run(Invocation inv, FileAccess files, StringBuilder out) throws UsageException, AdminException, Failure {
        String verb = inv.spec().verb();
        // files first: a verb asks the caller for its file before it needs the controller or changes anything
        switch (verb) {
            case "configure" -> {
                configure(inv, files, out);
                return;
            }
            case "import-haresources" -> {
                importHaresources(inv, files, out);
                return;
            }
            default -> {
                // the verbs below
            }
        }
        ClusterAdmin a = requireAdmin();
        switch (verb) {
            case "status" -> out.append(lines(a.status(inv.flag("--inactive"), inv.flag("--failcounts"))));
            case "resource-list" -> out.append(resourceList(a));
            case "resource-locate" -> out.append(locate(a, inv.positional().get(0)));
            case "resource-move" -> {
                String rsc = inv.positional().get(0);
                Optional<Expiry> expiry = expiry(inv, clock.instant());
                a.move(rsc, inv.arg(1), expiry.map(Expiry::duration));
                out.append(rsc).append(inv.arg(1).map(n -> " moves to " + n).orElse(" moves away from its current node"))
                        .append(until(expiry)).append('\n');
            }
            case "resource-ban" -> {
                String rsc = inv.positional().get(0);
                Optional<Expiry> expiry = expiry(inv, clock.instant());
                a.ban(rsc, inv.arg(1), expiry.map(Expiry::duration));
                out.append(rsc).append(inv.arg(1).map(n -> " is banned from " + n).orElse(" is banned from its current node"))
                        .append(until(expiry)).append('\n');
            }
            case "resource-clear" -> {
                String rsc = inv.positional().get(0);
                int removed = a.clear(rsc, inv.arg(1));
                out.append(rsc).append(": removed ").append(removed).append(removed == 1 ? " constraint" : " constraints")
                        .append(" of resource-move and resource-ban").append(inv.arg(1).map(n -> " for " + n).orElse(""))
                        .append('\n');
            }
            case "resource-cleanup" -> {
                Optional<String> rsc = inv.arg(0);
                Optional<String> node = inv.value("--node");
                a.cleanup(rsc, node);
                out.append("Cleaned up ").append(rsc.orElse("all resources")).append(" on ")
                        .append(node.orElse("all nodes")).append('\n');
            }
            case "resource-fail" -> {
                String rsc = inv.positional().get(0);
                String node = inv.value("--node").orElseThrow(() -> new UsageException("resource-fail needs --node NODE"));
                a.fail(rsc, node);
                out.append("Recorded a monitor failure of ").append(rsc).append(" on ").append(node).append('\n');
            }
            case "resource-start", "resource-stop" -> {
                String rsc = inv.positional().get(0);
                String role = verb.equals("resource-start") ? "Started" : "Stopped";
                a.targetRole(rsc, role);
                out.append(rsc).append(": target-role=").append(role).append('\n');
            }
            case "resource-manage", "resource-unmanage" -> {
                String rsc = inv.positional().get(0);
                boolean managed = verb.equals("resource-manage");
                a.manage(rsc, managed);
                out.append(rsc).append(": is-managed=").append(managed).append('\n');
            }
            case "resource-param" -> attribute(inv, out, "parameter", a::parameter, a::parameter);
            case "resource-meta" -> attribute(inv, out, "meta attribute", a::meta, a::meta);
            case "node-list" -> out.append(nodeList(a));
            case "node-standby" -> {
                String node = nodeOrLocal(a, inv.arg(0));
                boolean untilReboot = inv.flag("--reboot");
                a.standby(node, true, untilReboot);
                out.append(node).append(untilReboot ? " is in standby until it restarts\n" : " is in standby\n");
            }
            case "node-online" -> {
                String node = nodeOrLocal(a, inv.arg(0));
                online(a, node);
                out.append(node).append(" is online\n");
            }
            case "node-attribute" -> attribute(inv, out, "attribute", a::nodeAttribute, a::nodeAttribute);
            case "maintenance" -> {
                boolean on = onOff(inv.positional().get(0), "maintenance");
                a.maintenance(on);
                out.append(on ? "maintenance mode is on: the cluster neither starts, stops nor monitors resources\n"
                        : "maintenance mode is off\n");
            }
            case "standby" -> {
                String local = a.state().localNode().name();
                a.relinquish(local, wait(inv));
                out.append(local).append(" gives its resources to the other nodes\n");
            }
            case "takeover" -> {
                String local = a.state().localNode().name();
                a.takeover(local, wait(inv));
                out.append(local).append(" takes over all resources\n");
            }
            case "cib-export" -> cibExport(a, inv.arg(0), files, out);
            case "cib-import" -> cibImport(a, inv.positional().get(0), files, out);
            default -> throw new IllegalStateException("no implementation for verb " + verb);
        }
    }

    private ClusterAdmin requireAdmin() throws Failure {
        if (admin == null) {
            throw new Failure(ExitCodes.DISCONNECT, "the cluster controller is not running on this node"
                    + " (bundle io.tandem.controller; is the node configured? see ha:nodes)");
        }
        return admin;
    }

    // resources

    private static String locate(ClusterAdmin a, String resource) throws AdminException {
        List<ClusterAdmin.Placement> placements = a.locate(resource);
        if (placements.isEmpty()) {
            return "resource " + resource + " is NOT running\n";
        }
        StringBuilder sb = new StringBuilder();
        for (ClusterAdmin.Placement p : placements) {
            sb.append("resource ").append(p.resource()).append(" is running on: ").append(p.node());
            if (!p.role().equals("Started")) {
                sb.append(' ').append(p.role());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** One row per configured resource, members indented under their group or clone. */
    static String resourceList(ClusterAdmin a) throws AdminException {
        TextTable table = new TextTable("Resource", "Kind", "Running on", "Target role", "Managed");
        CibElement resources = a.cib().configuration().child("resources").orElse(CibElement.of("resources"));
        for (CibElement r : resources.children()) {
            addResourceRows(a, table, r, "");
        }
        return table.isEmpty() ? "no resources are configured\n" : table.render();
    }

    private static void addResourceRows(ClusterAdmin a, TextTable table, CibElement r, String indent) throws AdminException {
        if (!Set.of("primitive", "group", "clone", "master", "bundle").contains(r.name())) {
            return;
        }
        List<String> where = new ArrayList<>();
        for (ClusterAdmin.Placement p : a.locate(r.id())) {
            where.add(p.role().equals("Started") ? p.node() : p.node() + " (" + p.role() + ")");
        }
        table.row(indent + r.id(), kind(r), String.join(", ", new LinkedHashSet<>(where)),
                meta(r, "target-role").orElse(""), meta(r, "is-managed").orElse(""));
        for (CibElement child : r.children()) {
            addResourceRows(a, table, child, indent + "  ");
        }
    }

    private static String kind(CibElement r) {
        return switch (r.name()) {
            case "primitive" -> r.attr("template") != null && r.attr("type") == null ? "template " + r.attr("template")
                    : r.attr("class", "") + (r.attr("provider") == null ? "" : ":" + r.attr("provider")) + ":" + r.attr("type", "");
            case "clone" -> meta(r, "promotable").map(v -> v.equals("true")).orElse(false) ? "promotable clone" : "clone";
            case "master" -> "promotable clone";
            default -> r.name();
        };
    }

    private static Optional<String> meta(CibElement r, String name) {
        for (CibElement set : r.children("meta_attributes")) {
            for (CibElement nv : set.children("nvpair")) {
                if (name.equals(nv.attr("name"))) {
                    return Optional.ofNullable(nv.attr("value"));
                }
            }
        }
        return Optional.empty();
    }

    @FunctionalInterface
    private interface Getter {
        Optional<String> get(String owner, String name) throws AdminException;
    }

    @FunctionalInterface
    private interface Setter {
        void set(String owner, String name, Optional<String> value) throws AdminException;
    }

    /** {@code OWNER NAME} shows, {@code OWNER NAME VALUE} sets, {@code OWNER NAME --delete} deletes. */
    private static void attribute(Invocation inv, StringBuilder out, String what, Getter getter, Setter setter)
            throws UsageException, AdminException, Failure {
        String owner = inv.positional().get(0);
        String name = inv.positional().get(1);
        Optional<String> value = inv.arg(2);
        boolean delete = inv.flag("--delete");
        if (delete && value.isPresent()) {
            throw new UsageException("give a VALUE or --delete, not both");
        }
        if (delete) {
            setter.set(owner, name, Optional.empty());
            out.append(owner).append(": deleted ").append(what).append(' ').append(name).append('\n');
        } else if (value.isPresent()) {
            if (value.get().isEmpty()) {
                throw new UsageException("the value is empty: use --delete to delete " + name);
            }
            setter.set(owner, name, value);
            out.append(owner).append(": ").append(name).append('=').append(value.get()).append('\n');
        } else {
            String v = getter.get(owner, name)
                    .orElseThrow(() -> new Failure(ExitCodes.NOSUCH, owner + " has no " + what + " " + name));
            out.append(v).append('\n');
        }
    }

    // nodes

    /**
     * {@code crm node online}: standby off in both places it can be on, permanently (nodes section) and until the node
     * restarts (status section), so that the node really takes resources again. The until-restart one is only
     * written when it is on: a node without a status entry (it has not joined yet) cannot have it, and writing
     * {@code off} where nothing was set would only add noise.
     */
    private static void online(ClusterAdmin a, String node) throws AdminException {
        a.standby(node, false, false);
        boolean untilRestart;
        try {
            untilRestart = AttributeEdits.transientNodeAttribute(a.cib(), node, "standby").map(AdminCommands::isTrue)
                    .orElse(false);
        } catch (AdminException e) {
            untilRestart = false; // no status entry: nothing to clear there
        }
        if (untilRestart) {
            a.standby(node, false, true);
        }
    }

    private static String nodeOrLocal(ClusterAdmin a, Optional<String> node) {
        return node.orElseGet(() -> a.state().localNode().name());
    }

    /** The configured nodes and the members of the view: state, standby and which one is DC. */
    static String nodeList(ClusterAdmin a) {
        ControllerState state = a.state();
        Cib cib = a.cib();
        Set<String> names = new LinkedHashSet<>();
        List<CibElement> configured = cib.configuration().child("nodes").map(n -> n.children("node")).orElse(List.of());
        configured.forEach(n -> names.add(n.attr("uname", n.id())));
        state.members().forEach(m -> names.add(m.name()));
        TextTable table = new TextTable("Node", "State", "Standby", "DC");
        for (String name : names) {
            boolean member = state.members().contains(NodeId.of(name));
            table.row(name, member ? "online" : "offline", standby(cib, configured, name),
                    state.dc().map(dc -> dc.name().equals(name) ? "yes" : "").orElse(""));
        }
        return table.isEmpty() ? "no nodes are configured and there is no membership view yet\n" : table.render();
    }

    /** "on" (permanent, nodes section), "on until restart" (status section), or "". */
    private static String standby(Cib cib, List<CibElement> configured, String name) {
        Optional<CibElement> node = configured.stream().filter(n -> name.equals(n.attr("uname", n.id()))).findFirst();
        if (node.flatMap(n -> attr(n.children("instance_attributes"), "standby")).map(AdminCommands::isTrue).orElse(false)) {
            return "on";
        }
        for (CibElement ns : cib.status().children("node_state")) {
            if (name.equals(ns.attr("uname")) && ns.children("transient_attributes").stream()
                    .map(t -> attr(t.children("instance_attributes"), "standby")).flatMap(Optional::stream)
                    .anyMatch(AdminCommands::isTrue)) {
                return "on until restart";
            }
        }
        return "";
    }

    private static Optional<String> attr(List<CibElement> sets, String name) {
        for (CibElement set : sets) {
            for (CibElement nv : set.children("nvpair")) {
                if (name.equals(nv.attr("name"))) {
                    return Optional.ofNullable(nv.attr("value"));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isTrue(String v) {
        return Set.of("on", "true", "yes", "y", "1").contains(v.toLowerCase(Locale.ROOT));
    }

    // values

    static boolean onOff(String text, String what) throws UsageException {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new UsageException(what + " is 'on' or 'off', not '" + text + "'");
        };
    }

    /**
     * When a move or ban ends and the duration {@link ClusterAdmin} takes for it.
     *
     * @param end      the end, as crm_resource computes it (calendar arithmetic in UTC, whole seconds)
     * @param duration from now (whole seconds) to {@code end}
     */
    record Expiry(Instant end, Duration duration) {
    }

    /**
     * {@code --lifetime} as {@code crm_resource -u} takes it (an ISO 8601 duration, {@link Lifetime#parse}). The admin
     * API takes a {@link Duration}, which has no months or years, so a calendar lifetime ({@code P1M}: until the same
     * day next month) becomes the exact duration from now to its end, computed here when the command runs; the
     * controller adds that duration to its own clock, so the end can only move by the time the request takes to
     * reach it.
     */
    static Optional<Expiry> expiry(Invocation inv, Instant now) throws UsageException {
        Optional<String> text = inv.value("--lifetime");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Lifetime lifetime;
        try {
            lifetime = Lifetime.parse(text.get());
        } catch (AdminException e) {
            throw new UsageException("--lifetime: " + e.getMessage());
        }
        Instant start = now.truncatedTo(ChronoUnit.SECONDS);
        Instant end = lifetime.end(now);
        Duration d = Duration.between(start, end);
        if (d.isZero()) {
            throw new UsageException("--lifetime: '" + text.get() + "' is zero: the constraint would expire at once");
        }
        return Optional.of(new Expiry(end, d));
    }

    private static String until(Optional<Expiry> expiry) {
        return expiry.map(e -> " until " + e.end()).orElse("");
    }

    static Duration wait(Invocation inv) throws UsageException {
        Optional<String> text = inv.value("--wait");
        if (text.isEmpty()) {
            return DEFAULT_WAIT;
        }
        try {
            long seconds = Long.parseLong(text.get().trim());
            if (seconds > 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--wait is a number of seconds greater than 0, not '" + text.get() + "'");
    }

    private static String lines(String text) {
        return text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
    }

    // files

    private static String read(FileAccess files, String name) throws Failure {
        try {
            return files.read(name);
        } catch (IOException e) {
            throw new Failure(ExitCodes.NOINPUT, name + ": " + RemoteCommand.describe(e));
        }
    }

    private static void write(FileAccess files, String name, String text) throws Failure {
        try {
            files.write(name, text);
        } catch (IOException e) {
            throw new Failure(ExitCodes.CANTCREAT, name + ": cannot write: " + RemoteCommand.describe(e));
        }
    }

    private static void cibExport(ClusterAdmin a, Optional<String> file, FileAccess files, StringBuilder out) throws Failure {
        Cib cib = a.cib();
        String xml = lines(CibXml.toXml(cib.root()));
        if (file.isEmpty()) {
            out.append(xml);
            return;
        }
        write(files, file.get(), xml);
        out.append("wrote the CIB (version ").append(cib.version()).append(") to ").append(file.get()).append('\n');
    }

    /**
     * Replaces the configuration with a file's: a whole CIB ({@code cibadmin --query} output) or only its
     * {@code <configuration>}. The file is validated first; a bad one is reported with file, line and element and
     * changes nothing.
     */
    private static void cibImport(ClusterAdmin a, String file, FileAccess files, StringBuilder out) throws Failure, AdminException {
        String text = read(files, file);
        Cib cib;
        try {
            CibElement root = CibXml.parse(text, file);
            if (root.name().equals("configuration")) {
                root = a.cib().root().withReplacedChild(root);
            }
            cib = CibValidator.check(root, file);
        } catch (CibParseException e) {
            throw new Failure(ExitCodes.DATAERR, e.getMessage() + "; nothing was changed");
        } catch (IllegalArgumentException e) {
            throw new Failure(ExitCodes.DATAERR, file + ": " + e.getMessage() + "; nothing was changed");
        }
        CibVersion version = a.replaceConfiguration(cib);
        out.append("replaced the configuration with ").append(file).append("'s: the CIB is now at version ")
                .append(version).append('\n');
    }

    // configuration

    /** {@code configure COMMANDS} or {@code configure --file FILE} (read on the caller's side). */
    private void configure(Invocation inv, FileAccess files, StringBuilder out) throws UsageException, AdminException, Failure {
        Optional<String> file = inv.value("--file");
        Optional<String> text = inv.arg(0);
        if (file.isPresent() == text.isPresent()) {
            throw new UsageException(file.isPresent() ? "give COMMANDS or --file FILE, not both" : "give COMMANDS or --file FILE");
        }
        String commands = file.isPresent() ? read(files, file.get()) : text.get();
        ConfigurationVerbs.configure(requireAdmin(), commands, file, out);
    }

    /** {@code import-haresources FILE [--auto-failback on|off]} (the file is read on the caller's side). */
    private void importHaresources(Invocation inv, FileAccess files, StringBuilder out)
            throws UsageException, AdminException, Failure {
        String file = inv.positional().get(0);
        Optional<String> option = inv.value("--auto-failback");
        String autoFailback = null;
        if (option.isPresent()) {
            autoFailback = onOff(option.get(), "--auto-failback") ? "on" : "off";
        }
        String text = read(files, file);
        ConfigurationVerbs.importHaresources(requireAdmin(), file, text, autoFailback, out);
    }

    /** A verb that failed for a reason other than the admin API's: exit code and message. */
    public static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        private final int exit;

        public Failure(int exit, String message) {
            super(message);
            this.exit = exit;
        }

        public int exit() {
            return exit;
        }
    }
}
