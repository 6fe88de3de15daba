package io.tandem.shell.internal.admin;

import io.tandem.cib.Cib;
import io.tandem.controller.ClusterAdmin;
import io.tandem.controller.ControllerState;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * The admin verbs as Karaf commands ({@code ha:resource-move ...}). Each action only turns its fields back into a
 * command line for {@link AdminCommands}, which {@code bin/tandem} reaches through the socket too, so the console
 * and the shell print the same and exit the same.
 */
public final class AdminActions {
    private AdminActions() {
    }

    /** What every admin command does: run the command line, print, and fail (non-zero for scripts) on an error. */
    abstract static class AdminAction implements Action {
        @Reference(optional = true)
        ClusterAdmin admin;

        @Override
        public final Object execute() throws CommandFailedException {
            Result r = new AdminCommands(admin, Clock.systemUTC()).run(argv(), FileAccess.local());
            print(r, System.out);
            return null;
        }

        /** Prints the output; an error becomes the exception Karaf reports (its text is the error lines). */
        static void print(Result r, PrintStream out) throws CommandFailedException {
            out.print(r.out());
            out.flush();
            if (!r.isOk()) {
                throw new CommandFailedException(r);
            }
        }

        /** The command line this invocation stands for, verb first. */
        abstract List<String> argv();
    }

    /** Makes a command fail with its error text (without the leading "error: ") and keeps the exit code for scripts. */
    public static final class CommandFailedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int exit;

        CommandFailedException(Result r) {
            super(r.err().startsWith("error: ") ? r.err().substring("error: ".length()).stripTrailing() : r.err().stripTrailing());
            this.exit = r.exit();
        }

        public int exit() {
            return exit;
        }
    }

    /** Builds the command line from an action's fields; options first, then "--" and the arguments. */
    static final class CommandLineBuilder {
        private final List<String> options = new ArrayList<>();
        private final List<String> arguments = new ArrayList<>();

        CommandLineBuilder(String verb) {
            options.add(verb);
        }

        void flag(String name, boolean set) {
            if (set) {
                options.add(name);
            }
        }

        void option(String name, String value) {
            if (value != null) {
                options.add(name);
                options.add(value);
            }
        }

        void argument(String value) {
            if (value != null) {
                arguments.add(value);
            }
        }

        void arguments(List<String> values) {
            if (values != null) {
                arguments.addAll(values);
            }
        }

        List<String> build() {
            List<String> all = new ArrayList<>(options);
            all.add("--");
            all.addAll(arguments);
            return all;
        }
    }

    /** Completes resource ids from this node's CIB. */
    @Service
    public static final class ResourceIds implements Completer {
        @Reference(optional = true)
        ClusterAdmin admin;

        @Override
        public int complete(Session session, CommandLine commandLine, List<String> candidates) {
            StringsCompleter strings = new StringsCompleter();
            if (admin != null) {
                strings.getStrings().addAll(resourceIds(admin.cib()));
            }
            return strings.complete(session, commandLine, candidates);
        }
    }

    static List<String> resourceIds(Cib cib) {
        List<String> ids = new ArrayList<>();
        cib.configuration().child("resources").ifPresent(r -> r.walk(e -> {
            if (Set.of("primitive", "group", "clone", "master", "bundle").contains(e.name()) && e.id() != null) {
                ids.add(e.id());
            }
        }));
        return ids;
    }

    /** Completes node names: the CIB's nodes and the members of the view. */
    @Service
    public static final class NodeNames implements Completer {
        @Reference(optional = true)
        ClusterAdmin admin;

        @Override
        public int complete(Session session, CommandLine commandLine, List<String> candidates) {
            StringsCompleter strings = new StringsCompleter();
            if (admin != null) {
                strings.getStrings().addAll(nodeNames(admin.cib(), admin.state()));
            }
            return strings.complete(session, commandLine, candidates);
        }
    }

    static Set<String> nodeNames(Cib cib, ControllerState state) {
        Set<String> names = new LinkedHashSet<>();
        cib.configuration().child("nodes").ifPresent(n -> n.children("node").forEach(e -> names.add(e.attr("uname", e.id()))));
        state.members().forEach(m -> names.add(m.name()));
        return names;
    }

    /** Completes on and off. */
    @Service
    public static final class OnOff implements Completer {
        @Override
        public int complete(Session session, CommandLine commandLine, List<String> candidates) {
            return new StringsCompleter(new String[] {"on", "off"}).complete(session, commandLine, candidates);
        }
    }

    @Command(scope = "ha", name = "status", description = AdminSpecs.STATUS)
    @Service
    public static final class Status extends AdminAction {
        @Option(name = "--inactive", aliases = {"-r"}, description = "also list resources that are not running (crm_mon -r)")
        boolean inactive;

        @Option(name = "--failcounts", aliases = {"-f"}, description = "add the fail counts per node (crm_mon -f)")
        boolean failCounts;

        @Override
        List<String> argv() {
            CommandLineBuilder c = new CommandLineBuilder("status");
            c.flag("--inactive", inactive);
            c.flag("--failcounts", failCounts);
            return c.build();
        }
    }

    @Command(scope = "ha", name = "resource-list", description = AdminSpecs.RESOURCE_LIST)
    @Service
    public static final class ResourceList extends AdminAction {
        @Override
        List<String> argv() {
            CommandLineBuilder c = new CommandLineBuilder("resource-list");
            return c.build();
        }
    }

    @Command(scope = "ha", name = "resource-locate", description = AdminSpecs.RESOURCE_LOCATE)
    @Service
    public static final class ResourceLocate extends AdminAction {
        @Argument(index = 0, name = "RESOURCE", description = "the resource id", required = true)
        @Completion(ResourceIds.class)
        String resource;

        @Override
        List<String> argv() {
            CommandLineBuilder c = new CommandLineBuilder("resource-locate");
            c.argument(resource);
            return c.build();
        }
    }

    @Command(scope = "ha", name = "resource-move", description = AdminSpecs.RESOURCE_MOVE)
    @Service
    public static final class ResourceMove extends AdminAction {
        @Argument(index = 0, name = "RESOURCE", description = "the resource id", required = true)
        @Completion(ResourceIds.class)
        String resource;

        @Argument(index = 1, name = "NODE", description = "the node to move to (default: away from the current node)", required = false)
        @Completion(NodeNames.class)
        String node;

        @Option(name = "--lifetime", aliases = {"-u"}, description = "the constraint expires after this ISO 8601 duration (as crm_resource -u): PT10M, PT2H, P1D, P1W, P1M")
        String lifetime;

        @Override
        List<String> argv() {
            CommandLineBuilder c = new CommandLineBuilder("resource-move");
            c.option("--lifetime", lifetime);
            c.argument(resource);
            c.argument(node);
            return c.build();
        }
    }

    @Command(scope = "ha", name = "resource-ban", description = AdminSpecs.RESOURCE_BAN)
    @Service
    public static final class ResourceBan extends AdminAction {
        @Argument(index = 0, name = "RESOURCE", description = "the resource id", required = true)
        @Completion(ResourceIds.class)
        String resource;

        @Argument(index = 1, name = "NODE", description = "the node to keep it off (default: its current node)", required = false)
        @Completion(NodeNames.class)
        String node;

        @Option(name = "--lifetime", aliases = {"-u"}, description = "the constraint expires after this ISO 8601 duration (as crm_resource -u): PT10M, PT2H, P1D, P1W, P1M")
        String lifetime;

        @Override
        List<String> argv() {
            CommandLineBuilder c = new CommandLineBuilder("resource-ban");
            c.option("--lifetime", lifetime);
            c.argument(resource);
            c.argument(node);
            return c.build();
        }
    }

    @Command(scope = "ha", name = "resource-clear", description = AdminSpecs.RESOURCE_CLEAR)
    @Service
    public static final class ResourceClear extends AdminAction {
        @Argument(index = 0, name = "RESOURCE", description = "the resource id", required = true)
        @Completion(ResourceIds.class)
        String resource;

        @Argument(index = 1, name = "NODE", description = "only the constraints for this node", required = false)
        @Completion(NodeNames.class)
        String node;

        @Override
        List<String> argv() {
            CommandLineBuilder c = new CommandLineBuilder("resource-clear");
            c.argument(resource);
            c.argument(node);
            return c.build();
        }
    }

    @Command(scope = "ha", name = "resource-cleanup", description = AdminSpecs.RESOURCE_CLEANUP)
    @Service
    public static final class ResourceCleanup extends AdminAction {
        @Argument(index = 0, name = "RESOURCE", description = "the resource id (default: all resources)", required = false)
        @Completion(ResourceIds.class)
        String resource;

        @Option(name = "--node", aliases = {"-N"}, description = "only on this node (default: all nodes)")
        @Completion(NodeNames.class)
        String node;

        @Override
        List<String> argv() {
            CommandLineBuilder c = new CommandLineBuilder("resource-cleanup");
            c.option("--node", node);
            c.argument(resource);
            return c.build();
        }
    }

    @Command(scope = "ha", name = "resource-fail", description = AdminSpecs.RESOURCE_FAIL)
    @Service
    public static final class ResourceFail extends AdminAction {
        @Argument(index = 0, name = "RESOURCE", description = "the resource id", required = true)
        @Completion(ResourceIds.class)
        String resource;

        @Option(name = "--node", aliases = {"-N"}, description = "the node the failure happened on (required)")
        @Completion(NodeNames.class)
        String node;

        @Override
        List<String> argv() {
            CommandLineBuilder c = new CommandLineBuilder("resource-fail");
            c.option("--node", node);
            c.argument(resource);
            return c.build();
        }
    }

    @Command(scope = "ha", name = "resource-start", description = AdminSpecs.RESOURCE_START)
    @Service
    public static final class ResourceStart extends AdminAction {
        @Argument(index = 0, name = "RESOURCE", description = "the resource id", required = true)
        @Completion(ResourceIds.class)
        String resource;

        @Override
        List<String> argv() {
            CommandLineBuilder c = new CommandLineBuilder("resource-start");
            c.argument(resource);
            return c.build();
        }
    }

    @Command(scope = "ha", name = "resource-stop", description = AdminSpecs.RESOURCE_STOP)
    @Service
    public static final class ResourceStop extends AdminAction {
        @Argument(index = 0, name = "RESOURCE", description = "the resource id", required = true)
        @Completion(ResourceIds.class)
        String resource;

        @Override
        List<String> argv() {
            CommandLineBuilder c = new CommandLineBuilder("resource-stop");
            c.argument(resource);
            return c.build();
        }
    }

    @Command(scope = "ha", name = "resource-manage", description = AdminSpecs.RESOURCE_MANAGE)
    @Service
    public static final class ResourceManage extends AdminAction {
        @Argument(index = 0, name = "RESOURCE", description = "the resource id", required = true)
        @Completion(ResourceIds.class)
        String resource;

        @Override
        List<String> argv() {
            CommandLineBuilder c = new CommandLineBuilder("resource-manage");
            c.argument(resource);
            return c.build();
        }
    }

    @Command(scope = "ha", name = "resource-unmanage", description = AdminSpecs.RESOURCE_UNMANAGE)
    @Service
    public static final class ResourceUnmanage extends AdminAction {
        @Argument(index = 0, name = "RESOURCE", description = "the resource id", required = true)
        @Completion(ResourceIds.class)
        String resource;

        @Override
        List<String> argv() {
            CommandLineBuilder c = new CommandLineBuilder("resource-unmanage");
            c.argument(resource);
            return c.build();
        }
    }

    @Command(scope = "ha", name = "resource-param", description = AdminSpecs.RESOURCE_PARAM)
    @Service
    public static final class ResourceParam extends AdminAction {
        @Argument(index = 0, name = "RESOURCE", description = "the resource id", required = true)
        @Completion(ResourceIds.class)
        String resource;

        @Argument(index = 1, name = "NAME", description = "the parameter", required = true)
        String name;

        @Argument(index = 2, name = "VALUE", description = "the new value (without it: show the value)", required = false)
        String value;

        @Option(name = "--delete", aliases = {"-d"}, description = "delete the value")
        boolean delete;

        @Override
        List<String> argv() {
            CommandLineBuilder c = new CommandLineBuilder("resource-param");
            c.flag("--delete", delete);
            c.argument(resource);
            c.argument(name);
            c.argument(value);
            return c.build();
        }
    }

    @Command(scope = "ha", name = "resource-meta", description = AdminSpecs.RESOURCE_META)
    @Service
    public static final class ResourceMeta extends AdminAction {
        @Argument(index = 0, name = "RESOURCE", description = "the resource id", required = true)
        @Completion(ResourceIds.class)
        String resource;

        @Argument(index = 1, name = "NAME", description = "the meta attribute (target-role, is-managed, resource-stickiness, ...)", required = true)
        String name;

        @Argument(index = 2, name = "VALUE", description = "the new value (without it: show the value)", required = false)
        String value;

        @Option(name = "--delete", aliases = {"-d"}, description = "delete the value")
        boolean delete;

        @Override
        List<String> argv() {
            CommandLineBuilder c = new CommandLineBuilder("resource-meta");
            c.flag("--delete", delete);
            c.argument(resource);
            c.argument(name);
            c.argument(value);
            return c.build();
        }
    }

    @Command(scope = "ha", name = "node-list", description = AdminSpecs.NODE_LIST)
    @Service
    public static final class NodeList extends AdminAction {
        @Override
        List<String> argv() {
            CommandLineBuilder c = new CommandLineBuilder("node-list");
            return c.build();
        }
    }

    @Command(scope = "ha", name = "node-standby", description = AdminSpecs.NODE_STANDBY)
    @Service
    public static final class NodeStandby extends AdminAction {
        @Argument(index = 0, name = "NODE", description = "the node (default: this one)", required = false)
        @Completion(NodeNames.class)
        String node;

        @Option(name = "--reboot", description = "only until the node restarts")
        boolean reboot;

        @Override
        List<String> argv() {
            CommandLineBuilder c = new CommandLineBuilder("node-standby");
            c.flag("--reboot", reboot);
            c.argument(node);
            return c.build();
        }
    }

    @Command(scope = "ha", name = "node-online", description = AdminSpecs.NODE_ONLINE)
    @Service
    public static final class NodeOnline extends AdminAction {
        @Argument(index = 0, name = "NODE", description = "the node (default: this one)", required = false)
        @Completion(NodeNames.class)
        String node;

        @Override
        List<String> argv() {
            CommandLineBuilder c = new CommandLineBuilder("node-online");
            c.argument(node);
            return c.build();
        }
    }

    @Command(scope = "ha", name = "node-attribute", description = AdminSpecs.NODE_ATTRIBUTE)
    @Service
    public static final class NodeAttribute extends AdminAction {
        @Argument(index = 0, name = "NODE", description = "the node", required = true)
        @Completion(NodeNames.class)
        String node;

        @Argument(index = 1, name = "NAME", description = "the attribute", required = true)
        String name;

        @Argument(index = 2, name = "VALUE", description = "the new value (without it: show the value)", required = false)
        String value;

        @Option(name = "--delete", aliases = {"-d"}, description = "delete the value")
        boolean delete;

        @Override
        List<String> argv() {
            CommandLineBuilder c = new CommandLineBuilder("node-attribute");
            c.flag("--delete", delete);
            c.argument(node);
            c.argument(name);
            c.argument(value);
            return c.build();
        }
    }

    @Command(scope = "ha", name = "maintenance", description = AdminSpecs.MAINTENANCE)
    @Service
    public static final class Maintenance extends AdminAction {
        @Argument(index = 0, name = "on|off", description = "on or off", required = true)
        @Completion(OnOff.class)
        String mode;

        @Override
        List<String> argv() {
            CommandLineBuilder c = new CommandLineBuilder("maintenance");
            c.argument(mode);
            return c.build();
        }
    }

    @Command(scope = "ha", name = "standby", description = AdminSpecs.STANDBY)
    @Service
    public static final class Standby extends AdminAction {
        @Option(name = "--wait", aliases = {"-w"}, description = "how long the one-shot move may take (default 30)")
        String waitSeconds;

        @Override
        List<String> argv() {
            CommandLineBuilder c = new CommandLineBuilder("standby");
            c.option("--wait", waitSeconds);
            return c.build();
        }
    }

    @Command(scope = "ha", name = "takeover", description = AdminSpecs.TAKEOVER)
    @Service
    public static final class Takeover extends AdminAction {
        @Option(name = "--wait", aliases = {"-w"}, description = "how long the one-shot move may take (default 30)")
        String waitSeconds;

        @Override
        List<String> argv() {
            CommandLineBuilder c = new CommandLineBuilder("takeover");
            c.option("--wait", waitSeconds);
            return c.build();
        }
    }

    @Command(scope = "ha", name = "configure", description = AdminSpecs.CONFIGURE)
    @Service
    public static final class Configure extends AdminAction {
        @Argument(index = 0, name = "COMMANDS", description = "crm shell configure commands (several: one per line), or show [xml] [ID...]",
                required = false, multiValued = true)
        List<String> commands;

        @Option(name = "--file", aliases = {"-f"}, description = "read the commands from this file ('-': standard input of bin/tandem)")
        @Completion(FileCompleter.class)
        String file;

        @Override
        List<String> argv() {
            CommandLineBuilder c = new CommandLineBuilder("configure");
            c.option("--file", file);
            c.arguments(commands);
            return c.build();
        }
    }

    @Command(scope = "ha", name = "cib-export", description = AdminSpecs.CIB_EXPORT)
    @Service
    public static final class CibExport extends AdminAction {
        @Argument(index = 0, name = "FILE", description = "write to this file (default: print)", required = false)
        @Completion(FileCompleter.class)
        String file;

        @Override
        List<String> argv() {
            CommandLineBuilder c = new CommandLineBuilder("cib-export");
            c.argument(file);
            return c.build();
        }
    }

    @Command(scope = "ha", name = "cib-import", description = AdminSpecs.CIB_IMPORT)
    @Service
    public static final class CibImport extends AdminAction {
        @Argument(index = 0, name = "FILE", description = "a CIB XML file (a whole CIB or its <configuration>)", required = true)
        @Completion(FileCompleter.class)
        String file;

        @Override
        List<String> argv() {
            CommandLineBuilder c = new CommandLineBuilder("cib-import");
            c.argument(file);
            return c.build();
        }
    }

    @Command(scope = "ha", name = "import-haresources", description = AdminSpecs.IMPORT_HARESOURCES)
    @Service
    public static final class ImportHaresources extends AdminAction {
        @Argument(index = 0, name = "FILE", description = "the haresources file, such as /etc/ha.d/haresources", required = true)
        @Completion(FileCompleter.class)
        String file;

        @Option(name = "--auto-failback", description = "heartbeat's auto_failback: on lets resources return to their node (resource-stickiness 0), off keeps them where they run (INFINITY); default: heartbeat's legacy (0)")
        @Completion(OnOff.class)
        String autoFailback;

        @Override
        List<String> argv() {
            CommandLineBuilder c = new CommandLineBuilder("import-haresources");
            c.option("--auto-failback", autoFailback);
            c.argument(file);
            return c.build();
        }
    }
}
