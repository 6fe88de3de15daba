package io.tandem.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tandem.cib.Cib;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random fault schedules against the whole stack: node crashes and restarts, partitions, message loss,
 * resource crashes and failing agents. Invariants: no primitive starts on a node while another node of the same
 * quorate partition runs it, CIB versions never go backwards on a node, and once the faults stop the cluster
 * converges (one DC, one CIB version everywhere, the DC idle with nothing left to schedule, no resource running
 * twice; a resource may stay stopped when its fail counts forbid every node).
 *
 * <p>{@code -Dchaos.schedules=N} runs N schedules (default 200; a nightly run uses thousands), {@code -Dchaos.seed=S}
 * replays one. A failure names its seed.
 */
class ChaosSimTest {
    static final String RESOURCES = FailoverSimTest.GROUP + """
            <primitive id="db" class="ocf" provider="heartbeat" type="Dummy">
              <operations><op id="db-mon" name="monitor" interval="2s" timeout="5s"/></operations>
            </primitive>""";

    @TempDir
    Path dir;

    @Test
    void randomFaultSchedulesKeepTheInvariantsAndConverge() throws Exception {
        String one = System.getProperty("chaos.seed");
        List<Long> seeds = new ArrayList<>();
        if (one != null && !one.isBlank()) {
            seeds.add(Long.parseLong(one.trim()));
        } else {
            int n = Integer.getInteger("chaos.schedules", 200);
            for (long s = 1; s <= n; s++) {
                seeds.add(s);
            }
        }
        List<String> failures = new ArrayList<>();
        for (long seed : seeds) {
            Path d = Files.createDirectory(dir.resolve("seed-" + seed));
            try {
                String problem = runSchedule(d, seed);
                if (problem != null) {
                    failures.add("seed " + seed + ": " + problem);
                }
            } catch (Throwable t) {
                failures.add("seed " + seed + ": " + t);
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + seeds.size() + " schedules failed (replay with -Dchaos.seed=S):\n"
                    + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
        }
    }

    /** One schedule; null when every invariant held, else what broke. */
    static String runSchedule(Path d, long seed) throws Exception {
        Random rnd = new Random(seed);
        String[] names = rnd.nextBoolean() ? new String[] {"node1", "node2"} : new String[] {"node1", "node2", "node3"};
        try (SimStack s = new SimStack(d, seed, names)) {
            s.twoNode = names.length == 2;
            s.startAll();
            if (!s.runUntil(() -> s.dc().isPresent(), 10_000)) {
                return "no DC at start";
            }
            s.configure("node1", "resources", ChaosSimTest::config);
            List<String> down = new ArrayList<>();
            long faultEnd = 20_000;
            long t = 0;
            while (t < faultEnd) {
                long step = 200 + rnd.nextInt(1500);
                s.run(step);
                t += step;
                int what = rnd.nextInt(10);
                List<SimStack.Node> live = s.live();
                SimStack.Node victim = live.get(rnd.nextInt(live.size()));
                switch (what) {
                    case 0 -> {
                        if (live.size() > 1) {
                            s.kill(victim.name);
                            down.add(victim.name);
                        }
                    }
                    case 1 -> {
                        if (!down.isEmpty()) {
                            s.start(down.remove(0));
                        }
                    }
                    case 2 -> {
                        List<String> a = new ArrayList<>(List.of(names));
                        List<String> b = new ArrayList<>();
                        b.add(a.remove(rnd.nextInt(a.size())));
                        s.network.partition(a, b);
                    }
                    case 3 -> s.network.heal();
                    case 4 -> victim.executor.crash(List.of("ip", "www", "db").get(rnd.nextInt(3)));
                    case 5 -> victim.executor.fault(List.of("ip", "www", "db").get(rnd.nextInt(3)),
                            rnd.nextBoolean() ? "start" : "monitor", SimExecutor.Fault.FAIL);
                    case 6 -> victim.executor.latency(1, 1 + rnd.nextInt(400));
                    case 7 -> s.network.setLinkLoss(0, rnd.nextDouble() * 0.2);
                    default -> {
                        // quiet period
                    }
                }
            }
            s.network.heal();
            s.network.setLinkLoss(0, 0);
            for (String n : down) {
                s.start(n);
            }
            for (SimStack.Node n : s.live()) {
                n.executor.latency(1, 20);
            }
            boolean converged = s.runUntil(() -> s.converged() && runningAtMostOnce(s.placement()), 60_000);
            if (!s.violations().isEmpty()) {
                return String.join("; ", s.violations());
            }
            if (!converged) {
                return "no convergence 60 s after the faults stopped: DC " + s.dc().map(n -> n.name + " " + n.state()).orElse("none")
                        + ", placement " + s.placement();
            }
            return null;
        }
    }

    private static boolean runningAtMostOnce(Map<String, List<String>> placement) {
        return Stream.of("ip", "www", "db").allMatch(r -> placement.getOrDefault(r, List.of()).size() <= 1);
    }

    static Cib config(Cib c) {
        return SimStack.withResources(SimStack.withProperty(c, "stonith-enabled", "false"), RESOURCES);
    }

    @Test
    void aFailingSeedReplaysTheSameWay() throws Exception {
        String a = runSchedule(Files.createDirectory(dir.resolve("a")), 42);
        String b = runSchedule(Files.createDirectory(dir.resolve("b")), 42);
        assertEquals(a, b, "the same seed gives the same outcome");
        assertTrue(a == null, "seed 42: " + a);
    }
}
