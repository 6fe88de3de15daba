package io.tandem.replication.internal;

import io.tandem.replication.ConnectionState;
import io.tandem.replication.DiskState;
import io.tandem.replication.VolumeStatus;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Two {@link ReplicationServiceImpl}s, alpha and beta, reading one drbd.conf over loopback. Each has its own state
 * directory, where the relative {@code disk} of the resources puts its image file.
 */
final class ServicePair implements AutoCloseable {
    static final long IMAGE_BYTES = 8L << 20;
    final Path dir;
    final Path conf;
    final int[] portsA;
    final int[] portsB;
    ReplicationServiceImpl alpha;
    ReplicationServiceImpl beta;
    final List<Map<String, Object>> writtenA = new ArrayList<>();

    ServicePair(Path dir, String... resources) throws IOException {
        this.dir = dir;
        this.conf = dir.resolve("drbd.conf");
        this.portsA = new int[resources.length];
        this.portsB = new int[resources.length];
        for (int i = 0; i < resources.length; i++) {
            portsA[i] = Pair.freePort();
            portsB[i] = Pair.freePort();
        }
        Files.writeString(conf, confText(resources));
        for (String node : List.of("alpha", "beta")) {
            Files.createDirectories(dir.resolve(node));
            for (String r : resources) {
                try (RandomAccessFile raf = new RandomAccessFile(dir.resolve(node).resolve(r + ".img").toFile(), "rw")) {
                    raf.setLength(IMAGE_BYTES);
                }
            }
        }
    }

    /** One resource per name, minors 0.., each with its own two ports. */
    String confText(String... resources) {
        StringBuilder s = new StringBuilder("""
                common {
                  protocol C;
                  syncer { rate 200M; al-extents 7; }
                  net { ping-int 1; ping-timeout 20; connect-int 1; }
                }
                """);
        for (int i = 0; i < resources.length; i++) {
            String r = resources[i];
            s.append("resource ").append(r).append(" {\n")
                    .append("  on alpha { device /dev/drbd").append(i).append("; disk ").append(r)
                    .append(".img; address 127.0.0.1:").append(portsA[i]).append("; meta-disk internal; }\n")
                    .append("  on beta { device /dev/drbd").append(i).append("; disk ").append(r)
                    .append(".img; address 127.0.0.1:").append(portsB[i]).append("; meta-disk internal; }\n}\n");
        }
        return s.toString();
    }

    ReplicationServiceImpl start(String node) {
        ReplicationServiceImpl s = new ReplicationServiceImpl(
                new ReplicationServiceImpl.Settings(Optional.of(conf), node), dir.resolve(node),
                node.equals("alpha") ? writtenA::add : p -> { }, () -> "unused-host-name");
        if (node.equals("alpha")) {
            alpha = s;
        } else {
            beta = s;
        }
        return s;
    }

    void startBoth() {
        start("alpha");
        start("beta");
    }

    /** create-md and up on both, alpha forced Primary, first sync done. */
    void synced(String resource) throws Exception {
        alpha.createMetadata(resource);
        beta.createMetadata(resource);
        beta.up(resource);
        alpha.up(resource);
        waitConnected(resource);
        alpha.primary(resource, true);
        waitUpToDate(resource);
    }

    void waitConnected(String resource) {
        Pair.waitFor(resource + " connected", () -> status(alpha, resource).connection() == ConnectionState.CONNECTED
                && status(beta, resource).connection() == ConnectionState.CONNECTED);
    }

    void waitUpToDate(String resource) {
        try {
            Pair.waitFor(resource + " UpToDate/UpToDate", () -> upToDate(alpha, resource) && upToDate(beta, resource));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + status(alpha, resource) + " / " + status(beta, resource), e);
        }
    }

    static boolean upToDate(ReplicationServiceImpl s, String resource) {
        VolumeStatus v = status(s, resource);
        return v.connection() == ConnectionState.CONNECTED && v.disk() == DiskState.UP_TO_DATE
                && v.peerDisk() == DiskState.UP_TO_DATE;
    }

    static VolumeStatus status(ReplicationServiceImpl s, String resource) {
        return s.volume(resource).orElseThrow(() -> new AssertionError(resource + " is not up")).status();
    }

    @Override
    public void close() {
        if (alpha != null) {
            alpha.close();
        }
        if (beta != null) {
            beta.close();
        }
    }
}
