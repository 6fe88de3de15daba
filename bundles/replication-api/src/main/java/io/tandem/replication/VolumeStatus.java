package io.tandem.replication;

import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one volume's state: the model behind /proc/drbd lines, JSON and console tables.
 *
 * @param progress present while a resync or verify runs
 * @param suspended I/O suspended ('s' instead of 'r' in /proc/drbd)
 * @param lastProblem the last reason the connection went away or was refused (split brain, auth...), "" if none
 */
public record VolumeStatus(int minor, String name, ConnectionState connection, Role role, Role peerRole,
        DiskState disk, DiskState peerDisk, Protocol protocol, Counters counters, GenerationIds generationIds,
        Optional<SyncProgress> progress, boolean suspended, String lastProblem) {
    public VolumeStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(peerRole, "peerRole");
        Objects.requireNonNull(disk, "disk");
        Objects.requireNonNull(peerDisk, "peerDisk");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(generationIds, "generationIds");
        Objects.requireNonNull(progress, "progress");
        lastProblem = lastProblem == null ? "" : lastProblem;
    }
}
