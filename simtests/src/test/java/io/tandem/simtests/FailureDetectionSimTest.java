package io.tandem.simtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.NodeId;
import io.tandem.membership.View;
import io.tandem.messaging.DropReason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keepalive 100 ms, warntime 300 ms, deadtime 500 ms, two links per node pair. */
class FailureDetectionSimTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @TempDir
    Path state;

    @Test
    void killedNodeIsDeclaredDeadWithinDeadTimePlusOneKeepaliveNeverBeforeDeadTimeAfterItsLastPacket() {
        Random random = new Random(2024);
        List<Long> latenciesMillis = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            SimClusterHarness cluster = new SimClusterHarness(1000 + round, state.resolve("r" + round), "a", "b", "c")
                    .startAll();
            assertTrue(cluster.runUntilConverged(3000, "a", "b", "c"), "round " + round);
            // A random phase against the heartbeat schedule, down to the nanosecond.
            cluster.clock.advance(1000 * MS + (long) (random.nextDouble() * 1000 * MS));
            String victim = cluster.names.get(random.nextInt(3));
            List<String> survivors = cluster.names.stream().filter(n -> !n.equals(victim)).toList();
            long viewBefore = cluster.node(survivors.get(0)).view().id();
            long killedAt = cluster.kill(victim);
            cluster.run(2000);

            for (String survivor : survivors) {
                SimClusterHarness.Node node = cluster.node(survivor);
                String where = "round " + round + ", " + survivor + " about " + victim + ": ";
                List<SimClusterHarness.Death> deaths = node.deathsOf(victim);
                assertEquals(1, deaths.size(), where + deaths);
                SimClusterHarness.Death death = deaths.get(0);
                long afterKill = death.atNanos() - killedAt;
                long afterLastPacket = death.atNanos() - node.lastHeardNanos.get(victim);
                assertTrue(afterKill <= (cluster.deadTimeMillis + cluster.keepAliveMillis) * MS,
                        where + "declared " + afterKill / 1e6 + " ms after the kill");
                assertTrue(afterLastPacket >= cluster.deadTimeMillis * MS,
                        where + "declared " + afterLastPacket / 1e6 + " ms after the last packet it received");
                assertEquals("deadtime", death.reason());
                latenciesMillis.add(afterKill / 1_000_000);
            }
            assertTrue(cluster.runUntilConverged(2000, survivors.toArray(String[]::new)), "round " + round);
            for (String survivor : survivors) {
                View view = cluster.node(survivor).view();
                assertTrue(view.id() > viewBefore, view + " after view " + viewBefore);
                assertTrue(!view.contains(NodeId.of(victim)));
            }
        }
        assertEquals(40, latenciesMillis.size());
        // The kill phase is uniform over a keepalive period: detection spreads over (deadtime - keepalive, deadtime].
        long min = latenciesMillis.stream().mapToLong(Long::longValue).min().orElseThrow();
        long max = latenciesMillis.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(max - min >= 50, "latencies " + latenciesMillis);
    }

    @Test
    void noFalseDeathWithThirtyPercentLossOnOneOfTwoLinksForTenMinutes() {
        SimClusterHarness cluster = new SimClusterHarness(30, state, "a", "b", "c");
        for (String iface : SimClusterHarness.INTERFACES) {
            cluster.everyLink(iface, c -> c.jitter(5, TimeUnit.MILLISECONDS).duplicate(0.05).reorder(0.05));
        }
        cluster.everyLink("eth0", c -> c.drop(0.30));
        cluster.startAll();
        assertTrue(cluster.runUntilConverged(3000, "a", "b", "c"));
        View view = cluster.node("a").view();
        int[] installed = cluster.names.stream().mapToInt(n -> cluster.node(n).installed.size()).toArray();
        long sentBefore = cluster.net.sent();

        for (int minute = 0; minute < 10; minute++) {
            cluster.run(TimeUnit.MINUTES.toMillis(1));
        }

        for (int i = 0; i < cluster.names.size(); i++) {
            SimClusterHarness.Node node = cluster.node(cluster.names.get(i));
            assertTrue(node.deaths.isEmpty(), node + " declared " + node.deaths);
            assertTrue(node.lates.isEmpty(), node + " warned " + node.lates);
            assertEquals(installed[i], node.installed.size(), node + " changed views: " + node.installed);
            assertEquals(view, node.view());
            // The faults really happened: duplicates on the wire and copies from the redundant link were dropped.
            assertTrue(node.dropped(DropReason.DUPLICATE) > 5_000, node + ": " + node.messaging.counters());
            assertTrue(node.dropped(DropReason.REPLAY) > 100, node + ": " + node.messaging.counters());
        }
        long sent = cluster.net.sent() - sentBefore;
        assertTrue(sent >= 10 * 60 * 10 * 12, "12 heartbeats per keepalive for 10 minutes, sent " + sent);
        assertTrue(cluster.net.dropped() > sent / 8, "about 30 % of half the datagrams lost: " + cluster.net.dropped());
    }
}
