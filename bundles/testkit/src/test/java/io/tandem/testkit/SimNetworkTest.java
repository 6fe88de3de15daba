package io.tandem.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SimNetworkTest {
    private final SimScheduler clock = new SimScheduler();

    @Test
    void deliversAfterTheLinkDelay() {
        SimNetwork net = new SimNetwork(clock, 1);
        List<String> got = new ArrayList<>();
        SimNetwork.Endpoint a = net.attach("a/eth0", (f, d) -> { });
        net.attach("b/eth0", (from, d) -> got.add(from + ":" + new String(d)));
        net.link("a/eth0", "b/eth0").delay(5, TimeUnit.MILLISECONDS);
        a.send("b/eth0", "hi".getBytes());
        clock.advanceMillis(4);
        assertTrue(got.isEmpty());
        clock.advanceMillis(1);
        assertEquals(List.of("a/eth0:hi"), got);
    }

    @Test
    void dropRateIsRoughlyTheConfiguredProbabilityAndSeeded() {
        int first = deliveredOutOf(10_000, 42);
        assertEquals(first, deliveredOutOf(10_000, 42), "same seed, same run");
        assertTrue(first > 6_700 && first < 7_300, "about 70% delivered, got " + first);
    }

    private int deliveredOutOf(int n, long seed) {
        SimScheduler c = new SimScheduler();
        SimNetwork net = new SimNetwork(c, seed);
        int[] count = {0};
        SimNetwork.Endpoint a = net.attach("a", (f, d) -> { });
        net.attach("b", (f, d) -> count[0]++);
        net.link("a", "b").drop(0.3);
        for (int i = 0; i < n; i++) {
            a.send("b", new byte[] {1});
        }
        c.advanceMillis(10);
        return count[0];
    }

    @Test
    void duplicatesAndReordersWhenAsked() {
        SimNetwork net = new SimNetwork(clock, 7);
        List<Integer> got = new ArrayList<>();
        SimNetwork.Endpoint a = net.attach("a", (f, d) -> { });
        net.attach("b", (f, d) -> got.add((int) d[0]));
        net.link("a", "b").duplicate(0.5).reorder(0.5);
        for (int i = 0; i < 100; i++) {
            a.send("b", new byte[] {(byte) i});
            clock.advance(TimeUnit.MICROSECONDS.toNanos(10));
        }
        clock.advanceMillis(10);
        assertTrue(got.size() > 120, "duplicates: " + got.size());
        boolean outOfOrder = false;
        for (int i = 1; i < got.size(); i++) {
            outOfOrder |= got.get(i) < got.get(i - 1);
        }
        assertTrue(outOfOrder);
    }

    @Test
    void partitionCutsWholeNodesAndHealRestores() {
        SimNetwork net = new SimNetwork(clock, 3);
        List<byte[]> got = new ArrayList<>();
        SimNetwork.Endpoint a = net.attach("n1/eth0", (f, d) -> { });
        net.attach("n2/eth0", (f, d) -> got.add(d));
        net.partition(Set.of("n1"), Set.of("n2"));
        a.send("n2/eth0", new byte[] {1});
        clock.advanceMillis(1);
        assertTrue(got.isEmpty());
        net.heal();
        a.send("n2/eth0", new byte[] {2});
        clock.advanceMillis(1);
        assertEquals(1, got.size());
        assertArrayEquals(new byte[] {2}, got.get(0));
    }

    @Test
    void tapSeesSentDatagramsAndInjectBypassesFaults() {
        SimNetwork net = new SimNetwork(clock, 3);
        List<SimNetwork.Datagram> seen = new ArrayList<>();
        List<String> got = new ArrayList<>();
        net.tap(seen::add);
        SimNetwork.Endpoint a = net.attach("a", (f, d) -> { });
        net.attach("b", (f, d) -> got.add(f));
        net.link("a", "b").drop(1.0);
        a.send("b", new byte[] {9});
        net.inject("evil", "b", new byte[] {9});
        clock.advanceMillis(1);
        assertEquals(1, seen.size());
        assertEquals(List.of("evil"), got);
    }
}
