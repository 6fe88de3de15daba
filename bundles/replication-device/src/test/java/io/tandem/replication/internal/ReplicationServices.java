package io.tandem.replication.internal;

import io.tandem.replication.ConnectionState;
import io.tandem.replication.DiskState;
import io.tandem.replication.Protocol;
import io.tandem.replication.ReplicationService;
import io.tandem.replication.VolumeStatus;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Two replication services, alpha and beta, running one resource over loopback from one drbd.conf, each with its
 * own state directory holding its image file. Lives in the engine's package because the service's test constructor
 * (no OSGi) is package-private.
 */
public final class ReplicationServices implements AutoCloseable {
    private static final String[] NODES = {"alpha", "beta"};
    public final String resource;
    private final Path dir;
    public final ReplicationService alpha;
    public final ReplicationService beta;
    private final ReplicationServiceImpl a;
    private final ReplicationServiceImpl b;

    public ReplicationServices(Path dir, String resource, long imageBytes, Protocol protocol) throws IOException {
        this.resource = resource;
        this.dir = dir;
        Path conf = dir.resolve("drbd.conf");
        int portA = freePort();
        int portB = freePort();
        Files.writeString(conf, """
                common {
                  protocol %s;
                  syncer { rate 1G; al-extents 257; }
                  net { ping-int 1; ping-timeout 20; connect-int 1; }
                }
                resource %s {
                  on alpha { device /dev/drbd0; disk %s.img; address 127.0.0.1:%d; meta-disk internal; }
                  on beta { device /dev/drbd0; disk %s.img; address 127.0.0.1:%d; meta-disk internal; }
                }
                """.formatted(protocol, resource, resource, portA, resource, portB));
        for (String node : NODES) {
            Files.createDirectories(dir.resolve(node));
            try (RandomAccessFile raf = new RandomAccessFile(image(node).toFile(), "rw")) {
                raf.setLength(imageBytes);
            }
        }
        a = new ReplicationServiceImpl(new ReplicationServiceImpl.Settings(Optional.of(conf), "alpha"),
                dir.resolve("alpha"), p -> { }, () -> "unused-host-name");
        b = new ReplicationServiceImpl(new ReplicationServiceImpl.Settings(Optional.of(conf), "beta"),
                dir.resolve("beta"), p -> { }, () -> "unused-host-name");
        alpha = a;
        beta = b;
    }

    /** create-md and up on both, alpha forced Primary, first sync finished. */
    public void syncedWithAlphaPrimary(long timeoutMillis) throws Exception {
        alpha.createMetadata(resource);
        beta.createMetadata(resource);
        beta.up(resource);
        alpha.up(resource);
        waitFor("connected", timeoutMillis, () -> status(alpha).connection() == ConnectionState.CONNECTED
                && status(beta).connection() == ConnectionState.CONNECTED);
        alpha.primary(resource, true);
        waitFor("UpToDate/UpToDate", timeoutMillis, () -> upToDate(alpha) && upToDate(beta));
    }

    public VolumeStatus status(ReplicationService s) {
        return s.volume(resource).orElseThrow(() -> new AssertionError(resource + " is not up")).status();
    }

    public boolean upToDate(ReplicationService s) {
        VolumeStatus v = status(s);
        return v.connection() == ConnectionState.CONNECTED && v.disk() == DiskState.UP_TO_DATE
                && v.peerDisk() == DiskState.UP_TO_DATE;
    }

    /**
     * Writes both image files in full (zeros) and syncs them, so that every block is allocated as on a partition:
     * without it the sync source's image stays sparse (the first sync only reads it) and the first writes to it
     * allocate blocks. Call before {@link #syncedWithAlphaPrimary} (create-md writes the metadata at the end).
     */
    public void allocateImages() throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        for (String node : NODES) {
            try (FileChannel ch = FileChannel.open(image(node), StandardOpenOption.WRITE)) {
                long size = ch.size();
                for (long at = 0; at < size; ) {
                    zeros.clear().limit((int) Math.min(zeros.capacity(), size - at));
                    at += ch.write(zeros, at);
                }
                ch.force(true);
            }
        }
    }

    private Path image(String node) {
        return dir.resolve(node).resolve(resource + ".img");
    }

    /** Polls until the condition holds, failing at the deadline. */
    public static void waitFor(String what, long timeoutMillis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        a.close();
        b.close();
    }
}
