package io.tandem.messaging.udp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.messaging.LinkStatus;
import io.tandem.messaging.PeerLinkState;
import io.tandem.messaging.PeerStatus;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LinkStateSimTest {

    @Test
    void thirtyPercentLossOnOneOfTwoLinksKeepsPeersHeardAndBothLinksUp() {
        SimCluster c = new SimCluster(31, List.of("n1", "n2"), List.of("eth0", "eth1"));
        c.startAll();
        c.net.bothWays("n1/eth0", "n2/eth0", l -> l.drop(0.3));
        c.runUntil(() -> false, 1_000);
        long checkFrom = c.clock.nanoTime();
        for (int second = 0; second < 60; second++) {
            c.runUntil(() -> false, 1_000);
            for (SimCluster.Node n : c.nodes.values()) {
                PeerStatus p = n.engine.peers().get(0);
                assertEquals(2, p.linksUp().size(), n.name + " at " + second + "s: " + p);
            }
        }
        for (SimCluster.Node n : c.nodes.values()) {
            long maxGap = 0;
            long prev = checkFrom;
            for (long t : n.heardTimes) {
                if (t >= checkFrom) {
                    maxGap = Math.max(maxGap, t - prev);
                    prev = t;
                }
            }
            assertTrue(maxGap <= TimeUnit.MILLISECONDS.toNanos(101), n.name + " went " + maxGap / 1_000_000 + " ms unheard");
            LinkStatus lossy = n.engine.links().get(0);
            LinkStatus clean = n.engine.links().get(1);
            PeerLinkState lossyPeer = lossy.peers().get(0);
            PeerLinkState cleanPeer = clean.peers().get(0);
            assertTrue(lossyPeer.up() && cleanPeer.up());
            // ~10.5 heartbeats/s for 61 s: the lossy link carries about 70% of what the clean one does.
            double ratio = (double) lossyPeer.packetsReceived() / cleanPeer.packetsReceived();
            assertTrue(ratio > 0.6 && ratio < 0.8, "lossy/clean packets " + ratio);
        }
    }

    @Test
    void aDeadLinkGoesDownWhileTheOtherStaysUpAndComesBackWhenHealed() {
        SimCluster c = new SimCluster(32, List.of("n1", "n2"), List.of("eth0", "eth1"));
        c.startAll();
        c.runUntil(() -> false, 1_000);
        SimCluster.Node n1 = c.node("n1");
        assertEquals(List.of("ucast:eth0:n2", "ucast:eth1:n2"), n1.engine.peers().get(0).linksUp());
        c.net.bothWays("n1/eth0", "n2/eth0", l -> l.drop(1.0));
        c.runUntil(() -> false, c.linkDeadTimeMillis + c.keepAliveMillis);
        assertEquals(List.of("ucast:eth1:n2"), n1.engine.peers().get(0).linksUp());
        PeerLinkState dead = n1.engine.links().get(0).peers().get(0);
        assertTrue(!dead.up() && dead.lastHeardMillisAgo() >= c.linkDeadTimeMillis, dead.toString());
        assertTrue(n1.engine.links().get(1).peers().get(0).up());
        c.net.bothWays("n1/eth0", "n2/eth0", l -> l.drop(0.0));
        c.runUntil(() -> false, 2 * c.keepAliveMillis);
        assertEquals(2, n1.engine.peers().get(0).linksUp().size());
        assertEquals("n2/eth0", n1.engine.links().get(0).peers().get(0).address());
    }

    @Test
    void heartbeatsCarryTheProvidersPayload() {
        SimCluster c = new SimCluster(33, List.of("n1", "n2"), List.of("eth0"));
        c.startAll();
        c.node("n1").engine.setHeartbeatPayloadProvider(() -> new byte[] {7, 7, 7});
        byte[][] last = {null};
        c.node("n2").engine.addPeerListener((peer, inc, payload) -> {
            if (payload.length > 0) {
                last[0] = payload;
            }
        });
        assertTrue(c.runUntil(() -> last[0] != null, 1_000));
        assertEquals(3, last[0].length);
    }
}
