package io.tandem.membership.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.membership.NoQuorumPolicy;
import io.tandem.membership.QuorumStatus;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuorumSimTest {
    @TempDir
    Path state;

    @Test
    void twoOfThreeAreQuorateAndTheOneLeftAloneIsNot() {
        SimCluster cluster = new SimCluster(1, state, 100, 1, "a", "b", "c").startAll();
        assertTrue(cluster.runUntilConverged(3000, "a", "b", "c"));
        assertEquals(new QuorumStatus(true, 3, 3, false, false, NoQuorumPolicy.STOP), cluster.engine("c").quorum());
        cluster.network.partition(Set.of("a"), Set.of("b", "c"));
        assertTrue(cluster.runUntilConverged(3000, "b", "c"));
        assertTrue(cluster.runUntilConverged(3000, "a"));
        assertEquals(new QuorumStatus(true, 2, 3, false, false, NoQuorumPolicy.STOP), cluster.engine("b").quorum());
        assertEquals(new QuorumStatus(false, 1, 3, false, false, NoQuorumPolicy.STOP), cluster.engine("a").quorum());
        QuorumStatus told = cluster.node("a").views.quorums.get(cluster.node("a").views.quorums.size() - 1);
        assertFalse(told.quorate(), "listeners get the quorum with the view");
    }

    @Test
    void twoNodeModeWaitsForBothNodesAtFirstStartThenKeepsQuorumWithOneSurvivor() {
        SimCluster cluster = new SimCluster(2, state, 100, 1, "a", "b");
        cluster.start("a");
        cluster.runMillis(3000); // well past initdead: a forms a view alone
        assertEquals(1, cluster.engine("a").currentView().members().size());
        assertTrue(cluster.engine("a").currentView().id() > 0);
        QuorumStatus alone = cluster.engine("a").quorum();
        assertFalse(alone.quorate(), "wait-for-all: b was never seen");
        assertTrue(alone.waitingForAll());
        assertTrue(alone.twoNode());

        cluster.start("b");
        assertTrue(cluster.runUntilConverged(3000, "a", "b"));
        assertEquals(new QuorumStatus(true, 2, 2, true, false, NoQuorumPolicy.STOP), cluster.engine("a").quorum());

        cluster.kill("b");
        assertTrue(cluster.runUntilConverged(3000, "a"));
        assertEquals(new QuorumStatus(true, 1, 2, true, false, NoQuorumPolicy.STOP), cluster.engine("a").quorum(),
                "one survivor of two keeps quorum");

        cluster.restart("a"); // a fresh start of the survivor waits for all again
        cluster.runMillis(3000);
        assertFalse(cluster.engine("a").quorum().quorate());
        assertTrue(cluster.engine("a").quorum().waitingForAll());
    }

    @Test
    void withoutTwoNodeModeTheSurvivorOfTwoLosesQuorum() {
        SimCluster cluster = new SimCluster(3, state, 100, 1, "a", "b");
        cluster.twoNode = false;
        cluster.startAll();
        assertTrue(cluster.runUntilConverged(3000, "a", "b"));
        assertTrue(cluster.engine("a").quorum().quorate());
        cluster.kill("a");
        assertTrue(cluster.runUntilConverged(3000, "b"));
        assertEquals(new QuorumStatus(false, 1, 2, false, false, NoQuorumPolicy.STOP), cluster.engine("b").quorum());
    }

    @Test
    void expectedVotesOverrideTheNodeCountAndThePolicyIsReported() {
        SimCluster cluster = new SimCluster(4, state, 100, 1, "a", "b", "c");
        cluster.expectedVotes = 5;
        cluster.customize(s -> new MembershipSettings(s.nodes(), s.deadTimeMillis(), s.warnTimeMillis(),
                s.initDeadMillis(), s.expectedVotes(), s.twoNode(), s.waitForAll(), NoQuorumPolicy.FREEZE,
                s.pingTargets(), s.pingIntervalMillis(), s.deadPingMillis(), s.pingMultiplier()));
        cluster.startAll();
        assertTrue(cluster.runUntilConverged(3000, "a", "b", "c"));
        assertEquals(new QuorumStatus(true, 3, 5, false, false, NoQuorumPolicy.FREEZE), cluster.engine("a").quorum());
        cluster.kill("c");
        assertTrue(cluster.runUntilConverged(3000, "a", "b"));
        assertEquals(new QuorumStatus(false, 2, 5, false, false, NoQuorumPolicy.FREEZE), cluster.engine("a").quorum());
    }
}
