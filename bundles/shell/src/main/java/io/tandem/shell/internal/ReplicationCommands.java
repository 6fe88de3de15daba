package io.tandem.shell.internal;

import io.tandem.replication.DrbdConf;
import io.tandem.replication.DrbdConfImport;
import io.tandem.replication.DrbdStatusFormat;
import io.tandem.replication.ReplicationService;
import io.tandem.replication.VolumeConfig;
import io.tandem.replication.VolumeStatus;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * The {@code ha:replication-*} commands ({@code drbdadm}'s verbs on this node's volumes), {@code ha:replication-status}
 * (/proc/drbd's layout or JSON) and {@code ha:import-drbdconf}. Thin: the {@link ReplicationService} does the work.
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

        @Override
        public final Object execute() throws Exception {
            if (replication == null) {
                System.out.print(unavailable(scr));
                return null;
            }
            run(System.out);
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
            apply(replication);
            out.print(state(replication, resource));
        }

        abstract void apply(ReplicationService r) throws Exception;
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
        void apply(ReplicationService r) throws Exception {
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
        void apply(ReplicationService r) throws Exception {
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
        void apply(ReplicationService r) {
            r.down(resource);
        }
    }

    @Command(scope = "ha", name = "replication-primary", description = "Makes this node Primary for a resource "
            + "(drbdadm primary).", detailedDescription = """
            Needs UpToDate data (here, or a connected peer's) and no other Primary unless allow-two-primaries. \
            --force also promotes an Inconsistent or Outdated disk: its data then overwrites the peer's. Use it \
            once, for the first sync after create-md, or to recover when you know this node has the data to keep.""")
    @Service
    public static final class Primary extends Verb {
        @Option(name = "--force", description = "promote even without UpToDate data (first sync: this node's data wins)")
        boolean force;

        @Override
        void apply(ReplicationService r) {
            r.primary(resource, force);
        }
    }

    @Command(scope = "ha", name = "replication-secondary", description = "Makes this node Secondary for a resource "
            + "(drbdadm secondary).", detailedDescription = "Refused while the volume is in use (mounted, exported).")
    @Service
    public static final class Secondary extends Verb {
        @Override
        void apply(ReplicationService r) {
            r.secondary(resource);
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
        void apply(ReplicationService r) {
            r.connect(resource, discardMyData);
        }
    }

    @Command(scope = "ha", name = "replication-disconnect", description = "Drops a resource's connection and stays "
            + "StandAlone (drbdadm disconnect).")
    @Service
    public static final class Disconnect extends Verb {
        @Override
        void apply(ReplicationService r) {
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
        void apply(ReplicationService r) {
            r.verify(resource);
        }
    }

    @Command(scope = "ha", name = "replication-status", description = "Shows the volumes in /proc/drbd's layout or as "
            + "JSON.", detailedDescription = """
            The volumes that are up, as DRBD 8.3's /proc/drbd shows them: cs (connection), ro (roles here/peer), \
            ds (disks here/peer), protocol, the counters ns nr dw dr al bm lo pe ua ap ep wo oos (KiB), and during \
            a resync or verify the progress bar with speed and estimated finish. --json gives the same model as \
            JSON. Problems of a drbd.conf that was refused are printed on the error stream.""")
    @Service
    public static final class Status extends Base {
        @Option(name = "--json", description = "print JSON instead of /proc/drbd's layout")
        boolean json;

        @Override
        void run(PrintStream out) {
            List<VolumeStatus> volumes = replication.status();
            out.print(json ? DrbdStatusFormat.json(volumes) + "\n" : DrbdStatusFormat.procDrbd(volumes));
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
