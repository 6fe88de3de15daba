package io.tandem.simtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.membership.NoQuorumPolicy;
import io.tandem.membership.QuorumStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuorumSimTest {
    @TempDir
    Path state;

    @Test
    void majoritySideOfAThreeNodePartitionIsQuorateAndTheLoneNodeIsNot() {
        SimClusterHarness cluster = new SimClusterHarness(11, state, "a", "b", "c").startAll();
        assertTrue(cluster.runUntilConverged(3000, "a", "b", "c"));
        for (String name : cluster.names) {
            assertEquals(new QuorumStatus(true, 3, 3, false, false, NoQuorumPolicy.STOP), cluster.node(name).quorum());
        }
        cluster.partition(Set.of("a"), Set.of("b", "c"));
        assertTrue(cluster.runUntilConverged(3000, "a"));
        assertTrue(cluster.runUntilConverged(3000, "b", "c"));
        assertEquals(new QuorumStatus(false, 1, 3, false, false, NoQuorumPolicy.STOP), cluster.node("a").quorum());
        for (String name : List.of("b", "c")) {
            assertEquals(new QuorumStatus(true, 2, 3, false, false, NoQuorumPolicy.STOP), cluster.node(name).quorum());
        }
        SimClusterHarness.Node a = cluster.node("a");
        assertFalse(a.quorums.get(a.quorums.size() - 1).quorate(), "listeners are told with the view");

        cluster.heal();
        assertTrue(cluster.runUntilConverged(5000, "a", "b", "c"));
        assertTrue(cluster.node("a").quorum().quorate());
    }

    @Test
    void twoNodeSurvivorKeepsQuorumButAfterAFullRestartWaitsForItsPeer() {
        SimClusterHarness cluster = new SimClusterHarness(12, state, "a", "b").startAll();
        assertTrue(cluster.runUntilConverged(3000, "a", "b"));
        assertEquals(new QuorumStatus(true, 2, 2, true, false, NoQuorumPolicy.STOP), cluster.node("a").quorum());

        cluster.kill("b");
        assertTrue(cluster.runUntilConverged(3000, "a"));
        assertEquals(new QuorumStatus(true, 1, 2, true, false, NoQuorumPolicy.STOP), cluster.node("a").quorum(),
                "one survivor of two keeps quorum");

        // Power failure: both down; a comes back first, alone.
        cluster.kill("a");
        cluster.run(2000);
        cluster.start("a");
        cluster.run(3 * cluster.initDeadMillis);
        SimClusterHarness.Node a = cluster.node("a");
        assertEquals(List.of("a"), a.view().members().stream().map(n -> n.name()).toList());
        assertTrue(a.view().id() > 0, "a forms a view of its own after initdead");
        assertEquals(new QuorumStatus(false, 1, 2, true, true, NoQuorumPolicy.STOP), a.quorum(),
                "wait-for-all: no quorum before the peer was seen");
        assertTrue(a.quorums.stream().noneMatch(QuorumStatus::quorate), "never quorate alone: " + a.quorums);

        cluster.start("b");
        assertTrue(cluster.runUntilConverged(3000, "a", "b"));
        assertEquals(new QuorumStatus(true, 2, 2, true, false, NoQuorumPolicy.STOP), cluster.node("a").quorum());
        assertEquals(new QuorumStatus(true, 2, 2, true, false, NoQuorumPolicy.STOP), cluster.node("b").quorum());

        // Seen together once: now each survivor keeps quorum.
        cluster.kill("a");
        assertTrue(cluster.runUntilConverged(3000, "b"));
        assertEquals(new QuorumStatus(true, 1, 2, true, false, NoQuorumPolicy.STOP), cluster.node("b").quorum());
    }
}
