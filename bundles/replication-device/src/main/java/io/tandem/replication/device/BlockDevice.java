package io.tandem.replication.device;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One attached volume.
 *
 * @param volume the replicated volume (drbd.conf resource) name
 * @param link the stable name, {@code /dev/tandem/<volume>}, a symbolic link to {@code loopDevice}
 * @param loopDevice the loop device ({@code /dev/loopN}) backed by {@code fuseFile}
 * @param fuseFile the single file of the FUSE file system that serves the volume's bytes
 * @param sizeBytes the device size
 * @param loopDirectIo whether the loop device reads and writes the FUSE file with direct I/O (no page cache copy)
 * @param mountPoints where the device is mounted in this mount namespace (empty if not mounted)
 * @param nbdSocket the UNIX socket of the volume's NBD export ({@code nbd-client -unix SOCKET /dev/nbd0}), if exported
 * @param nbdClients NBD clients connected to the export now (each may have it as a block device)
 */
public record BlockDevice(String volume, Path link, Path loopDevice, Path fuseFile, long sizeBytes,
        boolean loopDirectIo, List<Path> mountPoints, Optional<Path> nbdSocket, int nbdClients) {
    /** A device without an NBD export. */
    public BlockDevice(String volume, Path link, Path loopDevice, Path fuseFile, long sizeBytes, boolean loopDirectIo,
            List<Path> mountPoints) {
        this(volume, link, loopDevice, fuseFile, sizeBytes, loopDirectIo, mountPoints, Optional.empty(), 0);
    }

    public BlockDevice {
        Objects.requireNonNull(nbdSocket, "nbdSocket");
        if (nbdClients < 0 || (nbdClients > 0 && nbdSocket.isEmpty())) {
            throw new IllegalArgumentException("nbdClients " + nbdClients + " with NBD socket " + nbdSocket);
        }
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(loopDevice, "loopDevice");
        Objects.requireNonNull(fuseFile, "fuseFile");
        if (sizeBytes <= 0) {
            throw new IllegalArgumentException("sizeBytes must be positive: " + sizeBytes);
        }
        mountPoints = List.copyOf(mountPoints);
    }

    public boolean mounted() {
        return !mountPoints.isEmpty();
    }
}
