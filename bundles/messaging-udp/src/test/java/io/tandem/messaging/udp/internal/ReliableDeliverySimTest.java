package io.tandem.messaging.udp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.NodeId;
import io.tandem.messaging.DropReason;
import io.tandem.messaging.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReliableDeliverySimTest {
    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");

    private static SimCluster twoNodesTwoLinks(long seed) {
        SimCluster c = new SimCluster(seed, List.of("n1", "n2"), List.of("eth0", "eth1"));
        c.startAll();
        return c;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void inOrderExactlyOnceDespiteLossDuplicatesAndReorderOnBothLinks() {
        SimCluster c = twoNodesTwoLinks(11);
        for (String iface : List.of("eth0", "eth1")) {
            c.net.bothWays("n1/" + iface, "n2/" + iface, l -> l.drop(0.3).duplicate(0.2).reorder(0.2)
                    .delay(2, TimeUnit.MILLISECONDS).jitter(3, TimeUnit.MILLISECONDS));
        }
        SimCluster.Node n1 = c.node("n1");
        SimCluster.Node n2 = c.node("n2");
        List<String> expected = IntStream.range(0, 500).mapToObj(i -> "m" + i).collect(Collectors.toList());
        for (String m : expected) {
            n1.engine.send(N2, "test", utf8(m));
        }
        assertTrue(c.runUntil(() -> n2.received.size() >= 500, 120_000), "delivered " + n2.received.size());
        c.runUntil(() -> false, 5_000);
        assertEquals(expected, n2.payloads(), "every message once, in send order");
        assertTrue(n1.engine.counters().retransmissions() > 0, "loss forced retransmissions");
        assertEquals(0, n1.engine.peers().get(0).unackedMessages());
        assertEquals(500, n1.engine.counters().messagesSent());
    }

    @Test
    void sixteenMebibyteMessageArrivesIntactInDatagramsNoLargerThanTheLimit() {
        SimCluster c = twoNodesTwoLinks(12);
        int[] largest = {0};
        c.net.tap(d -> largest[0] = Math.max(largest[0], d.data().length));
        c.runUntil(() -> false, 500);
        byte[] payload = new byte[16 * 1024 * 1024];
        new Random(5).nextBytes(payload); // incompressible: every byte goes through fragmentation
        c.node("n1").engine.send(N2, "test", payload);
        SimCluster.Node n2 = c.node("n2");
        assertTrue(c.runUntil(() -> !n2.received.isEmpty(), 120_000));
        assertArrayEquals(payload, n2.received.get(0).payload());
        assertEquals(N1, n2.received.get(0).from());
        assertTrue(largest[0] <= c.maxDatagramBytes, "largest datagram " + largest[0]);
    }

    @Test
    void largeMessageSurvivesLossOnBothLinks() {
        SimCluster c = twoNodesTwoLinks(13);
        for (String iface : List.of("eth0", "eth1")) {
            c.net.bothWays("n1/" + iface, "n2/" + iface, l -> l.drop(0.2).reorder(0.1).delay(1, TimeUnit.MILLISECONDS));
        }
        byte[] payload = new byte[2 * 1024 * 1024];
        new Random(6).nextBytes(payload);
        c.node("n1").engine.send(N2, "test", payload);
        SimCluster.Node n2 = c.node("n2");
        assertTrue(c.runUntil(() -> !n2.received.isEmpty(), 300_000));
        assertArrayEquals(payload, n2.received.get(0).payload());
    }

    @Test
    void compressesMessagesAboveTheThreshold() {
        SimCluster c = new SimCluster(14, List.of("n1", "n2"), List.of("eth0"));
        c.startAll();
        c.runUntil(() -> false, 500);
        long[] dataBytes = {0};
        c.net.tap(d -> {
            if (d.from().startsWith("n1/")) {
                dataBytes[0] += d.data().length;
            }
        });
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 1024 * 1024; i++) {
            text.append("<nvpair id=\"status-").append(i % 50).append("\" name=\"fail-count\" value=\"0\"/>\n");
        }
        byte[] payload = utf8(text.toString());
        c.node("n1").engine.send(N2, "test", payload);
        SimCluster.Node n2 = c.node("n2");
        assertTrue(c.runUntil(() -> !n2.received.isEmpty(), 10_000));
        assertArrayEquals(payload, n2.received.get(0).payload());
        assertTrue(dataBytes[0] < payload.length / 5, "sent " + dataBytes[0] + " bytes for a " + payload.length + " byte message");
    }

    @Test
    void smallMessagesBelowTheThresholdAreSentAsIs() {
        SimCluster c = new SimCluster(15, List.of("n1", "n2"), List.of("eth0"));
        c.compressionThresholdBytes = 100_000;
        c.startAll();
        c.runUntil(() -> false, 500);
        long[] dataBytes = {0};
        c.net.tap(d -> {
            if (d.from().startsWith("n1/")) {
                dataBytes[0] += d.data().length;
            }
        });
        byte[] payload = new byte[50_000]; // zeros: would compress to almost nothing
        c.node("n1").engine.send(N2, "test", payload);
        assertTrue(c.runUntil(() -> !c.node("n2").received.isEmpty(), 10_000));
        assertTrue(dataBytes[0] > payload.length, "not compressed below the threshold: " + dataBytes[0]);
    }

    @Test
    void copiesFromRedundantLinksAreDeliveredOnceAndCountedAsDuplicates() {
        SimCluster c = twoNodesTwoLinks(16);
        c.runUntil(() -> false, 1_000);
        SimCluster.Node n2 = c.node("n2");
        for (int i = 0; i < 100; i++) {
            c.node("n1").engine.send(N2, "test", utf8("x" + i));
        }
        c.runUntil(() -> false, 2_000);
        assertEquals(IntStream.range(0, 100).mapToObj(i -> "x" + i).collect(Collectors.toList()), n2.payloads());
        assertTrue(n2.engine.counters().dropped(DropReason.DUPLICATE) >= 100, n2.engine.counters().toString());
        assertEquals(0, n2.engine.counters().dropped(DropReason.REPLAY));
        assertEquals(2, n2.engine.peers().get(0).linksUp().size());
    }

    @Test
    void broadcastReachesEveryPeerAndThisNode() {
        SimCluster c = new SimCluster(17, List.of("n1", "n2", "n3"), List.of("eth0"));
        c.startAll();
        c.runUntil(() -> false, 500);
        c.node("n1").engine.broadcast("test", utf8("hello all"));
        assertTrue(c.runUntil(() -> c.nodes.values().stream().allMatch(n -> n.received.size() == 1), 5_000));
        for (SimCluster.Node n : c.nodes.values()) {
            Message m = n.received.get(0);
            assertEquals(N1, m.from());
            assertEquals("hello all", new String(m.payload(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void messagesToAPeerNotHeardYetWaitForIt() {
        SimCluster c = new SimCluster(18, List.of("n1", "n2"), List.of("eth0"));
        SimCluster.Node n1 = c.start("n1", 1);
        n1.engine.send(N2, "test", utf8("early"));
        c.runUntil(() -> false, 3_000);
        SimCluster.Node n2 = c.start("n2", 1);
        assertTrue(c.runUntil(() -> !n2.received.isEmpty(), 5_000));
        assertEquals(List.of("early"), n2.payloads());
    }

    @Test
    void restartIsReportedOldStreamIsDroppedAndNewStreamWorks() {
        SimCluster c = twoNodesTwoLinks(19);
        SimCluster.Node n1 = c.node("n1");
        c.runUntil(() -> false, 500);
        n1.engine.send(N2, "test", utf8("before"));
        assertTrue(c.runUntil(() -> !c.node("n2").received.isEmpty(), 2_000));
        c.node("n2").crash();
        n1.engine.send(N2, "test", utf8("to the dead incarnation"));
        c.runUntil(() -> false, 2_000);
        SimCluster.Node n2b = c.start("n2", 2);
        assertTrue(c.runUntil(() -> n1.events.contains("restarted n2 1->2"), 2_000), n1.events.toString());
        n1.engine.send(N2, "test", utf8("after"));
        n2b.engine.send(N1, "test", utf8("hello from 2"));
        assertTrue(c.runUntil(() -> !n2b.received.isEmpty() && n1.received.size() == 1, 5_000));
        c.runUntil(() -> false, 2_000);
        assertEquals(List.of("after"), n2b.payloads(), "the old incarnation's message is not replayed to the new one");
        assertEquals(List.of("hello from 2"), n1.payloads());
        assertEquals(2, n1.received.get(0).fromIncarnation());
        assertEquals(2, n1.engine.peers().get(0).incarnation());
    }

    @Test
    void cleanStopIsAnnouncedAndLateCopiesAreNotMistakenForLife() {
        SimCluster c = twoNodesTwoLinks(20);
        SimCluster.Node n1 = c.node("n1");
        c.runUntil(() -> false, 500);
        c.node("n2").stop();
        assertTrue(c.runUntil(() -> n1.events.contains("left n2 1"), 1_000), n1.events.toString());
        c.runUntil(() -> false, 100);
        assertTrue(n1.engine.peers().get(0).linksUp().isEmpty());
        List<String> leftEvents = new ArrayList<>(n1.events);
        assertEquals(1, leftEvents.stream().filter(e -> e.startsWith("left")).count());
    }
}
