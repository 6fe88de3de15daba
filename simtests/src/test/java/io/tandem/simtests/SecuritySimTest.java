package io.tandem.simtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.NodeId;
import io.tandem.membership.NoQuorumPolicy;
import io.tandem.membership.NodeStatus;
import io.tandem.membership.View;
import io.tandem.membership.internal.MembershipEngine;
import io.tandem.membership.internal.MembershipEvents;
import io.tandem.membership.internal.MembershipSettings;
import io.tandem.membership.internal.ViewIdFile;
import io.tandem.messaging.DropReason;
import io.tandem.messaging.MessagingCounters;
import io.tandem.messaging.config.AuthKey;
import io.tandem.messaging.config.AuthKeys;
import io.tandem.messaging.config.AuthMethod;
import io.tandem.messaging.udp.internal.MessagingEngine;
import io.tandem.messaging.udp.internal.SimWire;
import io.tandem.testkit.SimNetwork;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hostile packets on the cluster network: each is dropped by the messenger under exactly the right
 * {@link DropReason}, and none of them changes anything membership decided.
 */
class SecuritySimTest {
    /** A rogue view id far above anything this cluster reaches: if any rogue payload got through, ids would jump. */
    private static final long ROGUE_VIEW_ID = 1_000_000;

    @TempDir
    Path state;

    /** Ways to forge packets from "b" with a real messaging + membership stack that is not quite right. */
    enum Forgery {
        /** Same cluster, key index 1, another secret. */
        WRONG_KEY("tandem", new AuthKey(1, AuthMethod.SHA256, "guessed".getBytes(StandardCharsets.UTF_8)),
                DropReason.BAD_AUTH),
        /** Same cluster and secret under a key index the cluster does not have. */
        UNKNOWN_KEY_INDEX("tandem", new AuthKey(7, AuthMethod.SHA256, "sim-cluster-secret".getBytes(StandardCharsets.UTF_8)),
                DropReason.UNKNOWN_KEY),
        /** Another cluster on the same network that happens to use the same node names and key. */
        FOREIGN_CLUSTER("other", new AuthKey(1, AuthMethod.SHA256, "sim-cluster-secret".getBytes(StandardCharsets.UTF_8)),
                DropReason.FOREIGN_CLUSTER);

        final String clusterName;
        final AuthKey key;
        final DropReason expected;

        Forgery(String clusterName, AuthKey key, DropReason expected) {
            this.clusterName = clusterName;
            this.key = key;
            this.expected = expected;
        }
    }

    @ParameterizedTest
    @EnumSource(Forgery.class)
    void impostorOfANodeIsRejectedUnderTheRightReasonAndChangesNoMembership(Forgery forgery) {
        SimClusterHarness cluster = new SimClusterHarness(31, state, "a", "b", "c").startAll();
        assertTrue(cluster.runUntilConverged(3000, "a", "b", "c"));
        cluster.run(500);
        Snapshot before = new Snapshot(cluster);

        // The impostor claims to be b with a higher incarnation (a restart), spoofs b's addresses, runs a real
        // membership engine that advertises a huge view id, and finally says LEAVE in b's name.
        Map<String, Integer> sentTo = new HashMap<>();
        NodeScheduler rogueClock = new NodeScheduler(cluster.clock);
        List<SimWire.LinkSpec> links = new ArrayList<>();
        for (String iface : SimClusterHarness.INTERFACES) {
            for (String target : List.of("a", "c")) {
                links.add(new SimWire.LinkSpec("ucast:" + iface + ":" + target, "ucast " + iface + " " + target, d -> {
                    sentTo.merge(target, 1, Integer::sum);
                    cluster.net.inject("b/" + iface, target + "/" + iface, d);
                }));
            }
        }
        MessagingEngine rogue = SimWire.engine(forgery.clusterName, "b", 100, 1000, AuthKeys.single(forgery.key),
                cluster.node("b").incarnation + 1000, rogueClock, links);
        ViewIdFile rogueViewIds = new ViewIdFile(state.resolve("rogue"));
        rogueViewIds.store(ROGUE_VIEW_ID);
        MembershipEngine rogueMembership = new MembershipEngine(rogueClock, rogue,
                new MembershipSettings(List.of(NodeId.of("a"), NodeId.of("b"), NodeId.of("c")), 500, 300, 1000, 0,
                        true, true, NoQuorumPolicy.STOP, List.of(), 1000, 30000, 1),
                rogueViewIds, (address, timeout) -> false, rogueClock, MembershipEvents.NONE);
        rogue.start();
        rogueMembership.start();
        cluster.run(3000);
        assertTrue(rogueMembership.currentView().id() > ROGUE_VIEW_ID, "the impostor formed its own view");
        rogueMembership.close();
        rogue.stop();
        rogueClock.kill();
        cluster.run(2000);

        for (String victim : List.of("a", "c")) {
            SimClusterHarness.Node node = cluster.node(victim);
            int forged = sentTo.get(victim);
            assertTrue(forged >= 2 * 30 + 2, victim + " got " + forged + " forged heartbeats and LEAVEs");
            before.assertOnlyNewDrops(node, forgery.expected, forged);
        }
        before.assertMembershipUnchanged(cluster);
    }

    @Test
    void replayedTamperedAndGarbagePacketsAreRejectedAndCountedAndChangeNoMembership() {
        SimClusterHarness cluster = new SimClusterHarness(32, state, "a", "b", "c");
        List<SimNetwork.Datagram> captured = new ArrayList<>();
        boolean[] capturing = {true};
        cluster.net.tap(d -> {
            if (capturing[0] && d.to().startsWith("a/")) {
                captured.add(d);
            }
        });
        cluster.startAll();
        assertTrue(cluster.runUntilConverged(3000, "a", "b", "c"));
        cluster.run(500);
        capturing[0] = false;
        cluster.run(500); // everything captured has arrived
        assertTrue(captured.stream().anyMatch(d -> SimWire.packetType(d.data()).equals("DATA")),
                "the view protocol's messages to a were captured");
        Snapshot before = new Snapshot(cluster);
        SimClusterHarness.Node a = cluster.node("a");

        for (SimNetwork.Datagram d : captured) {
            cluster.net.inject(d.from(), d.to(), d.data());
        }
        cluster.run(200);
        before.assertOnlyNewDrops(a, DropReason.REPLAY, captured.size());

        before = new Snapshot(cluster);
        Random random = new Random(32);
        int tampered = 0;
        for (SimNetwork.Datagram d : captured) {
            byte[] bytes = d.data();
            // Any bit after the header's fixed fields: body or signature, both covered by the HMAC.
            int at = 40 + random.nextInt(bytes.length - 40);
            bytes[at] ^= (byte) (1 << random.nextInt(8));
            cluster.net.inject(d.from(), d.to(), bytes);
            tampered++;
        }
        cluster.run(200);
        before.assertOnlyNewDrops(a, DropReason.BAD_AUTH, tampered);

        before = new Snapshot(cluster);
        for (int i = 0; i < 50; i++) {
            byte[] garbage = new byte[1 + random.nextInt(1400)];
            random.nextBytes(garbage);
            cluster.net.inject("b/eth0", "a/eth0", garbage);
            byte[] truncated = java.util.Arrays.copyOf(captured.get(i % captured.size()).data(), 20);
            cluster.net.inject("b/eth1", "a/eth1", truncated);
        }
        cluster.run(200);
        before.assertOnlyNewDrops(a, DropReason.MALFORMED, 100);
        before.assertMembershipUnchanged(cluster);
    }

    /** Counters and membership state of every node at one moment. */
    private static final class Snapshot {
        final Map<String, MessagingCounters> counters = new HashMap<>();
        final Map<String, Integer> views = new HashMap<>();
        final Map<String, View> current = new HashMap<>();
        final Map<String, Integer> deaths = new HashMap<>();
        final Map<String, List<NodeStatus>> statuses = new HashMap<>();

        Snapshot(SimClusterHarness cluster) {
            for (String n : cluster.names) {
                SimClusterHarness.Node node = cluster.node(n);
                counters.put(n, node.messaging.counters());
                views.put(n, node.installed.size());
                current.put(n, node.view());
                deaths.put(n, node.deaths.size());
                statuses.put(n, node.membership.nodes());
            }
        }

        /** {@code node} dropped exactly {@code count} more packets as {@code reason}, and none for other reasons. */
        void assertOnlyNewDrops(SimClusterHarness.Node node, DropReason reason, long count) {
            MessagingCounters then = counters.get(node.name);
            MessagingCounters now = node.messaging.counters();
            for (DropReason r : EnumSet.complementOf(EnumSet.of(DropReason.DUPLICATE))) {
                long expected = r == reason ? count : 0;
                assertEquals(expected, now.dropped(r) - then.dropped(r), node + " " + r + ": " + now);
            }
        }

        void assertMembershipUnchanged(SimClusterHarness cluster) {
            for (String n : cluster.names) {
                SimClusterHarness.Node node = cluster.node(n);
                assertEquals(views.get(n), node.installed.size(), n + " installed " + node.installed);
                assertEquals(current.get(n), node.view());
                assertEquals(deaths.get(n), node.deaths.size(), n + " declared " + node.deaths);
                List<NodeStatus> then = statuses.get(n);
                List<NodeStatus> now = node.membership.nodes();
                assertEquals(then.stream().map(s -> s.node() + "/" + s.state() + "/" + s.incarnation()).toList(),
                        now.stream().map(s -> s.node() + "/" + s.state() + "/" + s.incarnation()).toList());
            }
            // No rogue view id leaked into anyone's "highest seen": the next real view follows the last one.
            long last = cluster.node("a").view().id();
            cluster.kill("c");
            assertTrue(cluster.runUntilConverged(3000, "a", "b"));
            long next = cluster.node("a").view().id();
            assertTrue(next > last && next < last + 10, "view " + next + " after " + last);
        }
    }
}
