package io.tandem.simtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.NodeId;
import io.tandem.membership.View;
import io.tandem.messaging.DropReason;
import io.tandem.messaging.udp.internal.SimWire;
import io.tandem.testkit.SimNetwork;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that restarts comes back with a new incarnation (read from and written to its state directory, as on a
 * real start): peers treat it as a leave and a join, and nothing its old incarnation sent is accepted again.
 */
class RestartSimTest {
    @TempDir
    Path state;

    @Test
    void crashRestartIsLeaveAndRejoinAndTheOldIncarnationsPacketsAreReplays() {
        restartAndReplay(false);
    }

    @Test
    void cleanStopAnnouncesLeaveAndTheOldLeaveReplayedAfterTheRestartDoesNotEvictTheNode() {
        restartAndReplay(true);
    }

    private void restartAndReplay(boolean clean) {
        SimClusterHarness cluster = new SimClusterHarness(clean ? 21 : 22, state, "a", "b", "c").startAll();
        List<SimNetwork.Datagram> fromOldB = new ArrayList<>();
        cluster.net.tap(d -> {
            if (d.from().startsWith("b/")) {
                fromOldB.add(d);
            }
        });
        assertTrue(cluster.runUntilConverged(3000, "a", "b", "c"));
        cluster.run(1000);
        View before = cluster.node("a").view();
        long oldIncarnation = cluster.node("b").incarnation;
        int[] marks = {cluster.node("a").installed.size(), cluster.node("c").installed.size()};

        if (clean) {
            cluster.stop("b"); // its LEAVE packets are captured too
            cluster.run(50);
        } else {
            cluster.kill("b"); // back well within deadtime: only the incarnation tells
        }
        List<SimNetwork.Datagram> captured = List.copyOf(fromOldB);
        Set<String> types = captured.stream().map(d -> SimWire.packetType(d.data())).collect(Collectors.toSet());
        assertEquals(clean ? Set.of("HEARTBEAT", "DATA", "ACK", "LEAVE") : Set.of("HEARTBEAT", "DATA", "ACK"), types,
                "captured heartbeats, view protocol messages and acks of the old b");
        SimClusterHarness.Node b = cluster.start("b");
        assertEquals(oldIncarnation + 1, b.incarnation, "incarnation persisted and incremented");

        assertTrue(cluster.runUntilConverged(5000, "a", "b", "c"));
        cluster.run(1000);
        View after = cluster.node("a").view();
        assertTrue(after.id() > before.id());
        for (int i = 0; i < 2; i++) {
            SimClusterHarness.Node peer = cluster.node(List.of("a", "c").get(i));
            List<View> seen = peer.viewsSince(marks[i]);
            assertTrue(seen.stream().anyMatch(v -> !v.contains(NodeId.of("b"))), peer + " saw b leave: " + seen);
            assertTrue(seen.get(seen.size() - 1).contains(NodeId.of("b")), peer + " saw b rejoin: " + seen);
            SimClusterHarness.Death death = peer.deathsOf("b").get(0);
            assertEquals(clean ? "left cleanly" : "restarted, incarnation " + oldIncarnation + " -> " + b.incarnation,
                    death.reason());
            assertEquals(b.incarnation, peer.membership.node(NodeId.of("b")).orElseThrow().incarnation());
            assertTrue(peer.peerEvents.contains(clean ? "left b " + oldIncarnation
                    : "restarted b " + oldIncarnation + "->" + b.incarnation), peer.peerEvents.toString());
        }

        // Replay everything the old incarnation ever sent, LEAVE included, at its original destinations.
        long replayA = cluster.node("a").dropped(DropReason.REPLAY);
        long replayC = cluster.node("c").dropped(DropReason.REPLAY);
        long toA = captured.stream().filter(d -> d.to().startsWith("a/")).count();
        long toC = captured.stream().filter(d -> d.to().startsWith("c/")).count();
        int[] viewsBefore = {cluster.node("a").installed.size(), cluster.node("b").installed.size(),
                cluster.node("c").installed.size()};
        for (SimNetwork.Datagram d : captured) {
            cluster.net.inject(d.from(), d.to(), d.data());
        }
        cluster.run(3000);

        assertEquals(replayA + toA, cluster.node("a").dropped(DropReason.REPLAY), "every replayed packet counted");
        assertEquals(replayC + toC, cluster.node("c").dropped(DropReason.REPLAY), "every replayed packet counted");
        for (int i = 0; i < 3; i++) {
            SimClusterHarness.Node node = cluster.node(cluster.names.get(i));
            assertEquals(viewsBefore[i], node.installed.size(), node + " changed views on replayed packets");
            assertEquals(after, node.view());
        }
        assertEquals(1, cluster.node("a").deathsOf("b").size(), "the replayed LEAVE did not evict b again");
        assertEquals(1, cluster.node("c").deathsOf("b").size());
    }
}
