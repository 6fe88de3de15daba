package io.tandem.simtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.NodeId;
import io.tandem.membership.NodeState;
import io.tandem.membership.NodeStatus;
import io.tandem.membership.View;
import io.tandem.messaging.LinkStatus;
import io.tandem.messaging.PeerStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Nodes started together over two redundant links agree on one view: same id, members, order, coordinator. */
class ViewFormationSimTest {
    @TempDir
    Path state;

    @ParameterizedTest(name = "{0} nodes")
    @ValueSource(ints = {2, 3})
    void nodesStartingTogetherInstallOneIdenticalView(int count) {
        String[] names = List.of("c", "a", "b").subList(0, count).toArray(String[]::new);
        SimClusterHarness cluster = new SimClusterHarness(count, state, names).startAll();
        List<String> sorted = cluster.names.stream().sorted().toList();

        assertTrue(cluster.runUntilConverged(3000, names), "one view within 3 s: " + views(cluster));
        assertTrue(cluster.nowMillis() < cluster.initDeadMillis, "formed as soon as all were heard, not at initdead");
        cluster.run(2000);

        View view = cluster.node(names[0]).view();
        assertEquals(sorted, view.members().stream().map(NodeId::name).toList(), "members in name order");
        assertEquals(NodeId.of(sorted.get(0)), view.coordinator(), "lowest name coordinates");
        for (String name : names) {
            SimClusterHarness.Node node = cluster.node(name);
            assertEquals(view, node.view(), name + " has the same view");
            assertTrue(node.quorum().quorate(), name + ": " + node.quorum());
            assertTrue(node.viewsSince(0).size() <= 2, name + " churned: " + node.installed);
            assertTrue(node.deaths.isEmpty() && node.lates.isEmpty(), name + ": " + node.deaths + node.lates);
            for (NodeStatus status : node.membership.nodes()) {
                assertEquals(status.node().name().equals(name) ? NodeState.LOCAL : NodeState.ACTIVE, status.state(),
                        name + " sees " + status);
            }
            // Both redundant links carry every peer.
            List<PeerStatus> peers = node.messaging.peers();
            assertEquals(count - 1, peers.size());
            for (PeerStatus peer : peers) {
                assertEquals(2, peer.linksUp().size(), name + " -> " + peer);
            }
            for (LinkStatus link : node.messaging.links()) {
                assertTrue(link.peers().stream().allMatch(p -> p.up()), name + ": " + link);
            }
        }
        assertTrue(cluster.invariants.viewsChecked() >= count);
    }

    private static String views(SimClusterHarness cluster) {
        StringBuilder b = new StringBuilder();
        for (String n : cluster.names) {
            b.append(n).append('=').append(cluster.node(n).view()).append(' ');
        }
        return b.toString();
    }
}
