package io.tandem.replication.device.internal;

import io.tandem.replication.Protocol;
import io.tandem.replication.Volume;
import io.tandem.replication.device.BlockDevice;
import io.tandem.replication.internal.ReplicationServices;
import io.tandem.testkit.block.Cleanup;
import io.tandem.testkit.block.RootSystem;
import io.tandem.testkit.block.Wait;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Replication benchmark (root only, not a test: run it by hand). One table: sequential write throughput (1 MiB
 * writes, one sync at the end) and 4 KiB synchronous write latency for protocols A, B and C over loopback, at the
 * engine API and through the mounted device (ext4 on /dev/tandem/X), each against baselines measured in the same
 * run: two local files written with the same sync points (engine level), ext4 on a plain FUSE passthrough of a local
 * file through the same FUSE and loop code (device level), the NBD export of a local file (NBD level, with libnbd's
 * nbdcopy when installed), and a local 4 KiB write + fdatasync (the latency goal).
 * Every target is measured once per round, rounds interleave the targets (the machine is shared) and the table shows
 * medians over the rounds.
 *
 * <pre>
 * mvn -o -q -f bundles/replication-device/pom.xml test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.tandem.replication.device.internal.DeviceBenchmark -Dexec.args="DIR MiB ROUNDS [PROTOCOLS [engine]]"
 * </pre>
 * With {@code engine} as the fifth argument only the engine-level targets run (a quicker check of the engine).
 */
public final class DeviceBenchmark {
    private static final int MIB = 1 << 20;
    private static final int SYNC_WRITES = 1000;
    /** Room the ext4 file system needs besides the sequential file and the 4 KiB test file (journal, inodes). */
    private static final long FS_SLACK = 64L << 20;
    private static final String TWO_FILES = "engine: two local files (baseline)";
    private static final String LOCAL_FSYNC = "local file: 4 KiB write + fdatasync";
    private static final String PASSTHROUGH = "device: ext4 on FUSE passthrough (baseline)";
    private static final String NBD_PASSTHROUGH = "nbd: NBD export of a local file (baseline)";

    /**
     * One measurement: throughput (NaN when not measured), the 4 KiB latencies, and the p50 of a local 4 KiB write +
     * fdatasync measured just before them (the shared disk's sync latency changes from minute to minute, so each
     * latency is compared with a local fsync of the same moment).
     */
    private record Sample(double mibPerSecond, double[] latencyMicros, double fsyncP50) {
        Sample(double mibPerSecond, double[] latencyMicros) {
            this(mibPerSecond, latencyMicros, Double.NaN);
        }
    }

    private DeviceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "/tmp/tandem-device-bench"));
        int mib = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<Protocol> protocols = args.length > 3 ? Arrays.stream(args[3].split(",")).map(Protocol::valueOf).toList()
                : List.of(Protocol.values());
        boolean devices = args.length <= 4 || !args[4].equals("engine");
        String why = RootSystem.whyNotUsable();
        if (why != null) {
            System.err.println("DeviceBenchmark: " + why);
            System.exit(2);
        }
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        // Nothing is deleted before the last round: the root file system is mounted with 'discard', and freeing
        // hundreds of MiB makes the next journal commits (and so the next fsyncs) wait for the discards.
        List<Path> leftovers = new ArrayList<>();
        try {
            for (int round = 1; round <= rounds; round++) {
                System.err.printf(Locale.ROOT, "round %d of %d%n", round, rounds);
                round(dir, mib, protocols, devices, samples, leftovers);
            }
        } finally {
            for (Path p : leftovers) {
                deleteTree(p);
            }
        }
        System.out.print(table(samples, mib, rounds, protocols));
    }

    private static void round(Path dir, int mib, List<Protocol> protocols, boolean devices,
            Map<String, List<Sample>> samples, List<Path> leftovers) throws Exception {
        byte[] data = new byte[MIB];
        new Random(mib).nextBytes(data);
        Path local = Files.createDirectories(dir.resolve("local"));
        if (!leftovers.contains(local)) {
            leftovers.add(local);
        }
        settle();
        add(samples, LOCAL_FSYNC, localFsync(local.resolve("fsync"), data));
        add(samples, TWO_FILES, twoFiles(local.resolve("a"), local.resolve("b"), mib, data, local.resolve("fsync")));
        if (devices) {
            try (Cleanup cleanup = new Cleanup()) {
                Path image = local.resolve("passthrough.img");
                setLength(image, ((long) mib << 20) + FS_SLACK);
                Path mountDir = Files.createDirectories(dir.resolve("passthrough-fuse"));
                try (FileTarget target = new FileTarget(image)) {
                    FuseFile fuse = new FuseFile("passthrough", mountDir, target);
                    cleanup.addCommand("fusermount", "-u", "-z", mountDir.toString());
                    fuse.start(false, 10_000);
                    Loops loops = new Loops(new Commands(10_000), Path.of("/sys/block"));
                    // The same loop setting as DeviceManager's default (loopDirectIo = true).
                    Path loop = loops.attach(fuse.file(), true);
                    cleanup.addLoop(loop, fuse.file());
                    add(samples, PASSTHROUGH, ext4(dir, cleanup, loop, mib, data, local.resolve("fsync")));
                    loops.detach(loop);
                    // Generous: on a loaded machine the kernel can take seconds to let go of a loop device.
                    Wait.until("loop released", 60_000, () -> loops.backingFile(loop).isEmpty());
                    Cleanup.check("fusermount", "-u", mountDir.toString());
                    fuse.ended().get();
                }
                if (NBDCOPY_PRESENT) {
                    try (FileTarget target = new FileTarget(image)) {
                        add(samples, NBD_PASSTHROUGH, nbd(dir, "passthrough", target, mib, data, local.resolve("fsync")));
                    }
                }
            }
        }
        for (Protocol protocol : protocols) {
            String name = RootSystem.uniqueName("tbench");
            Path repl = Files.createDirectories(dir.resolve(name));
            leftovers.add(repl);
            try (ReplicationServices p = new ReplicationServices(repl, name, ((long) mib << 20) + FS_SLACK
                    + (16L << 20), protocol);
                    Cleanup cleanup = new Cleanup()) {
                // Both measure overwrites: the baseline's files are written before its timing, the images here.
                p.allocateImages();
                p.syncedWithAlphaPrimary(600_000);
                Volume v = p.alpha.volume(name).orElseThrow();
                settle();
                add(samples, "engine: protocol " + protocol, engine(v, mib, data, local.resolve("fsync")));
                if (devices) {
                    DeviceAttacher dev = new DeviceAttacher(new DeviceAttacher.Settings(repl.resolve("devices"),
                            Path.of("/dev/tandem"), true, false, 10_000, 10_000, Optional.empty()), p.alpha::volume);
                    cleanup.add(dev::close);
                    BlockDevice d = dev.attach(name);
                    add(samples, "device: ext4 on /dev/tandem, protocol " + protocol,
                            ext4(repl, cleanup, d.link(), mib, data, local.resolve("fsync")));
                    dev.detach(name);
                    if (NBDCOPY_PRESENT) {
                        add(samples, "nbd: NBD export, protocol " + protocol,
                                nbd(repl, name, BlockTarget.of(v), mib, data, local.resolve("fsync")));
                    }
                }
                if (v.status().counters().oos() != 0) {
                    throw new IllegalStateException(name + ": the benchmark left blocks out of sync");
                }
            }
        }
    }

    /** Lets the page cache write back what earlier measurements left dirty, so it is not charged to the next one. */
    private static void settle() throws IOException, InterruptedException {
        Cleanup.check("sync");
    }

    private static void add(Map<String, List<Sample>> samples, String what, Sample s) {
        samples.computeIfAbsent(what, k -> new ArrayList<>()).add(s);
        System.err.printf(Locale.ROOT, "  %-48s %8.1f MiB/s  4K p50 %7.0f us%n", what, s.mibPerSecond(),
                percentile(s.latencyMicros(), 0.5));
    }

    // ------------------------------------------------------------------------------------------------ targets

    private static Sample localFsync(Path file, byte[] data) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            preallocate(ch, SYNC_WRITES, data);
            double[] lat = new double[SYNC_WRITES];
            for (int i = 0; i < SYNC_WRITES; i++) {
                long t0 = System.nanoTime();
                writeFully(ch, ByteBuffer.wrap(data, 0, 4096), (long) i * 4096);
                ch.force(false);
                lat[i] = (System.nanoTime() - t0) / 1e3;
            }
            return new Sample(Double.NaN, lat);
        }
    }

    /**
     * The physical limit of one machine holding both copies: the same data to two files, synced at the same points.
     * Like the engine's backing files (written in full by the first sync), the files are allocated before the timing:
     * both measure overwrites.
     */
    private static Sample twoFiles(Path a, Path b, int mib, byte[] data, Path fsyncFile)
            throws IOException, InterruptedException {
        try (FileChannel fa = FileChannel.open(a, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileChannel fb = FileChannel.open(b, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (FileChannel ch : new FileChannel[] {fa, fb}) {
                if (ch.size() < (long) mib * MIB) {
                    for (int i = 0; i < mib; i++) {
                        writeFully(ch, ByteBuffer.wrap(data), (long) i * MIB);
                    }
                    ch.force(true);
                }
            }
            settle();
            long t0 = System.nanoTime();
            for (int i = 0; i < mib; i++) {
                writeFully(fa, ByteBuffer.wrap(data), (long) i * MIB);
                writeFully(fb, ByteBuffer.wrap(data), (long) i * MIB);
            }
            fa.force(false);
            fb.force(false);
            double mibs = mib / ((System.nanoTime() - t0) / 1e9);
            double fsync = percentile(localFsync(fsyncFile, data).latencyMicros(), 0.5);
            double[] lat = new double[SYNC_WRITES];
            for (int i = 0; i < SYNC_WRITES; i++) {
                long t1 = System.nanoTime();
                writeFully(fa, ByteBuffer.wrap(data, 0, 4096), (long) i * 4096);
                writeFully(fb, ByteBuffer.wrap(data, 0, 4096), (long) i * 4096);
                fa.force(false);
                fb.force(false);
                lat[i] = (System.nanoTime() - t1) / 1e3;
            }
            return new Sample(mibs, lat, fsync);
        }
    }

    /**
     * Measured in steady state, like the baseline: one untimed pass over the volume first (the JIT compiles the
     * engine's write path, which a fresh volume in each round otherwise runs cold), synced before the timing.
     */
    private static Sample engine(Volume v, int mib, byte[] data, Path fsyncFile)
            throws IOException, InterruptedException {
        ByteBuffer chunk = ByteBuffer.allocateDirect(MIB).put(data).flip();
        for (int i = 0; i < mib; i++) {
            chunk.clear();
            v.write((long) i * MIB, chunk);
        }
        v.flush();
        settle();
        long t0 = System.nanoTime();
        for (int i = 0; i < mib; i++) {
            chunk.clear();
            v.write((long) i * MIB, chunk);
        }
        v.flush();
        double mibs = mib / ((System.nanoTime() - t0) / 1e9);
        double fsync = percentile(localFsync(fsyncFile, data).latencyMicros(), 0.5);
        double[] lat = new double[SYNC_WRITES];
        ByteBuffer block = ByteBuffer.allocateDirect(4096).put(data, 0, 4096).flip();
        for (int i = 0; i < SYNC_WRITES; i++) {
            block.clear();
            long t1 = System.nanoTime();
            v.write((long) i * 4096, block);
            v.flush();
            lat[i] = (System.nanoTime() - t1) / 1e3;
        }
        return new Sample(mibs, lat, fsync);
    }

    /**
     * mkfs.ext4 on the device, mount, a file written with 1 MiB writes + fsync (throughput), then 4 KiB O_DSYNC
     * overwrites of a file whose blocks are already allocated (only the data goes down, as in a database's log).
     */
    private static Sample ext4(Path dir, Cleanup cleanup, Path device, int mib, byte[] data, Path fsyncFile)
            throws Exception {
        // No lazy init: ext4lazyinit would write the inode tables in the background while we measure.
        Cleanup.check("mkfs.ext4", "-q", "-F", "-E", "lazy_itable_init=0,lazy_journal_init=0", device.toString());
        Path mnt = Files.createDirectories(dir.resolve("mnt"));
        cleanup.addCommand("umount", "-l", mnt.toString());
        Cleanup.check("mount", "-t", "ext4", device.toString(), mnt.toString());
        settle();
        try {
            double mibs;
            try (FileChannel ch = FileChannel.open(mnt.resolve("seq"), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                long t0 = System.nanoTime();
                for (int i = 0; i < mib; i++) {
                    writeFully(ch, ByteBuffer.wrap(data), (long) i * MIB);
                }
                ch.force(true);
                mibs = mib / ((System.nanoTime() - t0) / 1e9);
            }
            Path sync = mnt.resolve("sync");
            try (FileChannel ch = FileChannel.open(sync, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                preallocate(ch, SYNC_WRITES, data);
            }
            double fsync = percentile(localFsync(fsyncFile, data).latencyMicros(), 0.5);
            double[] lat = new double[SYNC_WRITES];
            try (FileChannel ch = FileChannel.open(sync, StandardOpenOption.WRITE, StandardOpenOption.DSYNC)) {
                for (int i = 0; i < SYNC_WRITES; i++) {
                    long t0 = System.nanoTime();
                    writeFully(ch, ByteBuffer.wrap(data, 0, 4096), (long) i * 4096);
                    lat[i] = (System.nanoTime() - t0) / 1e3;
                }
            }
            return new Sample(mibs, lat, fsync);
        } finally {
            Cleanup.check("umount", mnt.toString());
        }
    }

    private static final boolean NBDCOPY_PRESENT = Files.isExecutable(Path.of("/usr/bin/nbdcopy"));

    /**
     * The NBD export (the same server attach starts): libnbd's {@code nbdcopy --flush} of a file of {@code mib} MiB
     * into the export (its defaults: 4 connections, 64 requests in flight; one untimed pass first), then 4 KiB
     * writes with FUA (write + flush) from one connection.
     */
    private static Sample nbd(Path dir, String export, BlockTarget target, int mib, byte[] data, Path fsyncFile)
            throws Exception {
        Path source = dir.resolve("nbd-source");
        if (!Files.exists(source)) {
            try (FileChannel ch = FileChannel.open(source, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                for (int i = 0; i < mib; i++) {
                    writeFully(ch, ByteBuffer.wrap(data), (long) i * MIB);
                }
            }
        }
        Path socket = dir.resolve("nbd").resolve(export + ".sock");
        try (NbdServer server = new NbdServer(export, socket, target)) {
            server.start();
            String uri = "nbd+unix:///" + export + "?socket=" + socket;
            Cleanup.check("nbdcopy", "--flush", source.toString(), uri);
            settle();
            long t0 = System.nanoTime();
            Cleanup.check("nbdcopy", "--flush", source.toString(), uri);
            double mibs = mib / ((System.nanoTime() - t0) / 1e9);
            double fsync = percentile(localFsync(fsyncFile, data).latencyMicros(), 0.5);
            double[] lat = new double[SYNC_WRITES];
            try (NbdServerTest.Client c = NbdServerTest.Client.go(socket, export)) {
                byte[] block = Arrays.copyOf(data, 4096);
                for (int i = 0; i < SYNC_WRITES; i++) {
                    long t1 = System.nanoTime();
                    if (c.write((long) i * 4096, block, NbdServer.CMD_FLAG_FUA) != 0) {
                        throw new IOException(export + ": NBD write with FUA failed");
                    }
                    lat[i] = (System.nanoTime() - t1) / 1e3;
                }
                c.disconnect();
            }
            return new Sample(mibs, lat, fsync);
        }
    }

    private static void preallocate(FileChannel ch, int blocks, byte[] data) throws IOException {
        for (int i = 0; i < blocks; i++) {
            writeFully(ch, ByteBuffer.wrap(data, (i % 256) * 4096, 4096), (long) i * 4096);
        }
        ch.force(true);
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            at += ch.write(b, at);
        }
    }

    private static void setLength(Path file, long bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[1]), bytes - 1);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ report

    static String table(Map<String, List<Sample>> samples, int mib, int rounds, List<Protocol> protocols) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%nSequential: %d MiB in 1 MiB writes, one sync at the end. Sync: %d x 4 KiB"
                + " (engine: write + flush; two files: write both + fdatasync both; device: O_DSYNC writes to a file"
                + " on ext4; nbd: nbdcopy --flush for throughput, writes with FUA). Medians over %d rounds (vs baseline and p50/fsync: medians of per-round ratios);"
                + " protocols over loopback.%n%n", mib, SYNC_WRITES, rounds));
        String head = String.format(Locale.ROOT, "| %-48s | %9s | %11s | %9s | %9s | %10s |%n", "target", "seq MiB/s",
                "vs baseline", "4K p50 us", "4K p99 us", "p50/fsync");
        sb.append(head).append(head.replaceAll("[^|\\n]", "-"));
        for (Map.Entry<String, List<Sample>> e : samples.entrySet()) {
            String what = e.getKey();
            double mibs = medianThroughput(e.getValue());
            List<Sample> baseline = what.startsWith("engine") ? samples.get(TWO_FILES)
                    : what.startsWith("device") ? samples.get(PASSTHROUGH)
                    : what.startsWith("nbd") ? samples.get(NBD_PASSTHROUGH) : null;
            double ratio = ratio(e.getValue(), baseline);
            double p50 = medianPercentile(e.getValue(), 0.5);
            sb.append(String.format(Locale.ROOT, "| %-48s | %9s | %11s | %9.0f | %9.0f | %9.1fx |%n", what,
                    Double.isNaN(mibs) ? "-" : String.format(Locale.ROOT, "%.1f", mibs),
                    Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * ratio),
                    p50, medianPercentile(e.getValue(), 0.99), fsyncRatio(e.getValue())));
        }
        if (protocols.contains(Protocol.C)) {
            double c = ratio(samples.get("engine: protocol C"), samples.get(TWO_FILES));
            double cEngine = fsyncRatio(samples.get("engine: protocol C"));
            double cDevice = fsyncRatio(samples.get("device: ext4 on /dev/tandem, protocol C"));
            sb.append(String.format(Locale.ROOT, "%nGoal 1, protocol C >= 70%% of two local files (engine): %.0f%% -> %s%n",
                    100 * c, c >= 0.7 ? "met" : "NOT met"));
            sb.append(String.format(Locale.ROOT, "Goal 2, protocol C 4 KiB sync p50 <= 3x local fsync p50 (measured just"
                    + " before): engine %.1fx -> %s, device %.1fx -> %s%n", cEngine, cEngine <= 3 ? "met" : "NOT met",
                    cDevice, cDevice <= 3 ? "met" : "NOT met"));
        }
        return sb.toString();
    }

    /**
     * Median over rounds of throughput / the same round's baseline: the shared disk's speed changes from minute to
     * minute, and a ratio within one round compares targets measured seconds apart.
     */
    private static double ratio(List<Sample> s, List<Sample> baseline) {
        if (s == null || baseline == null || s.size() != baseline.size()) {
            return Double.NaN;
        }
        double[] r = new double[s.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = s.get(i).mibPerSecond() / baseline.get(i).mibPerSecond();
        }
        return median(r);
    }

    /** Median over rounds of the 4 KiB p50 / the p50 of the local fsync measured just before it (1 for that row). */
    private static double fsyncRatio(List<Sample> s) {
        if (s == null) {
            return Double.NaN;
        }
        return median(s.stream().mapToDouble(x -> Double.isNaN(x.fsyncP50()) ? 1.0
                : percentile(x.latencyMicros(), 0.5) / x.fsyncP50()).toArray());
    }

    private static double medianThroughput(List<Sample> s) {
        return s == null ? Double.NaN : median(s.stream().mapToDouble(Sample::mibPerSecond)
                .filter(x -> !Double.isNaN(x)).toArray());
    }

    private static double medianPercentile(List<Sample> s, double q) {
        return s == null ? Double.NaN : median(s.stream().mapToDouble(x -> percentile(x.latencyMicros(), q)).toArray());
    }

    private static double percentile(double[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        return v[Math.min(v.length - 1, (int) (v.length * q))];
    }

    private static double median(double[] values) {
        return percentile(values, 0.5);
    }
}
