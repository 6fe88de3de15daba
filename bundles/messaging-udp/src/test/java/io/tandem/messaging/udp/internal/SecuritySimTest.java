package io.tandem.messaging.udp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.NodeId;
import io.tandem.messaging.DropReason;
import io.tandem.messaging.MessagingCounters;
import io.tandem.messaging.config.AuthKey;
import io.tandem.messaging.config.AuthKeys;
import io.tandem.messaging.config.AuthMethod;
import io.tandem.testkit.SimNetwork;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SecuritySimTest {
    private SimCluster c;
    private SimCluster.Node n2;
    private final List<SimNetwork.Datagram> captured = new ArrayList<>();

    @BeforeEach
    void twoNodes() {
        c = new SimCluster(41, List.of("n1", "n2"), List.of("eth0"));
        c.net.tap(d -> {
            if (d.from().equals("n1/eth0") && d.to().equals("n2/eth0")) {
                captured.add(d);
            }
        });
        c.startAll();
        n2 = c.node("n2");
        c.runUntil(() -> false, 500);
    }

    private long dropped(DropReason r) {
        return n2.engine.counters().dropped(r);
    }

    private List<String> peersOfN2() {
        return n2.engine.peers().stream().map(p -> p.peer().name()).toList();
    }

    @Test
    void packetsSignedWithAnotherKeyAreRejectedAsBadAuth() {
        AuthKeys wrong = AuthKeys.single(new AuthKey(1, AuthMethod.SHA256, "guess".getBytes(StandardCharsets.UTF_8)));
        c.start("mallory", 1, "tandem", wrong);
        c.runUntil(() -> false, 1_000);
        assertTrue(dropped(DropReason.BAD_AUTH) >= 9, n2.engine.counters().toString());
        assertEquals(List.of("n1"), peersOfN2());
    }

    @Test
    void unknownKeyIndexIsCountedAsSuch() {
        AuthKeys other = AuthKeys.single(new AuthKey(7, AuthMethod.SHA256, "s3cret".getBytes(StandardCharsets.UTF_8)));
        c.start("n3", 1, "tandem", other);
        c.runUntil(() -> false, 1_000);
        assertTrue(dropped(DropReason.UNKNOWN_KEY) >= 9);
        assertEquals(0, dropped(DropReason.BAD_AUTH));
        assertEquals(List.of("n1"), peersOfN2());
    }

    @Test
    void anotherClusterOnTheSameNetworkNeverMixes() {
        c.start("n3", 1, "other-cluster", SimCluster.KEYS);
        c.runUntil(() -> false, 1_000);
        assertTrue(dropped(DropReason.FOREIGN_CLUSTER) >= 9);
        assertEquals(0, dropped(DropReason.BAD_AUTH));
        assertEquals(List.of("n1"), peersOfN2());
    }

    @Test
    void replayedHeartbeatIsRejected() {
        byte[] old = captured.get(0).data();
        long before = dropped(DropReason.REPLAY);
        long heardBefore = n2.heardTimes.size();
        c.net.inject("n1/eth0", "n2/eth0", old);
        c.clock.advance(0);
        assertEquals(before + 1, dropped(DropReason.REPLAY));
        assertEquals(heardBefore, n2.heardTimes.size());
    }

    @Test
    void replayedDataIsNotDeliveredTwice() {
        captured.clear();
        c.node("n1").engine.send(NodeId.of("n2"), "test", "pay me once".getBytes(StandardCharsets.UTF_8));
        c.runUntil(() -> false, 250); // not at a heartbeat instant: nothing of n1's still in flight
        assertEquals(1, n2.received.size());
        long before = dropped(DropReason.REPLAY);
        List<SimNetwork.Datagram> recorded = List.copyOf(captured);
        for (SimNetwork.Datagram d : recorded) {
            c.net.inject(d.from(), d.to(), d.data());
        }
        c.clock.advance(0);
        assertEquals(1, n2.received.size());
        assertEquals(before + recorded.size(), dropped(DropReason.REPLAY));
    }

    @Test
    void packetsOfAnIncarnationBeforeARestartAreReplays() {
        byte[] old = captured.get(0).data();
        c.node("n1").crash();
        c.start("n1", 2);
        assertTrue(c.runUntil(() -> n2.events.contains("restarted n1 1->2"), 1_000));
        long before = dropped(DropReason.REPLAY);
        c.net.inject("n1/eth0", "n2/eth0", old);
        c.clock.advance(0);
        assertEquals(before + 1, dropped(DropReason.REPLAY));
        assertEquals(2, n2.engine.peers().get(0).incarnation());
    }

    @Test
    void tamperedGarbageAndTruncatedPacketsAreDroppedUnderOneReasonEach() {
        byte[] good = captured.get(captured.size() - 1).data();
        MessagingCounters before = n2.engine.counters();

        byte[] tampered = good.clone();
        tampered[tampered.length - 40] ^= 1; // in the header's sequence number, covered by the HMAC
        c.net.inject("n1/eth0", "n2/eth0", tampered);
        byte[] garbage = new byte[200];
        new Random(1).nextBytes(garbage);
        c.net.inject("x", "n2/eth0", garbage);
        c.net.inject("x", "n2/eth0", java.util.Arrays.copyOf(good, 10));
        c.clock.advance(0);

        MessagingCounters after = n2.engine.counters();
        assertEquals(before.dropped(DropReason.BAD_AUTH) + 1, after.dropped(DropReason.BAD_AUTH));
        assertEquals(before.dropped(DropReason.MALFORMED) + 2, after.dropped(DropReason.MALFORMED));
        long totalBefore = before.dropped().values().stream().mapToLong(Long::longValue).sum();
        long totalAfter = after.dropped().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(totalBefore + 3, totalAfter, "each bad packet counted exactly once");
        assertArrayEquals(good, captured.get(captured.size() - 1).data());
    }
}
