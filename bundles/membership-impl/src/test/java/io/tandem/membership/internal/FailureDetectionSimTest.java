package io.tandem.membership.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.NodeId;
import io.tandem.membership.NodeState;
import io.tandem.membership.NodeStatus;
import io.tandem.membership.internal.SimCluster.Death;
import io.tandem.membership.internal.SimCluster.Late;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keepalive 100 ms, warntime 250 ms, deadtime 500 ms, initdead 1000 ms unless a test says otherwise. */
class FailureDetectionSimTest {
    private static final long KEEPALIVE_MS = 100;
    private static final long DEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long WARN_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    @TempDir
    Path state;

    @Test
    void killedNodeIsDeclaredDeadWithinDeadTimePlusOneKeepaliveAndNotBeforeDeadTime() {
        Random phases = new Random(7);
        for (int round = 0; round < 10; round++) {
            SimCluster cluster = new SimCluster(100 + round, state.resolve("r" + round), KEEPALIVE_MS, 1, "a", "b", "c");
            cluster.startAll();
            assertTrue(cluster.runUntilConverged(5000, "a", "b", "c"));
            cluster.runMillis(1000 + phases.nextInt(1000));
            long killedAt = cluster.kill("c");
            cluster.runMillis(2000);
            for (String survivor : List.of("a", "b")) {
                List<Death> deaths = cluster.node(survivor).events.deathsOf("c");
                assertEquals(1, deaths.size(), survivor + " declares c dead exactly once: " + deaths);
                Death death = deaths.get(0);
                long afterKill = death.atNanos() - killedAt;
                assertTrue(afterKill <= DEAD_NANOS + TimeUnit.MILLISECONDS.toNanos(KEEPALIVE_MS),
                        survivor + " took " + afterKill / 1e6 + " ms after the kill");
                assertEquals(DEAD_NANOS, death.sinceLastHeartbeatNanos(), "declared exactly at deadtime after the last heartbeat");
                NodeStatus status = cluster.engine(survivor).node(NodeId.of("c")).orElseThrow();
                assertEquals(NodeState.DEAD, status.state());
                assertEquals(500, status.detectionMillis());
                assertTrue(status.deadSinceMillis() > 0);
            }
            assertTrue(cluster.runUntilConverged(2000, "a", "b"), "survivors agree on a view without c");
            cluster.assertViewsConsistent();
        }
    }

    @Test
    void noFalseDeathWithThirtyPercentLossOnOneOfTwoLinks() {
        SimCluster cluster = new SimCluster(42, state, KEEPALIVE_MS, 2, "a", "b", "c");
        cluster.network.setLinkLoss(0, 0.30);
        cluster.network.setLinkLoss(1, 0.05);
        cluster.network.setDelay(500, 5000);
        cluster.startAll();
        assertTrue(cluster.runUntilConverged(5000, "a", "b", "c"));
        int views = cluster.node("a").views.installed.size();
        cluster.runMillis(TimeUnit.MINUTES.toMillis(3));
        for (String name : cluster.names) {
            assertTrue(cluster.node(name).events.deaths.isEmpty(), name + " declared " + cluster.node(name).events.deaths);
        }
        assertEquals(views, cluster.node("a").views.installed.size(), "no view change under loss");
        assertTrue(cluster.runUntilConverged(1, "a", "b", "c"));
    }

    @Test
    void lateHeartbeatIsWarnedOnceAtWarnTimeAndTheNodeRecovers() {
        SimCluster cluster = new SimCluster(3, state, KEEPALIVE_MS, 1, "a", "b");
        cluster.network.setDelay(0, 0);
        cluster.startAll();
        assertTrue(cluster.runUntilConverged(5000, "a", "b"));
        cluster.network.block("b", "a");
        cluster.runMillis(400); // past warntime, short of deadtime
        List<Late> lates = cluster.node("a").events.lates;
        assertEquals(1, lates.size(), "one warning per late episode: " + lates);
        assertEquals(WARN_NANOS, lates.get(0).silentNanos());
        assertEquals(NodeState.LATE, cluster.engine("a").node(NodeId.of("b")).orElseThrow().state());
        cluster.network.unblock("b", "a");
        cluster.runMillis(300);
        assertEquals(NodeState.ACTIVE, cluster.engine("a").node(NodeId.of("b")).orElseThrow().state());
        assertTrue(cluster.node("a").events.deaths.isEmpty());
        assertEquals(1, cluster.node("a").events.lates.size());
        assertTrue(cluster.node("b").events.lates.isEmpty(), "a -> b was never cut");
    }

    @Test
    void nodeNeverHeardIsDeclaredDeadAtInitDeadNotAtDeadTime() {
        SimCluster cluster = new SimCluster(4, state, KEEPALIVE_MS, 1, "a", "b");
        cluster.start("a");
        cluster.runMillis(990);
        assertEquals(NodeState.UNKNOWN, cluster.engine("a").node(NodeId.of("b")).orElseThrow().state());
        cluster.runMillis(20);
        List<Death> deaths = cluster.node("a").events.deathsOf("b");
        assertEquals(1, deaths.size());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1000), deaths.get(0).atNanos());
        assertEquals(-1, deaths.get(0).sinceLastHeartbeatNanos());
        assertEquals(NodeState.DEAD, cluster.engine("a").node(NodeId.of("b")).orElseThrow().state());
        // b comes up later and is admitted at once.
        cluster.start("b");
        assertTrue(cluster.runUntilConverged(2000, "a", "b"));
    }

    @Test
    void cleanLeaveIsDeadAtOnce() {
        SimCluster cluster = new SimCluster(5, state, KEEPALIVE_MS, 1, "a", "b", "c");
        cluster.startAll();
        assertTrue(cluster.runUntilConverged(5000, "a", "b", "c"));
        long leftAt = cluster.nowNanos();
        cluster.leave("b");
        cluster.runMillis(20);
        Death death = cluster.node("a").events.deathsOf("b").get(0);
        assertEquals("left cleanly", death.reason());
        assertTrue(death.atNanos() - leftAt <= cluster.network.maxDelayNanos());
        assertTrue(cluster.runUntilConverged(500, "a", "c"), "view without b well before deadtime would have passed");
        assertTrue(cluster.nowNanos() - leftAt < DEAD_NANOS);
    }

    @Test
    void restartWithNewIncarnationLeavesAndRejoins() {
        SimCluster cluster = new SimCluster(6, state, KEEPALIVE_MS, 1, "a", "b", "c");
        cluster.startAll();
        assertTrue(cluster.runUntilConverged(5000, "a", "b", "c"));
        long before = cluster.engine("a").currentView().id();
        int mark = cluster.node("a").views.installed.size();
        long oldIncarnation = cluster.node("b").messenger.incarnation();
        cluster.restart("b"); // faster than deadtime: only the incarnation tells
        assertTrue(cluster.runUntilConverged(5000, "a", "b", "c"));
        List<io.tandem.membership.View> seen = cluster.node("a").views.since(mark);
        assertTrue(seen.stream().anyMatch(v -> !v.contains(NodeId.of("b"))), "b left the view first: " + seen);
        assertTrue(seen.get(seen.size() - 1).contains(NodeId.of("b")), "and rejoined: " + seen);
        assertTrue(cluster.engine("a").currentView().id() > before);
        assertTrue(cluster.node("a").events.deathsOf("b").get(0).reason().startsWith("restarted"));
        assertEquals(oldIncarnation + 1, cluster.engine("a").node(NodeId.of("b")).orElseThrow().incarnation());
        assertFalse(cluster.node("b").views.last().id() <= before, "the new incarnation joins with a higher id");
        cluster.assertViewsConsistent();
    }
}
