package io.tandem.shell.internal;

import io.tandem.replication.DrbdConf;
import io.tandem.replication.DrbdConfImport;
import io.tandem.replication.DrbdStatusFormat;
import io.tandem.replication.ReplicationService;
import io.tandem.replication.VolumeConfig;
import io.tandem.replication.VolumeStatus;
import io.tandem.replication.device.BlockDevice;
import io.tandem.replication.device.DetachReport;
import io.tandem.replication.device.DeviceException;
import io.tandem.replication.device.DeviceManager;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
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
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * The {@code ha:replication-*} commands ({@code drbdadm}'s verbs on this node's volumes), {@code ha:replication-status}
 * (/proc/drbd's layout or JSON) and {@code ha:import-drbdconf}. Thin: the {@link ReplicationService} does the work.
 *
 * <p>Block devices ({@code /dev/tandem/<volume>}) come from the replication-device bundle, which may not be installed:
 * the commands find its {@code DeviceManager} by name through the bundle context, and only {@link Devices} names its
 * types, so that every command class loads without it (the package is imported optionally).
 */
public final class ReplicationCommands {
    static final String COMPONENT = "io.tandem.replication.internal.ReplicationServiceImpl";

    private ReplicationCommands() {
    }

    /** What every replication command shares: the optional service and why it may be missing. */
    abstract static class Base implements Action {
        @Reference(optional = true)
        ReplicationService replication;

        @Reference(optional = true)
        ServiceComponentRuntime scr;

        @Reference(optional = true)
        BundleContext bundleContext;

        /** The device layer found for this command (tests set it; else looked up through the bundle context). */
        Devices devices;

        @Override
        public final Object execute() throws Exception {
            if (replication == null) {
                System.out.print(unavailable(scr));
                return null;
            }
            try {
                if (devices == null && bundleContext != null) {
                    ServiceReference<?> ref = bundleContext.getServiceReference(DEVICE_MANAGER);
                    try {
                        devices = ref == null ? null : Devices.of(bundleContext, ref);
                    } catch (LinkageError | ClassCastException e) {
                        System.err.println("the replication-device bundle is not wired to the shell (" + e
                                + "): refresh bundle io.tandem.shell");
                    }
                }
                run(System.out);
            } finally {
                if (devices != null) {
                    devices.release();
                }
            }
            return null;
        }

        abstract void run(PrintStream out) throws Exception;
    }

    static String unavailable(ServiceComponentRuntime scr) {
        return Unavailable.failure(scr, COMPONENT)
                .map(why -> "replication did not start: " + why + "\nfix etc/io.tandem.replication.config (or run"
                        + " ha:import-drbdconf): a configuration change restarts it\n")
                .orElse("replication is not running (feature tandem-replication; bundle io.tandem.replication.impl)\n");
    }

    /** A verb on one resource; prints the resource's /proc/drbd lines afterwards, so the new state shows. */
    abstract static class Verb extends Base {
        @Argument(index = 0, name = "resource", description = "the resource, as drbd.conf names it", required = true)
        @Completion(ResourceCompleter.class)
        String resource;

        @Override
        final void run(PrintStream out) throws Exception {
            apply(replication, out);
            out.print(state(replication, resource));
        }

        abstract void apply(ReplicationService r, PrintStream out) throws Exception;
    }

    static final String DEVICE_MANAGER = "io.tandem.replication.device.DeviceManager";
    static final String NO_DEVICES = "block devices are not available: feature tandem-replication-device"
            + " (bundle io.tandem.replication.device) is not running";

    /**
     * The device layer, if it is running. The only class here that names the device bundle's types: loaded only when
     * its service was found, so the other commands work without that bundle.
     */
    static final class Devices {
        private final DeviceManager manager;
        private final Runnable release;

        Devices(DeviceManager manager, Runnable release) {
            this.manager = manager;
            this.release = release;
        }

        /** The service behind {@code ref}, or null if it went away meanwhile. */
        static Devices of(BundleContext context, ServiceReference<?> ref) {
            Object service = context.getService(ref);
            if (service == null) {
                return null;
            }
            try {
                return new Devices((DeviceManager) service, () -> context.ungetService(ref));
            } catch (RuntimeException | LinkageError e) {
                context.ungetService(ref);
                throw e;
            }
        }

        void release() {
            release.run();
        }

        String attach(String resource) throws DeviceException {
            return describe(manager.attach(resource));
        }

        /** Detaches if attached; empty if there was nothing to detach. */
        Optional<String> detachIfAttached(String resource) throws DeviceException {
            return manager.device(resource).isPresent() ? Optional.of(report(manager.detach(resource)))
                    : Optional.empty();
        }

        String detach(String resource) throws DeviceException {
            return report(manager.detach(resource));
        }

        /** One line per attached device: "device: /dev/tandem/r0 -> /dev/loop3, mounted on /srv". */
        String lines() {
            return manager.status().stream().map(d -> d.volume() + ": device " + describe(d) + "\n")
                    .collect(Collectors.joining());
        }

        static String describe(BlockDevice d) {
            return d.link() + " -> " + d.loopDevice() + (d.mounted() ? ", mounted on " + d.mountPoints().stream()
                    .map(Path::toString).collect(Collectors.joining(", ")) : ", not mounted")
                    + d.nbdSocket().map(s -> ", NBD export unix:" + s + " (" + d.nbdClients() + " client"
                            + (d.nbdClients() == 1 ? "" : "s") + ")").orElse("");
        }

        static String report(DetachReport r) {
            StringBuilder sb = new StringBuilder(r.volume()).append(": detached (").append(String.join("; ", r.steps()))
                    .append(")\n");
            r.problems().forEach(p -> sb.append(r.volume()).append(": problem: ").append(p).append('\n'));
            if (!r.volumeReleased()) {
                sb.append(r.volume()).append(": still held open (finished lazily): it refuses Secondary until the"
                        + " kernel lets go\n");
            }
            return sb.toString();
        }
    }

    /** Refused because the device layer is missing. */
    static final class NoDevicesException extends Exception {
        private static final long serialVersionUID = 1L;

        NoDevicesException() {
            super(NO_DEVICES);
        }
    }

    static String state(ReplicationService r, String resource) {
        return r.volume(resource).map(v -> DrbdStatusFormat.device(v.status()))
                .orElse(r.resource(resource).map(c -> String.format("%2d: cs:Unconfigured%n", c.minor())).orElse(""));
    }

    @Command(scope = "ha", name = "replication-create-md", description = "Writes fresh metadata for a resource "
            + "(drbdadm create-md).", detailedDescription = """
            Initialises the metadata of RESOURCE on its disk (meta-disk internal: the end of the disk, which then \
            holds less data) or on its meta-disk: generation ids 'just created', every block out of sync, disk \
            Inconsistent. Refused while the resource is up. drbd.conf is read again first. The first sync starts \
            when both nodes are up and one of them is made Primary with ha:replication-primary --force.""")
    @Service
    public static final class CreateMd extends Verb {
        @Override
        void apply(ReplicationService r, PrintStream out) throws Exception {
            r.createMetadata(resource);
        }
    }

    @Command(scope = "ha", name = "replication-up", description = "Attaches a resource's disk and connects to the peer "
            + "(drbdadm up).", detailedDescription = """
            Reads drbd.conf again, attaches the disk (reads the metadata written by ha:replication-create-md) and \
            starts connecting to the peer; the volume comes up Secondary. A resource that is up comes up again by \
            itself when the replication bundle or the appliance restarts, until ha:replication-down.""")
    @Service
    public static final class Up extends Verb {
        @Override
        void apply(ReplicationService r, PrintStream out) throws Exception {
            r.up(resource);
        }
    }

    @Command(scope = "ha", name = "replication-down", description = "Disconnects a resource and releases its disk "
            + "(drbdadm down).", detailedDescription = """
            Demotes a Primary, disconnects, writes the metadata and closes the disk. Refused while the volume is in \
            use (mounted, exported), as DRBD refuses it.""")
    @Service
    public static final class Down extends Verb {
        @Override
        void apply(ReplicationService r, PrintStream out) throws Exception {
            r.down(resource);
        }
    }

    @Command(scope = "ha", name = "replication-primary", description = "Makes this node Primary for a resource "
            + "(drbdadm primary).", detailedDescription = """
            Needs UpToDate data (here, or a connected peer's) and no other Primary unless allow-two-primaries. \
            --force also promotes an Inconsistent or Outdated disk: its data then overwrites the peer's. Use it \
            once, for the first sync after create-md, or to recover when you know this node has the data to keep.

            Then, as the ReplicatedVolume agent's promote does, the volume is attached as /dev/tandem/RESOURCE (with \
            the replication-device feature); if that fails the promotion is undone. --no-device promotes only.""")
    @Service
    public static final class Primary extends Verb {
        @Option(name = "--force", description = "promote even without UpToDate data (first sync: this node's data wins)")
        boolean force;

        @Option(name = "--no-device", description = "do not attach /dev/tandem/RESOURCE")
        boolean noDevice;

        @Override
        void apply(ReplicationService r, PrintStream out) throws Exception {
            r.primary(resource, force);
            if (noDevice) {
                return;
            }
            if (devices == null) {
                out.println(resource + ": Primary without a block device: " + NO_DEVICES);
                return;
            }
            try {
                out.println(resource + ": device " + devices.attach(resource));
            } catch (DeviceException e) {
                try {
                    r.secondary(resource);
                } catch (RuntimeException undo) {
                    throw new DeviceException(e.getMessage() + " (and the promotion could not be undone: "
                            + undo.getMessage() + ")", e);
                }
                throw new DeviceException(e.getMessage() + " (promotion undone; --no-device promotes without it)",
                        e);
            }
        }
    }

    @Command(scope = "ha", name = "replication-secondary", description = "Makes this node Secondary for a resource "
            + "(drbdadm secondary).", detailedDescription = """
            Detaches /dev/tandem/RESOURCE first, as the ReplicatedVolume agent's demote does (--no-device: leave it; \
            an attached device holds the volume open, so the command is then refused). Refused while the device is \
            mounted or the volume is otherwise in use, as DRBD refuses it.""")
    @Service
    public static final class Secondary extends Verb {
        @Option(name = "--no-device", description = "do not detach /dev/tandem/RESOURCE")
        boolean noDevice;

        @Override
        void apply(ReplicationService r, PrintStream out) throws Exception {
            if (!noDevice && devices != null) {
                devices.detachIfAttached(resource).ifPresent(out::print);
            }
            r.secondary(resource);
        }
    }

    @Command(scope = "ha", name = "replication-attach", description = "Attaches a Primary resource as the block device"
            + " /dev/tandem/RESOURCE.", detailedDescription = """
            Serves the volume through a FUSE file on a loop device, linked as /dev/tandem/RESOURCE, which can be \
            formatted and mounted, and (unless nbdDirectory is empty) as an NBD export on \
            /run/tandem/nbd/RESOURCE.sock for nbd-client -unix or qemu. Only a Primary can be attached; while attached the volume refuses Secondary and \
            down. Attaching an attached resource shows its device. ha:replication-primary does this by itself.""")
    @Service
    public static final class Attach extends Verb {
        @Override
        void apply(ReplicationService r, PrintStream out) throws Exception {
            if (devices == null) {
                throw new NoDevicesException();
            }
            out.println(resource + ": device " + devices.attach(resource));
        }
    }

    @Command(scope = "ha", name = "replication-detach", description = "Removes /dev/tandem/RESOURCE and releases the "
            + "volume.", detailedDescription = """
            Refused while the device is mounted (unmount it first), held by another block device or in use by an \
            NBD client. Prints the steps taken; a step that could only be finished lazily is reported, and the \
            volume then stays held open until the kernel lets go. ha:replication-secondary does this by itself.""")
    @Service
    public static final class Detach extends Verb {
        @Override
        void apply(ReplicationService r, PrintStream out) throws Exception {
            if (devices == null) {
                throw new NoDevicesException();
            }
            out.print(devices.detach(resource));
        }
    }

    @Command(scope = "ha", name = "replication-connect", description = "Connects a StandAlone resource to its peer "
            + "(drbdadm connect).", detailedDescription = """
            --discard-my-data makes this node the loser of a split brain: its changes since the split are thrown \
            away and it becomes SyncTarget. Run it on the node whose data you do not want, then connect the other \
            node too if it is StandAlone.""")
    @Service
    public static final class Connect extends Verb {
        @Option(name = "--discard-my-data", description = "this node loses the split brain (split-brain recovery)")
        boolean discardMyData;

        @Override
        void apply(ReplicationService r, PrintStream out) throws Exception {
            r.connect(resource, discardMyData);
        }
    }

    @Command(scope = "ha", name = "replication-disconnect", description = "Drops a resource's connection and stays "
            + "StandAlone (drbdadm disconnect).")
    @Service
    public static final class Disconnect extends Verb {
        @Override
        void apply(ReplicationService r, PrintStream out) throws Exception {
            r.disconnect(resource);
        }
    }

    @Command(scope = "ha", name = "replication-verify", description = "Starts an online verify against the peer "
            + "(drbdadm verify).", detailedDescription = """
            Compares a checksum of every block with the peer's while the volume stays in use; progress shows in \
            ha:replication-status. Blocks that differ are marked out of sync (oos:); a disconnect and connect then \
            resyncs them.""")
    @Service
    public static final class Verify extends Verb {
        @Override
        void apply(ReplicationService r, PrintStream out) throws Exception {
            r.verify(resource);
        }
    }

    @Command(scope = "ha", name = "replication-status", description = "Shows the volumes in /proc/drbd's layout or as "
            + "JSON.", detailedDescription = """
            The volumes that are up, as DRBD 8.3's /proc/drbd shows them: cs (connection), ro (roles here/peer), \
            ds (disks here/peer), protocol, the counters ns nr dw dr al bm lo pe ua ap ep wo oos (KiB), and during \
            a resync or verify the progress bar with speed and estimated finish, then one line per attached block \
            device (RESOURCE: device /dev/tandem/RESOURCE -> /dev/loopN, mounted on DIR). --json gives the volume \
            model as JSON. Problems of a drbd.conf that was refused are printed on the error stream.""")
    @Service
    public static final class Status extends Base {
        @Option(name = "--json", description = "print JSON instead of /proc/drbd's layout")
        boolean json;

        @Override
        void run(PrintStream out) {
            List<VolumeStatus> volumes = replication.status();
            out.print(json ? DrbdStatusFormat.json(volumes) + "\n" : DrbdStatusFormat.procDrbd(volumes));
            if (!json && devices != null) {
                out.print(devices.lines());
            }
            List<DrbdConf.Problem> problems = replication.configProblems();
            if (!problems.isEmpty()) {
                System.err.println(replication.drbdConf().map(Path::toString).orElse("drbd.conf")
                        + " was refused; the previous configuration is in use:");
                problems.forEach(System.err::println);
            }
        }
    }

    @Command(scope = "ha", name = "import-drbdconf", description = "Checks a drbd.conf and makes it this node's "
            + "replication configuration.", detailedDescription = """
            Reads FILE as DRBD 8.0 to 8.4 write it (global, common, resource; startup wfc-timeout / degr-wfc-timeout, \
            disk on-io-error, syncer rate / al-extents, net, handlers, 'on HOST { device disk address meta-disk }', \
            include) and prints every problem as FILE:LINE: ERROR|WARNING: message, then the volumes this node \
            runs from it. Unknown keywords and bad values are errors: then nothing is changed and the command \
            fails, so a bad file never touches the running volumes. Obsolete DRBD 0.7 options are warnings.

            Without errors (and without --dry-run) FILE becomes drbdConf in etc/io.tandem.replication.config and is \
            read at once. Volumes that are up keep running; a changed resource takes effect at its next down/up.""")
    @Service
    public static final class ImportDrbdConf extends Base {
        @Argument(index = 0, name = "file", description = "the drbd.conf to import, such as /etc/drbd.conf",
                required = true)
        @Completion(FileCompleter.class)
        String file;

        @Option(name = "--dry-run", description = "report only, change nothing")
        boolean dryRun;

        @Override
        void run(PrintStream out) throws Exception {
            DrbdConfImport r = replication.importDrbdConf(Path.of(file), dryRun);
            out.print(importReport(r));
            out.flush();
            if (r.hasErrors()) {
                throw new ImportHaCfCommand.ImportFailedException(r.file() + " was not imported: " + r.errors().size()
                        + " error(s); nothing was changed");
            }
        }
    }

    static String importReport(DrbdConfImport r) {
        StringBuilder sb = new StringBuilder();
        r.errors().forEach(p -> sb.append(finding(p, "ERROR")));
        r.warnings().forEach(p -> sb.append(finding(p, "WARNING")));
        if (!r.volumes().isEmpty()) {
            TextTable t = new TextTable("RESOURCE", "DEVICE", "DISK", "META-DISK", "ADDRESS", "PEER", "PROTOCOL",
                    "RESYNC-RATE");
            for (VolumeConfig v : r.volumes()) {
                t.row(v.name(), v.devicePath(), v.backing(), v.metaDisk(), address(v.localAddress()),
                        v.peerHost() + " " + address(v.peerAddress()), v.protocol(),
                        (v.resyncRateBytesPerSecond() / 1024) + "K/s");
            }
            sb.append("volumes of node ").append(r.node()).append(":\n").append(t.render());
        }
        if (r.applied()) {
            sb.append("imported: drbdConf=").append(r.file()).append(" in etc/io.tandem.replication.config\n");
        } else if (!r.hasErrors()) {
            sb.append("dry run: nothing was changed\n");
        }
        return sb.toString();
    }

    private static String finding(DrbdConf.Problem p, String severity) {
        return p.file() + ":" + p.line() + ": " + severity + ": " + p.message() + "\n";
    }

    private static String address(java.net.InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    /** Completes resource names from the live service: every resource of this node in drbd.conf. */
    @Service
    public static final class ResourceCompleter implements Completer {
        @Reference(optional = true)
        ReplicationService replication;

        @Override
        public int complete(Session session, CommandLine commandLine, List<String> candidates) {
            StringsCompleter strings = new StringsCompleter();
            Optional.ofNullable(replication).ifPresent(r -> r.resources().forEach(v -> strings.getStrings().add(v.name())));
            return strings.complete(session, commandLine, candidates);
        }
    }
}
