package io.tandem.membership.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Detection latency on the simulated network: keepalive 100 ms, deadtime 500 ms, warntime 250 ms, three nodes,
 * packet delay 0.5 ms + up to 5 ms jitter, 50 kills of node c at random phases. Latency is measured from the
 * kill to the moment each survivor declares c dead. Deterministic for a given seed (first argument).
 *
 * <p>Run: {@code mvn -q -o -pl bundles/membership-impl test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.tandem.membership.internal.DetectionLatencyBench}
 */
public final class DetectionLatencyBench {
    private DetectionLatencyBench() {
    }

    public static void main(String[] args) throws IOException {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 2024;
        int kills = 50;
        Path state = Files.createTempDirectory("tandem-bench");
        try {
            SimCluster cluster = new SimCluster(seed, state, 100, 1, "a", "b", "c");
            cluster.network.setDelay(500, 5000);
            cluster.startAll();
            if (!cluster.runUntilConverged(5000, "a", "b", "c")) {
                throw new IllegalStateException("cluster did not form");
            }
            Random random = new Random(seed);
            List<Double> latencies = new ArrayList<>();
            List<Double> sinceLastHeartbeat = new ArrayList<>();
            for (int i = 0; i < kills; i++) {
                cluster.runMillis(1000 + random.nextInt(1000)); // random phase against c's heartbeat schedule
                int deathsA = cluster.node("a").events.deathsOf("c").size();
                int deathsB = cluster.node("b").events.deathsOf("c").size();
                long killedAt = cluster.kill("c");
                cluster.runMillis(1500);
                for (SimCluster.Death death : List.of(cluster.node("a").events.deathsOf("c").get(deathsA),
                        cluster.node("b").events.deathsOf("c").get(deathsB))) {
                    latencies.add((death.atNanos() - killedAt) / 1e6);
                    sinceLastHeartbeat.add(death.sinceLastHeartbeatNanos() / 1e6);
                }
                cluster.start("c");
                if (!cluster.runUntilConverged(5000, "a", "b", "c")) {
                    throw new IllegalStateException("c did not rejoin after kill " + i);
                }
            }
            cluster.assertViewsConsistent();
            System.out.printf("Detection latency, %d kills x 2 survivors, keepalive 100 ms, deadtime 500 ms, "
                    + "delay 0.5-5.5 ms, seed %d%n", kills, seed);
            print("kill -> declared dead (ms)", latencies);
            print("last heartbeat -> declared dead (ms)", sinceLastHeartbeat);
            long over = latencies.stream().filter(l -> l > 600).count();
            System.out.printf("over deadtime + keepalive (600 ms): %d of %d%n", over, latencies.size());
        } finally {
            try (Stream<Path> files = Files.walk(state)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void print(String title, List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        System.out.printf("%-40s min %.1f  p50 %.1f  p90 %.1f  p99 %.1f  max %.1f  (n=%d)%n", title, sorted.get(0),
                percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99), sorted.get(sorted.size() - 1),
                sorted.size());
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
