package io.tandem.replication.device.internal;

import io.tandem.replication.Protocol;
import io.tandem.replication.Volume;
import io.tandem.replication.device.BlockDevice;
import io.tandem.replication.internal.ReplicationServices;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Throughput and sync latency through the block device, against a plain FUSE passthrough of a local file (the same
 * FUSE code) and a plain local file, all in one run (root only). Not a test: run it by hand.
 *
 * <pre>
 * mvn -o -q -f bundles/replication-device/pom.xml test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.tandem.replication.device.internal.DeviceBenchmark -Dexec.args="DIR MiB ROUNDS"
 * </pre>
 */
public final class DeviceBenchmark {
    private static final int SYNC_WRITES = 1000;

    private record Row(String what, double mibPerSecond, double[] latencyMicros) { }

    private DeviceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "/tmp/tandem-device-bench"));
        int mib = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        RootSystem.assumeUsable();
        // The machine is shared: every target is measured in each round and the table shows medians over rounds.
        Map<String, List<Row>> byTarget = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Row r : round(dir, mib)) {
                byTarget.computeIfAbsent(r.what(), k -> new ArrayList<>()).add(r);
            }
        }
        System.out.printf(Locale.ROOT, "%n%d MiB sequential (1 MiB writes, fsync at end, best of 2 passes); %d x 4 KiB "
                + "O_DSYNC writes; medians over %d rounds%n", mib, SYNC_WRITES, rounds);
        System.out.printf(Locale.ROOT, "| %-42s | %9s | %10s | %9s | %9s |%n", "target", "MiB/s", "4K mean us",
                "p50 us", "p99 us");
        System.out.println("|" + "-".repeat(44) + "|" + "-".repeat(11) + "|" + "-".repeat(12) + "|" + "-".repeat(11)
                + "|" + "-".repeat(11) + "|");
        for (Map.Entry<String, List<Row>> e : byTarget.entrySet()) {
            List<Row> rs = e.getValue();
            System.out.printf(Locale.ROOT, "| %-42s | %9.1f | %10.0f | %9.0f | %9.0f |%n", e.getKey(),
                    median(rs.stream().mapToDouble(Row::mibPerSecond).toArray()),
                    median(rs.stream().mapToDouble(r -> Arrays.stream(r.latencyMicros()).average().orElse(0)).toArray()),
                    median(rs.stream().mapToDouble(r -> percentile(r.latencyMicros(), 0.5)).toArray()),
                    median(rs.stream().mapToDouble(r -> percentile(r.latencyMicros(), 0.99)).toArray()));
        }
    }

    private static double percentile(double[] values, double q) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[Math.min(v.length - 1, (int) (v.length * q))];
    }

    private static double median(double[] values) {
        return percentile(values, 0.5);
    }

    private static List<Row> round(Path dir, int mib) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (Cleanup cleanup = new Cleanup()) {
            Path plain = dir.resolve("plain.img");
            Files.deleteIfExists(plain);
            setLength(plain, (long) mib << 20);
            rows.add(measure("local file", plain, mib));

            for (boolean dio : new boolean[] {false, true}) {
                Path passthrough = dir.resolve("passthrough.img");
                Files.deleteIfExists(passthrough);
                setLength(passthrough, (long) mib << 20);
                Path mountDir = Files.createDirectories(dir.resolve("passthrough-mnt"));
                try (FileTarget target = new FileTarget(passthrough)) {
                    FuseFile fuse = new FuseFile("passthrough", mountDir, target);
                    cleanup.addCommand("fusermount", "-u", "-z", mountDir.toString());
                    fuse.start(false, 10_000);
                    Loops loops = new Loops(new Commands(10_000), Path.of("/sys/block"));
                    Path loop = loops.attach(fuse.file(), dio);
                    cleanup.addLoop(loop, fuse.file());
                    rows.add(measure("FUSE passthrough, loop dio=" + loops.directIo(loop), loop, mib));
                    loops.detach(loop);
                    Wait.until("loop released", 10_000, () -> loops.backingFile(loop).isEmpty());
                    Cleanup.check("fusermount", "-u", mountDir.toString());
                    fuse.ended().get();
                }
            }

            String name = RootSystem.uniqueName("tbench");
            Path repl = Files.createDirectories(dir.resolve(name));
            try (ReplicationServices p = new ReplicationServices(repl, name, ((long) mib << 20) + (64L << 20),
                    Protocol.C)) {
                p.syncedWithAlphaPrimary(600_000);
                Volume v = p.alpha.volume(name).orElseThrow();
                rows.add(measureEngine("protocol C, engine API (Volume.write)", v, mib));
                for (boolean dio : new boolean[] {false, true}) {
                    DeviceAttacher dev = new DeviceAttacher(new DeviceAttacher.Settings(repl.resolve("devices"),
                            Path.of("/dev/tandem"), dio, false, 10_000, 10_000), p.alpha::volume);
                    cleanup.add(dev::close);
                    BlockDevice d = dev.attach(name);
                    rows.add(measure("protocol C, /dev/tandem, loop dio=" + d.loopDirectIo(), d.link(), mib));
                    dev.detach(name);
                }
            }
        }
        return rows;
    }

    private static void setLength(Path file, long bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[1]), bytes - 1);
        }
    }

    /** Writes through a file or block device with plain write(2) and fsync, as dd conv=fsync and a database do. */
    private static Row measure(String what, Path target, int mib) throws IOException {
        ByteBuffer chunk = randomBuffer(1 << 20);
        double best = 0;
        for (int pass = 0; pass < 2; pass++) {
            try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
                long t0 = System.nanoTime();
                for (int i = 0; i < mib; i++) {
                    chunk.clear();
                    long at = (long) i << 20;
                    while (chunk.hasRemaining()) {
                        at += ch.write(chunk, at);
                    }
                }
                ch.force(false);
                best = Math.max(best, mib / ((System.nanoTime() - t0) / 1e9));
            }
        }
        double[] lat = new double[SYNC_WRITES];
        ByteBuffer block = randomBuffer(4096);
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.DSYNC)) {
            for (int i = 0; i < SYNC_WRITES; i++) {
                block.clear();
                long t0 = System.nanoTime();
                ch.write(block, (long) i * 4096);
                lat[i] = (System.nanoTime() - t0) / 1e3;
            }
        }
        System.err.printf(Locale.ROOT, "%s: %.1f MiB/s%n", what, best);
        return new Row(what, best, lat);
    }

    private static Row measureEngine(String what, Volume v, int mib) throws IOException {
        ByteBuffer chunk = randomBuffer(1 << 20);
        double best = 0;
        for (int pass = 0; pass < 2; pass++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < mib; i++) {
                chunk.clear();
                v.write((long) i << 20, chunk);
            }
            v.flush();
            best = Math.max(best, mib / ((System.nanoTime() - t0) / 1e9));
        }
        double[] lat = new double[SYNC_WRITES];
        ByteBuffer block = randomBuffer(4096);
        for (int i = 0; i < SYNC_WRITES; i++) {
            block.clear();
            long t0 = System.nanoTime();
            v.write((long) i * 4096, block);
            v.flush();
            lat[i] = (System.nanoTime() - t0) / 1e3;
        }
        return new Row(what, best, lat);
    }

    private static ByteBuffer randomBuffer(int bytes) {
        byte[] b = new byte[bytes];
        new Random(bytes).nextBytes(b);
        return ByteBuffer.allocateDirect(bytes).put(b).flip();
    }
}
