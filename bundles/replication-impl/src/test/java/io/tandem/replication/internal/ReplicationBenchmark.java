package io.tandem.replication.internal;

import io.tandem.common.EventLoop;
import io.tandem.replication.Protocol;
import io.tandem.replication.VolumeConfig;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Engine benchmark (not a test): sequential 1 MiB write throughput and 4 KiB write+flush latency for
 * protocols A, B and C over loopback, against writing the same data to two local files with the same sync
 * semantics, measured in the same run. Run:
 * {@code mvn -o -q -pl bundles/replication-impl test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.tandem.replication.internal.ReplicationBenchmark [-Dexec.args="DIR MiB"]}
 */
public final class ReplicationBenchmark {
    private static final int MIB = 1 << 20;
    private static final int LATENCY_OPS = 1000;

    private ReplicationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path base = args.length > 0 ? Files.createTempDirectory(Path.of(args[0]), "bench") : Files.createTempDirectory("bench");
        int mib = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        try {
            byte[] chunk = new byte[MIB];
            new Random(1).nextBytes(chunk);
            System.out.printf(Locale.ROOT, "%-22s %12s %12s %12s %8s%n", "case", "seq MiB/s", "4K p50 us",
                    "4K p99 us", "vs base");
            double[] baseline = twoFiles(base, mib, chunk);
            print("two local files", baseline, baseline[0]);
            for (Protocol p : Protocol.values()) {
                double[] r = engine(base.resolve(p.name()), p, mib, chunk);
                print("engine protocol " + p, r, baseline[0]);
            }
        } finally {
            try (Stream<Path> s = Files.walk(base)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void print(String name, double[] r, double base) {
        System.out.printf(Locale.ROOT, "%-22s %12.1f %12.1f %12.1f %7.0f%%%n", name, r[0], r[1], r[2],
                100 * r[0] / base);
    }

    private static double[] twoFiles(Path dir, int mib, byte[] chunk) throws IOException {
        Files.createDirectories(dir);
        try (FileChannel a = FileChannel.open(dir.resolve("a"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
                FileChannel b = FileChannel.open(dir.resolve("b"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE)) {
            double best = 0;
            for (int pass = 0; pass < 2; pass++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < mib; i++) {
                    a.write(ByteBuffer.wrap(chunk), (long) i * MIB);
                    b.write(ByteBuffer.wrap(chunk), (long) i * MIB);
                }
                a.force(false);
                b.force(false);
                best = Math.max(best, mib / ((System.nanoTime() - t0) / 1e9));
            }
            long[] lat = new long[LATENCY_OPS];
            byte[] small = Arrays.copyOf(chunk, 4096);
            for (int i = 0; i < LATENCY_OPS; i++) {
                long t0 = System.nanoTime();
                a.write(ByteBuffer.wrap(small), (long) (i % 1024) * 4096);
                a.force(false);
                b.write(ByteBuffer.wrap(small), (long) (i % 1024) * 4096);
                b.force(false);
                lat[i] = System.nanoTime() - t0;
            }
            return new double[] {best, pct(lat, 50), pct(lat, 99)};
        }
    }

    private static double[] engine(Path dir, Protocol protocol, int mib, byte[] chunk) throws Exception {
        Files.createDirectories(dir);
        long fileBytes = (long) (mib + 16) * MIB;
        for (String n : new String[] {"alpha.img", "beta.img"}) {
            try (RandomAccessFile raf = new RandomAccessFile(dir.resolve(n).toFile(), "rw")) {
                raf.setLength(fileBytes);
            }
        }
        InetSocketAddress addrA = new InetSocketAddress("127.0.0.1", Pair.freePort());
        InetSocketAddress addrB = new InetSocketAddress("127.0.0.1", Pair.freePort());
        VolumeConfig a = VolumeConfig.builder("bench").localHost("alpha").peerHost("beta")
                .backing(dir.resolve("alpha.img")).localAddress(addrA).peerAddress(addrB).protocol(protocol)
                .resyncRateBytesPerSecond(1L << 30).connectRetryMillis(50).pingTimeoutMillis(5000).build();
        VolumeConfig b = a.toBuilder().localHost("beta").peerHost("alpha").backing(dir.resolve("beta.img"))
                .localAddress(addrB).peerAddress(addrA).build();
        ReplicationEngine.createMetadata(a);
        ReplicationEngine.createMetadata(b);
        try (EventLoop la = new EventLoop("bench-a"); EventLoop lb = new EventLoop("bench-b");
                ReplicationEngine ea = new ReplicationEngine(a, la); ReplicationEngine eb = new ReplicationEngine(b, lb)) {
            eb.connect(false);
            ea.connect(false);
            Pair.waitFor("connected", () -> ea.status().connection().isConnected()
                    && eb.status().connection().isConnected());
            ea.primary(true);
            Pair.waitFor("first sync", () -> Pair.upToDate(ea) && Pair.upToDate(eb));
            double best = 0;
            for (int pass = 0; pass < 2; pass++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < mib; i++) {
                    ea.write((long) i * MIB, ByteBuffer.wrap(chunk));
                }
                ea.flush();
                best = Math.max(best, mib / ((System.nanoTime() - t0) / 1e9));
            }
            long[] lat = new long[LATENCY_OPS];
            byte[] small = Arrays.copyOf(chunk, 4096);
            for (int i = 0; i < LATENCY_OPS; i++) {
                long t0 = System.nanoTime();
                ea.write((long) (i % 1024) * 4096, ByteBuffer.wrap(small));
                ea.flush();
                lat[i] = System.nanoTime() - t0;
            }
            if (ea.status().counters().oos() != 0) {
                throw new IllegalStateException("benchmark left blocks out of sync");
            }
            return new double[] {best, pct(lat, 50), pct(lat, 99)};
        }
    }

    private static double pct(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, s.length * p / 100)] / 1000.0;
    }
}
