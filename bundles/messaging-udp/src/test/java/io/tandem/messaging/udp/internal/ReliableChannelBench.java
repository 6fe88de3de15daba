package io.tandem.messaging.udp.internal;

import io.tandem.common.NodeId;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Reliable-channel throughput and one-way latency between two real engines over UDP on 127.0.0.1. Not a unit
 * test. Run with:
 *
 * <pre>
 * mvn -B -q -o -pl bundles/messaging-udp test-compile exec:java \
 *     -Dexec.mainClass=io.tandem.messaging.udp.internal.ReliableChannelBench -Dexec.classpathScope=test
 * </pre>
 */
public final class ReliableChannelBench {
    private ReliableChannelBench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path dir = Files.createTempDirectory("tandem-bench");
        if (args.length > 0 && args[0].equals("idle")) {
            idle(dir.resolve("i0"), args.length > 1 ? Integer.parseInt(args[1]) : 2, args.length > 2 ? Integer.parseInt(args[2]) : 30);
            return;
        }
        System.out.println("Reliable channel over UDP loopback, two engines in one JVM, " + Runtime.getRuntime().availableProcessors()
                + " cores, maxDatagramBytes 1400, sha256 HMAC");
        throughput(dir.resolve("t1"), 1024, 200_000, 20_000, Integer.MAX_VALUE);
        throughput(dir.resolve("t2"), 1024 * 1024, 300, 16, Integer.MAX_VALUE);
        throughput(dir.resolve("t3"), 1024 * 1024, 100, 16, 2048);
        latency(dir.resolve("l1"), 64, 20_000);
        idle(dir.resolve("i1"), 2, 20);
    }

    /** CPU of the whole JVM while two nodes only exchange heartbeats (keepalive 100 ms, two media each). */
    private static void idle(Path dir, int warmupSeconds, int seconds) throws Exception {
        Files.createDirectories(dir);
        Path keys = LoopbackPair.authKeys(dir);
        int pa = LoopbackPair.freePort();
        int pb = LoopbackPair.freePort();
        // Two media lines per node, as with two heartbeat links: every heartbeat goes out twice.
        TestConfig ca = new TestConfig("a", pa, keys, dir.resolve("a"), "ucast lo 127.0.0.1:" + pb, "ucast lo localhost:" + pb);
        TestConfig cb = new TestConfig("b", pb, keys, dir.resolve("b"), "ucast lo 127.0.0.1:" + pa, "ucast lo localhost:" + pa);
        try (Pair p = new Pair(new UdpMessenger(ca), new UdpMessenger(cb))) {
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(warmupSeconds));
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            long sent0 = p.a.counters().packetsSent() + p.b.counters().packetsSent();
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            java.util.Map<Long, Long> before = new java.util.HashMap<>();
            for (long id : threads.getAllThreadIds()) {
                before.put(id, threads.getThreadCpuTime(id));
            }
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(seconds));
            if (Boolean.getBoolean("bench.threads")) {
                for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
                    if (info != null) {
                        long used = threads.getThreadCpuTime(info.getThreadId()) - before.getOrDefault(info.getThreadId(), 0L);
                        System.out.printf("  %-40s %8.2f ms%n", info.getThreadName(), used / 1e6);
                    }
                }
            }
            double cpu = (os.getProcessCpuTime() - cpu0) / (double) (System.nanoTime() - t0);
            long packets = p.a.counters().packetsSent() + p.b.counters().packetsSent() - sent0;
            System.out.printf("idle: two nodes, keepalive 100 ms, 2 media each, %d s after %d s warm-up: %.3f%% of one core"
                    + " for the whole JVM (%.2f%% per node), %d heartbeat packets%n", seconds, warmupSeconds, cpu * 100, cpu * 50, packets);
        }
    }

    private static Pair pair(Path dir, int compressionThresholdBytes) throws Exception {
        Files.createDirectories(dir);
        Path keys = LoopbackPair.authKeys(dir);
        int pa = LoopbackPair.freePort();
        int pb = LoopbackPair.freePort();
        TestConfig ca = new TestConfig("a", pa, keys, dir.resolve("a"), "ucast lo 127.0.0.1:" + pb);
        TestConfig cb = new TestConfig("b", pb, keys, dir.resolve("b"), "ucast lo 127.0.0.1:" + pa);
        ca.compressionThresholdBytes = compressionThresholdBytes;
        cb.compressionThresholdBytes = compressionThresholdBytes;
        Pair p = new Pair(new UdpMessenger(ca), new UdpMessenger(cb));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (p.a.peers().isEmpty() || p.b.peers().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("peers did not find each other");
            }
            LockSupport.parkNanos(1_000_000);
        }
        return p;
    }

    private record Pair(UdpMessenger a, UdpMessenger b) implements AutoCloseable {
        @Override
        public void close() {
            b.deactivate();
            a.deactivate();
        }
    }

    private static void throughput(Path dir, int size, int count, int maxOutstanding, int compressionThreshold)
            throws Exception {
        try (Pair p = pair(dir, compressionThreshold)) {
            byte[] payload = new byte[size];
            new Random(1).nextBytes(payload);
            Semaphore window = new Semaphore(maxOutstanding);
            CountDownLatch done = new CountDownLatch(count);
            p.b.subscribe("bench", m -> {
                window.release();
                done.countDown();
            });
            NodeId b = NodeId.of("b");
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                window.acquire();
                p.a.send(b, "bench", payload);
            }
            if (!done.await(300, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not delivered: " + done.getCount());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            var counters = p.a.counters();
            System.out.printf("throughput %8d B messages x %6d: %8.1f MB/s, %9.0f msg/s, retransmissions %d, packets sent %d,"
                    + " receiver drops %s%s%n",
                    size, count, (double) size * count / seconds / 1e6, count / seconds, counters.retransmissions(),
                    counters.packetsSent(), p.b.counters().dropped(), compressionThreshold == Integer.MAX_VALUE ? " (compression off)"
                            : " (compression on above " + compressionThreshold + " B, random data)");
        }
    }

    private static void latency(Path dir, int size, int count) throws Exception {
        try (Pair p = pair(dir, 2048)) {
            int warmup = count / 10;
            count += warmup;
            long[] samples = new long[count];
            CountDownLatch done = new CountDownLatch(count);
            p.b.subscribe("lat", m -> {
                ByteBuffer bb = ByteBuffer.wrap(m.payload());
                int i = bb.getInt();
                samples[i] = System.nanoTime() - bb.getLong();
                done.countDown();
            });
            NodeId b = NodeId.of("b");
            for (int i = 0; i < count; i++) {
                ByteBuffer bb = ByteBuffer.allocate(size);
                bb.putInt(i).putLong(System.nanoTime());
                p.a.send(b, "lat", bb.array());
                LockSupport.parkNanos(200_000); // 5000 msg/s: latency, not throughput
            }
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not delivered: " + done.getCount());
            }
            long[] sorted = Arrays.copyOfRange(samples, warmup, count);
            Arrays.sort(sorted);
            count -= warmup;
            System.out.printf("one-way latency %d B messages x %d (after %d warm-up) at ~5000 msg/s: p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us%n",
                    size, count, warmup, sorted[count / 2] / 1e3, sorted[(int) (count * 0.99)] / 1e3,
                    sorted[(int) (count * 0.999)] / 1e3, sorted[count - 1] / 1e3);
        }
    }
}
