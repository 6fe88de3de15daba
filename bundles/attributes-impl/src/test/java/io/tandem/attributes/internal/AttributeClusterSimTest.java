package io.tandem.attributes.internal;

import static io.tandem.attributes.AttributeLifetime.FOREVER;
import static io.tandem.attributes.AttributeLifetime.REBOOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.NodeId;
import io.tandem.common.Score;
import io.tandem.membership.View;
import io.tandem.testkit.SimMessengerNetwork;
import io.tandem.testkit.SimScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Several attribute stores on a simulated messenger network: the attrd protocol end to end, in virtual time. */
class AttributeClusterSimTest {
    private static final Duration NOW = Duration.ZERO;

    @Test
    void aValueSetOnOneNodeIsSeenAndHeardOnEveryNode() {
        AttrdCluster c = new AttrdCluster(1, "a", "b", "c");
        c.view("a", "b", "c");
        c.runMillis(300);
        c.store("a").set(null, "pingd", "100", REBOOT, NOW);
        assertTrue(c.converge(1000), c::describe);
        for (String n : List.of("a", "b", "c")) {
            assertEquals(Optional.of("100"), c.store(n).get("a", "pingd", REBOOT), n);
        }
        assertTrue(c.node("b").heard.contains("a pingd=100 REBOOT"), c.node("b").heard::toString);
        assertEquals(Map.of("a", "100"), c.store("c").latestOnAllNodes("pingd", REBOOT));

        c.store("b").delete("a", "pingd", REBOOT);
        assertTrue(c.converge(1000), c::describe);
        assertEquals(Optional.empty(), c.store("a").get("a", "pingd", REBOOT));
        assertTrue(c.node("c").heard.contains("a pingd=null REBOOT"), c.node("c").heard::toString);
    }

    @Test
    void crmAttributeDashNWritesAnotherNodesAttributeForEveryone() {
        AttrdCluster c = new AttrdCluster(2, "a", "b", "c");
        c.view("a", "b", "c");
        c.runMillis(300);
        c.store("a").set("b", "standby", "on", REBOOT, NOW);
        assertTrue(c.converge(1000), c::describe);
        assertEquals(Map.of("standby", "on"), c.store("b").all(null, REBOOT), "b sees it as its own");
        assertEquals(Optional.of("on"), c.store("c").get("b", "standby", REBOOT));
        // through the socket verbs as crm_attribute -N sends them
        c.store("c").remove("b", "standby", REBOOT);
        assertTrue(c.converge(1000), c::describe);
        assertEquals(Map.of(), c.store("b").all("b", REBOOT));
    }

    @Test
    void permanentAttributesStayWithTheirStorage() {
        AttrdCluster c = new AttrdCluster(3, "a", "b");
        c.view("a", "b");
        c.runMillis(300);
        c.store("a").set(null, "rack", "r1", FOREVER, NOW);
        c.runMillis(500);
        assertEquals(Optional.of("r1"), c.store("a").get("a", "rack", FOREVER));
        assertEquals(Optional.empty(), c.store("b").get("a", "rack", FOREVER), "the CIB's nodes section carries these");
        assertEquals(Map.of(), c.table("b"));
    }

    @Test
    void concurrentWritesOfOneAttributeConvergeOnTheLastWriter() {
        AttrdCluster c = new AttrdCluster(4, "a", "b", "c");
        c.view("a", "b", "c");
        c.runMillis(300);
        // same millisecond: the stamp ties and the writer's name decides, the same way on every node
        c.store("a").set("c", "x", "from-a", REBOOT, NOW);
        c.store("b").set("c", "x", "from-b", REBOOT, NOW);
        assertTrue(c.converge(1000), c::describe);
        assertEquals(Optional.of("from-b"), c.store("a").get("c", "x", REBOOT));
        // a later write wins over an earlier one wherever it was made
        c.store("b").set("c", "x", "b-early", REBOOT, NOW);
        c.runMillis(1);
        c.store("a").set("c", "x", "a-late", REBOOT, NOW);
        assertTrue(c.converge(1000), c::describe);
        assertEquals(Optional.of("a-late"), c.store("c").get("c", "x", REBOOT));
        // a delete racing a set converges too (tombstones)
        c.store("a").delete("c", "x", REBOOT);
        c.store("c").set("c", "x", "c-same-ms", REBOOT, NOW);
        assertTrue(c.converge(1000), c::describe);
        assertEquals(Optional.of("c-same-ms"), c.store("a").get("c", "x", REBOOT), "c > a breaks the tie");
    }

    @Test
    void randomConcurrentWritesWithLossAndJitterConverge() {
        for (long seed = 1; seed <= 20; seed++) {
            AttrdCluster c = new AttrdCluster(seed, "a", "b", "c", "d");
            c.network.setDelay(500, 20_000);
            c.network.setLinkLoss(0, 0.2);
            c.network.setLinkLoss(1, 0.2);
            c.view("a", "b", "c", "d");
            c.runMillis(300);
            Random random = new Random(seed);
            String[] names = {"a", "b", "c", "d"};
            for (int i = 0; i < 200; i++) {
                AttributeStore writer = c.store(names[random.nextInt(4)]);
                String node = names[random.nextInt(4)];
                String attr = "attr" + random.nextInt(5);
                switch (random.nextInt(4)) {
                    case 0 -> writer.delete(node, attr, REBOOT);
                    case 1 -> writer.set(node, attr, attr + "++", REBOOT, NOW);
                    default -> writer.set(node, attr, Integer.toString(random.nextInt(100)), REBOOT, NOW);
                }
                c.runMillis(random.nextInt(3));
            }
            long s = seed;
            assertTrue(c.converge(5000), () -> "seed " + s + "\n" + c.describe());
        }
    }

    @Test
    void aRestartedNodesTransientAttributesAreGoneEverywhere() {
        AttrdCluster c = new AttrdCluster(5, "a", "b", "c");
        c.view("a", "b", "c");
        c.runMillis(300);
        c.store("b").set(null, "own", "1", REBOOT, NOW);
        c.store("a").set("b", "set-by-a", "2", REBOOT, NOW);
        c.store("a").set(null, "a-attr", "3", REBOOT, NOW);
        c.store("b").set("c", "set-by-b", "4", REBOOT, NOW);
        c.store("b").set(null, "rack", "r2", FOREVER, NOW);
        assertTrue(c.converge(1000), c::describe);
        assertEquals(2, c.store("c").all("b", REBOOT).size());

        // a restart faster than failure detection: no view change, only the new incarnation tells
        c.restart("b");
        assertTrue(c.converge(2000), c::describe);
        Map<String, Map<String, String>> expected = Map.of("a", Map.of("a-attr", "3"), "c", Map.of("set-by-b", "4"));
        assertEquals(expected, c.table("a"));
        assertEquals(expected, c.table("b"), "b learned the others' values and nothing of its own");
        assertTrue(c.node("a").heard.contains("b own=null REBOOT"), c.node("a").heard::toString);
        assertEquals(Optional.of("r2"), c.store("b").get("b", "rack", FOREVER), "permanent attributes survive");

        // b sets something new at once; it must not be mistaken for a stale value
        c.store("b").set(null, "own", "5", REBOOT, NOW);
        assertTrue(c.converge(1000), c::describe);
        assertEquals(Optional.of("5"), c.store("c").get("b", "own", REBOOT));
    }

    @Test
    void aNodeThatLeavesTheViewLosesItsTransientAttributesAndGetsTheOthersWhenItReturns() {
        AttrdCluster c = new AttrdCluster(6, "a", "b", "c");
        c.view("a", "b", "c");
        c.runMillis(300);
        c.store("c").set(null, "pingd", "1", REBOOT, NOW);
        c.store("a").set(null, "pingd", "2", REBOOT, NOW);
        assertTrue(c.converge(1000), c::describe);

        c.kill("c");
        c.view("a", "b");
        c.runMillis(10);
        assertEquals(Map.of("a", Map.of("pingd", "2")), c.table("a"));
        assertEquals(Map.of("a", Map.of("pingd", "2")), c.table("b"));
        assertTrue(c.node("b").heard.contains("c pingd=null REBOOT"));

        c.start("c");
        c.runMillis(300);
        c.view("a", "b", "c");
        assertTrue(c.converge(1000), c::describe);
        assertEquals(Map.of("a", Map.of("pingd", "2")), c.table("c"));
    }

    @Test
    void aCleanShutdownErasesTheNodesAttributesWithoutMembership() {
        AttrdCluster c = new AttrdCluster(7, "a", "b");
        c.runMillis(300);
        c.store("b").set(null, "x", "1", REBOOT, NOW);
        assertTrue(c.converge(1000), c::describe);
        c.network.leave("b");
        c.node("b").store.close();
        c.runMillis(100);
        assertEquals(Map.of(), c.table("a"));
    }

    @Test
    void aPartitionEachSideForgetsTheOtherAndHealingConverges() {
        AttrdCluster c = new AttrdCluster(8, "a", "b", "c");
        c.view("a", "b", "c");
        c.runMillis(300);
        c.store("a").set(null, "side", "ab", REBOOT, NOW);
        c.store("c").set(null, "side", "c", REBOOT, NOW);
        c.store("b").set("c", "note", "before", REBOOT, NOW);
        assertTrue(c.converge(1000), c::describe);

        c.network.partition(List.of("a", "b"), List.of("c"));
        c.view("a", "b");
        c.view("c");
        c.runMillis(10);
        assertEquals(Map.of("a", Map.of("side", "ab")), c.table("a"), "c's attributes are erased on a and b");
        assertEquals(Map.of("c", Map.of("side", "c", "note", "before")), c.table("c"));

        // both sides write while apart, also the same attribute of the same node: the later write wins
        c.store("a").set("c", "note", "from-ab", REBOOT, NOW);
        c.store("b").set(null, "during", "1", REBOOT, NOW);
        c.runMillis(5);
        c.store("c").set(null, "note", "from-c-later", REBOOT, NOW);
        c.store("c").delete("c", "side", REBOOT);
        c.runMillis(200);
        assertTrue(c.converge(1000, "a", "b"), c::describe);

        c.network.heal();
        c.view("a", "b", "c");
        assertTrue(c.converge(2000), c::describe);
        Map<String, Map<String, String>> expected = Map.of(
                "a", Map.of("side", "ab"),
                "b", Map.of("during", "1"),
                "c", Map.of("note", "from-c-later"));
        assertEquals(expected, c.table("b"));
    }

    @Test
    void theJoinSyncAloneConvergesWhenOnlyOneSideSeesTheNewView() {
        AttrdCluster c = new AttrdCluster(9, "a", "b");
        c.view("a", "b");
        c.runMillis(300);
        c.store("a").set(null, "x", "1", REBOOT, NOW);
        c.store("b").set(null, "y", "2", REBOOT, NOW);
        assertTrue(c.converge(1000), c::describe);
        c.network.partition(List.of("a"), List.of("b"));
        c.view("a");
        c.view("b");
        assertEquals(Map.of("a", Map.of("x", "1")), c.table("a"));
        c.runMillis(100);
        c.network.heal();
        // only a installs the merged view for now: b answers a's sync with what a lacks (b's own value)
        c.node("a").store.viewChanged(new View(100, List.of(NodeId.of("a"), NodeId.of("b")), NodeId.of("a")));
        assertTrue(c.converge(1000), c::describe);
        assertEquals(Map.of("a", Map.of("x", "1"), "b", Map.of("y", "2")), c.table("a"));
    }

    @Test
    void aWriteMadeWithoutKnowingOfARestartIsStale() {
        AttrdCluster c = new AttrdCluster(14, "a", "b", "c");
        c.runMillis(300);
        c.store("b").set(null, "x", "1", REBOOT, NOW);
        assertTrue(c.converge(1000), c::describe);
        c.network.partition(List.of("a", "b"), List.of("c"));
        c.restart("b");
        c.runMillis(300);
        assertEquals(Map.of(), c.table("a"));
        // c has not heard of b's restart: its write is about b's old incarnation, held by the network until the heal
        c.store("c").set("b", "y", "old-news", REBOOT, NOW);
        c.network.heal();
        assertTrue(c.converge(2000), c::describe);
        assertEquals(Map.of(), c.table("a"), "nothing of b's previous incarnation comes back");
    }

    @Test
    void aDampenedWriteReachesEveryNodeOnceTheDelayIsOver() {
        AttrdCluster c = new AttrdCluster(10, "a", "b");
        c.view("a", "b");
        c.runMillis(300);
        c.store("a").set(null, "pingd", "100", REBOOT, Duration.ofSeconds(5));
        c.runMillis(2000);
        c.store("a").set(null, "pingd", "0", REBOOT, Duration.ofSeconds(5));
        c.runMillis(2000);
        c.store("a").set(null, "pingd", "200", REBOOT, Duration.ofSeconds(5));
        assertEquals(Optional.of("200"), c.store("a").latest("a", "pingd", REBOOT));
        assertEquals(Optional.empty(), c.store("b").latest("a", "pingd", REBOOT), "the pending value stays with its writer");
        c.runMillis(900);
        assertEquals(Optional.empty(), c.store("b").get("a", "pingd", REBOOT));
        c.runMillis(200);
        assertEquals(Optional.of("200"), c.store("b").get("a", "pingd", REBOOT));
        assertEquals(List.of("a pingd=200 REBOOT"), c.node("b").heard, "one write, no flapping");
    }

    @Test
    void failCountsAndPromotionScoresAreClusterWide() {
        AttrdCluster c = new AttrdCluster(11, "a", "b", "c");
        c.view("a", "b", "c");
        c.runMillis(300);
        assertEquals(Score.of(1), c.store("a").recordFailure("b", "db", "monitor", 10_000));
        assertTrue(c.converge(1000), c::describe);
        assertEquals(Score.of(1), c.store("c").failCount("b", "db"));
        assertEquals(Score.of(2), c.store("b").recordFailure("b", "db", "monitor", 10_000));
        assertEquals(Score.of(1), c.store("c").recordFailure("b", "db", "start", 0));
        assertTrue(c.converge(1000), c::describe);
        assertEquals(Score.of(3), c.store("a").failCount("b", "db"));
        assertTrue(c.store("a").get("b", "last-failure-db#start_0", REBOOT).isPresent());
        assertEquals(Score.ZERO, c.store("a").failCount("a", "db"));

        c.store("b").set(null, "master-db", "10", REBOOT, NOW);
        assertTrue(c.converge(1000), c::describe);
        assertEquals(Optional.of(Score.of(10)), c.store("a").promotionScore("b", "db:1"));

        c.store("c").clearFailures("b", "db");
        assertTrue(c.converge(1000), c::describe);
        assertEquals(Score.ZERO, c.store("a").failCount("b", "db"));
        assertEquals(Map.of("master-db", "10"), c.store("b").all("b", REBOOT));
    }

    @Test
    void aNewMessengerIncarnationKeepsTheStoresOwnValues() {
        AttrdCluster c = new AttrdCluster(12, "a", "b");
        c.runMillis(300);
        c.store("a").set(null, "x", "1", REBOOT, NOW);
        c.store("b").set("a", "y", "2", REBOOT, NOW);
        assertTrue(c.converge(1000), c::describe);
        // the messaging bundle is replaced under a running attribute store: peers see a restart of a
        c.network.kill("a");
        SimMessengerNetwork.SimMessenger fresh = c.network.start("a");
        c.store("a").connect(fresh);
        assertTrue(c.converge(2000), c::describe);
        assertEquals(Map.of("a", Map.of("x", "1", "y", "2")), c.table("b"));
    }

    @Test
    void aMessengerOfAnotherNodeNameIsRefused() {
        SimScheduler scheduler = new SimScheduler();
        SimMessengerNetwork network = new SimMessengerNetwork(scheduler, 1, 100, 1);
        AttributeStore store = new AttributeStore(scheduler, "a", new MemoryStorage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.connect(network.start("b")));
        assertTrue(e.getMessage().contains("configure the same nodeName"), e.getMessage());
        store.set(null, "x", "1", REBOOT, NOW);
        assertEquals(Optional.of("1"), store.get("a", "x", REBOOT));
    }

    @Test
    void aDisconnectedStoreKeepsWorkingLocally() throws Exception {
        AttrdCluster c = new AttrdCluster(13, "a", "b");
        c.runMillis(300);
        c.store("a").set(null, "x", "1", REBOOT, NOW);
        assertTrue(c.converge(1000), c::describe);
        c.node("a").connection.close(); // the messenger service went away
        c.store("a").set(null, "local", "only", REBOOT, NOW);
        c.store("b").set(null, "remote", "1", REBOOT, NOW);
        c.runMillis(500);
        assertEquals(Optional.empty(), c.store("b").get("a", "local", REBOOT));
        assertEquals(Optional.empty(), c.store("a").get("b", "remote", REBOOT));
        assertEquals(Map.of("x", "1", "local", "only"), c.store("a").all(null, REBOOT));
    }
}
