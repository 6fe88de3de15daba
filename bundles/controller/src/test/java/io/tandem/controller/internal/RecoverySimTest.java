package io.tandem.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cib.Cib;
import io.tandem.common.Score;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failure handling end to end: fail counts in the cluster-wide attribute store, migration-threshold, start failures, clean shutdown. */
class RecoverySimTest {
    static final String DB = """
            <primitive id="db" class="ocf" provider="heartbeat" type="Dummy">
              <meta_attributes id="db-meta"><nvpair id="db-mt" name="migration-threshold" value="2"/></meta_attributes>
              <operations><op id="db-mon" name="monitor" interval="1s" timeout="5s"/></operations>
            </primitive>""";

    @TempDir
    Path dir;

    private static SimStack started(Path dir, long seed, String resources) throws Exception {
        SimStack s = new SimStack(dir, seed, "node1", "node2").startAll();
        assertTrue(s.runUntil(() -> s.dc().isPresent(), 10_000), "a DC is elected");
        s.configure("node1", "resources", c -> SimStack.withResources(SimStack.withProperty(c, "stonith-enabled", "false"), resources));
        assertTrue(s.runUntil(() -> !s.placement().isEmpty() && s.settled(), 10_000), "started: " + s.placement());
        return s;
    }

    @Test
    void migrationThresholdMovesTheResourceAfterTwoFailures() throws Exception {
        try (SimStack s = started(dir, 11, DB)) {
            String first = s.placement().get("db").get(0);
            String other = first.equals("node1") ? "node2" : "node1";
            s.node(first).executor.crash("db");
            assertTrue(s.runUntil(() -> List.of(first).equals(s.placement().get("db")) && s.settled()
                    && failCount(s, first).equals(Score.of(1)), 10_000), "one failure: restarted in place, " + s.placement());
            assertEquals("1", transientAttribute(s, first, "fail-count-db#monitor_1000"), "the fail count is in the CIB status");
            s.node(first).executor.crash("db");
            assertTrue(s.runUntil(() -> List.of(other).equals(s.placement().get("db")) && s.settled(), 10_000),
                    "second failure reaches migration-threshold=2: moved to " + other + ", " + s.placement());
            assertEquals(Score.of(2), failCount(s, first));
            assertEquals(List.of(), s.violations());
        }
    }

    @Test
    void aFailedStartBansTheNodeAndTheResourceStartsElsewhere() throws Exception {
        try (SimStack s = new SimStack(dir, 12, "node1", "node2").startAll()) {
            assertTrue(s.runUntil(() -> s.dc().isPresent(), 10_000));
            s.node("node1").executor.fault("db", "start", SimExecutor.Fault.FAIL);
            s.node("node2").executor.fault("db", "start", SimExecutor.Fault.FAIL);
            s.node("node1").executor.fault("db", "start", SimExecutor.Fault.FAIL);
            s.configure("node1", "db", c -> SimStack.withResources(SimStack.withProperty(c, "stonith-enabled", "false"),
                    DB.replace("value=\"2\"", "value=\"INFINITY\"")));
            s.run(8_000);
            // start-failure-is-fatal: each failed start makes the fail count INFINITY there; with both nodes failed
            // once, db stays stopped rather than bouncing
            assertTrue(s.settled(), "the cluster settles");
            assertEquals(Score.INFINITY, failCount(s, "node1"));
            assertEquals(Score.INFINITY, failCount(s, "node2"));
            assertEquals(Map.of(), s.placement());
        }
    }

    @Test
    void aCleanShutdownMovesTheResourcesFirst() throws Exception {
        try (SimStack s = started(dir, 13, FailoverSimTest.GROUP)) {
            String active = s.placement().get("ip").get(0);
            String other = active.equals("node1") ? "node2" : "node1";
            var done = s.node(active).controller.shutdown();
            assertTrue(s.runUntil(done::isDone, 10_000), "the DC lets " + active + " go");
            assertTrue(s.node(active).executor.active().isEmpty(), "its resources stopped before it may go");
            assertTrue(s.runUntil(() -> List.of(other).equals(s.placement().get("ip"))
                    && List.of(other).equals(s.placement().get("www")), 5_000), "started on " + other + ": " + s.placement());
            assertEquals(List.of(), s.violations());
        }
    }

    private static Score failCount(SimStack s, String node) {
        return s.dc().get().attributes.attributes().failCount(node, "db");
    }

    private static String transientAttribute(SimStack s, String node, String name) {
        Cib cib = s.dc().get().cib.current();
        return StatusEdits.transientAttributes(cib, node).get(name);
    }


    @Test
    void anInquoratePartitionStopsItsResourcesAndTheMajorityTakesThemOver() throws Exception {
        try (SimStack s = new SimStack(dir, 14, "node1", "node2", "node3")) {
            s.twoNode = false;
            s.startAll();
            assertTrue(s.runUntil(() -> s.dc().isPresent() && s.dc().get().state().members().size() == 3, 10_000));
            s.configure("node1", "db on node3", c -> SimStack.withResources(SimStack.withProperty(c, "stonith-enabled", "false"),
                    DB));
            s.configure("node1", "prefer node3", c -> ConstraintCib.prefer(c, "db", "node3"));
            assertTrue(s.runUntil(() -> List.of("node3").equals(s.placement().get("db")) && s.settled(), 10_000), "on node3: " + s.placement());
            s.network.partition(List.of("node1", "node2"), List.of("node3"));
            assertTrue(s.runUntil(() -> !s.node("node3").executor.active().containsKey("db"), 5_000),
                    "no-quorum-policy=stop: node3 alone stops db");
            String majority = s.placement().getOrDefault("db", List.of()).toString();
            assertTrue(s.runUntil(() -> s.placement().getOrDefault("db", List.of()).size() == 1
                    && !s.placement().get("db").contains("node3"), 5_000), "the quorate side runs db: " + majority);
            assertEquals(List.of(), s.violations());
        }
    }

    @Test
    void aCleanupOfEverythingReprobesAndSettles() throws Exception {
        try (SimStack s = started(dir, 15, FailoverSimTest.GROUP)) {
            Map<String, List<String>> before = s.placement();
            for (String via : List.of("node2", "node1")) {
                boolean forgetFirst = via.equals("node2");
                if (forgetFirst) {
                    // what ClusterAdmin.cleanup does: the executors forget, then the CIB loses the histories
                    forgetAll(s, via);
                }
                s.configure(via, "cleanup", c -> {
                    try {
                        return io.tandem.controller.edit.StatusEdits.cleanup(c, java.util.Optional.empty(), java.util.Optional.empty(), false);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                if (!forgetFirst) {
                    // the late FORGET: it reaches the executors while the DC's probes run
                    forgetAll(s, via);
                }
                assertTrue(s.runUntil(s::converged, 5_000), "re-probed and settled within 5 s (cleanup via " + via + ")");
                assertEquals(before, s.placement(), "nothing moved");
            }
            assertEquals(List.of(), s.violations());
        }
    }

    private static void forgetAll(SimStack s, String via) {
        s.node(via).controller.forgetOn("ip", List.of("node1", "node2"));
        s.node(via).controller.forgetOn("www", List.of("node1", "node2"));
    }
}
