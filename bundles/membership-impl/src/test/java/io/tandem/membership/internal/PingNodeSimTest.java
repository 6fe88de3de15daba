package io.tandem.membership.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.NodeId;
import io.tandem.membership.PingNodeStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ping 10.0.0.1 + ping_group g 10.0.1.1 10.0.1.2, probed every 100 ms, dead after 500 ms, multiplier 100. */
class PingNodeSimTest {
    @TempDir
    Path state;

    private SimCluster cluster() {
        SimCluster cluster = new SimCluster(1, state, 100, 1, "a", "b");
        List<PingTarget> targets = new ArrayList<>(PingTarget.parse("ping 10.0.0.1"));
        targets.addAll(PingTarget.parse("ping_group g 10.0.1.1 10.0.1.2"));
        cluster.customize(s -> new MembershipSettings(s.nodes(), s.deadTimeMillis(), s.warnTimeMillis(),
                s.initDeadMillis(), s.expectedVotes(), s.twoNode(), s.waitForAll(), s.noQuorumPolicy(), targets,
                100, 500, 100));
        cluster.reachable.put("a", new HashSet<>(Set.of("10.0.0.1", "10.0.1.1", "10.0.1.2")));
        cluster.reachable.put("b", new HashSet<>(Set.of("10.0.1.2")));
        return cluster;
    }

    @Test
    void connectivityIsExportedForThisNodeAndCarriedToPeersInHeartbeats() {
        SimCluster cluster = cluster().startAll();
        assertTrue(cluster.runUntilConverged(3000, "a", "b"));
        cluster.runMillis(300);
        NodeId a = NodeId.of("a");
        NodeId b = NodeId.of("b");
        assertEquals(Map.of("ping-connectivity", "200"), cluster.engine("a").nodeAttributes(a));
        assertEquals(Map.of("ping-connectivity", "100"), cluster.engine("b").nodeAttributes(b), "group g is up via 10.0.1.2");
        assertEquals(Map.of("ping-connectivity", "100"), cluster.engine("a").nodeAttributes(b));
        assertEquals(Map.of("ping-connectivity", "200"), cluster.engine("b").nodeAttributes(a));
        List<PingNodeStatus> seenByB = cluster.engine("b").pingNodes();
        assertEquals(List.of("10.0.0.1", "g"), seenByB.stream().map(PingNodeStatus::name).toList());
        assertFalse(seenByB.get(0).up());
        assertTrue(seenByB.get(1).up());
        assertEquals(List.of("10.0.1.1", "10.0.1.2"), seenByB.get(1).addresses());
    }

    @Test
    void aPingNodeGoesDownOnlyAfterDeadPingAndAGroupOnlyWhenAllMembersAre() {
        SimCluster cluster = cluster().startAll();
        assertTrue(cluster.runUntilConverged(3000, "a", "b"));
        cluster.runMillis(300);
        cluster.reachable.get("a").remove("10.0.0.1");
        cluster.reachable.get("a").remove("10.0.1.1");
        cluster.runMillis(350);
        assertEquals("200", cluster.engine("a").nodeAttributes(NodeId.of("a")).get("ping-connectivity"),
                "no answer for less than deadping yet");
        cluster.runMillis(300);
        assertEquals("100", cluster.engine("a").nodeAttributes(NodeId.of("a")).get("ping-connectivity"),
                "10.0.0.1 is down; g stays up through 10.0.1.2");
        cluster.runMillis(200);
        assertEquals("100", cluster.engine("b").nodeAttributes(NodeId.of("a")).get("ping-connectivity"));
        PingNodeStatus single = cluster.engine("a").pingNodes().get(0);
        assertFalse(single.up());
        assertTrue(single.lastChangeMillis() > 0);
        cluster.reachable.get("a").add("10.0.0.1");
        cluster.runMillis(150);
        assertEquals("200", cluster.engine("a").nodeAttributes(NodeId.of("a")).get("ping-connectivity"), "up at the first answer");
    }
}
