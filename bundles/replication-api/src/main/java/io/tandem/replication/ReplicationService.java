package io.tandem.replication;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The replicated volumes of this node, driven with {@code drbdadm}'s verbs. The resources come from the drbd.conf
 * the configuration names (PID {@code io.tandem.replication}, setting {@code drbdConf}): every resource with an
 * {@code on NODE} block for this node's name. The file is read again by {@link #reload()}, by
 * {@link #createMetadata(String)} and by {@link #up(String)}, as drbdadm reads it on every call; a file with errors
 * is refused with every problem as {@code file:line: message}, and volumes that are up keep running with the
 * configuration they were started with.
 *
 * <p>Verbs on a resource that is not up throw {@link StateChangeException}; DRBD's refusals (two primaries, no
 * UpToDate data, held open) too. A name that is not a resource of this node is an {@link IllegalArgumentException}.
 */
@ProviderType
public interface ReplicationService {
    /** This node's name as drbd.conf's {@code on} blocks are matched against it. */
    String localNode();

    /** The drbd.conf in use, if one is configured. */
    Optional<Path> drbdConf();

    /** The resources of this node from the newest drbd.conf that could be used, by name. */
    List<VolumeConfig> resources();

    Optional<VolumeConfig> resource(String name);

    /** Errors of the newest read of drbd.conf if it was refused (the previous configuration stays); else empty. */
    List<DrbdConf.Problem> configProblems();

    /** Warnings of the drbd.conf in use (obsolete options and the like). */
    List<DrbdConf.Problem> configWarnings();

    /** Reads drbd.conf again; running volumes are not touched (a changed resource takes effect at its next up). */
    void reload() throws IOException, DrbdConfException;

    /** The volume if the resource is up. */
    Optional<Volume> volume(String name);

    /** The status of every volume that is up. */
    List<VolumeStatus> status();

    /** {@code drbdadm create-md}: fresh metadata, disk Inconsistent, every block out of sync. Refused while up. */
    void createMetadata(String name) throws IOException, DrbdConfException;

    /** {@code drbdadm up}: attaches the disk (reads its metadata) and starts connecting to the peer. */
    Volume up(String name) throws IOException, DrbdConfException;

    /** {@code drbdadm down}: disconnects, writes the metadata, releases the disk. Refused while held open. */
    void down(String name);

    /** {@code drbdadm primary [--force]}. */
    void primary(String name, boolean force);

    /** {@code drbdadm secondary}. */
    void secondary(String name);

    /** {@code drbdadm connect [--discard-my-data]}. */
    void connect(String name, boolean discardMyData);

    /** {@code drbdadm disconnect}. */
    void disconnect(String name);

    /** {@code drbdadm verify}: online verify against the peer. */
    void verify(String name);

    /** {@code drbdadm outdate}: marks a disconnected Secondary's disk Outdated. */
    void outdate(String name);

    /**
     * Checks a drbd.conf for this node and, unless {@code dryRun} or there are errors, makes it the configured
     * drbd.conf (the {@code drbdConf} setting) and reads it.
     */
    DrbdConfImport importDrbdConf(Path file, boolean dryRun) throws IOException;
}
