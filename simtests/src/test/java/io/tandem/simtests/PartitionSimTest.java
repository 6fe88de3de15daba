package io.tandem.simtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.NodeId;
import io.tandem.membership.View;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A partition cuts both redundant links; each side forms its own view; healing merges them. */
class PartitionSimTest {
    @TempDir
    Path state;

    @Test
    void partitionYieldsOneViewPerSideAndHealingMergesIntoAHigherView() {
        SimClusterHarness cluster = new SimClusterHarness(7, state, "a", "b", "c").startAll();
        assertTrue(cluster.runUntilConverged(3000, "a", "b", "c"));
        View whole = cluster.node("b").view();

        cluster.partition(Set.of("a"), Set.of("b", "c"));
        assertTrue(cluster.runUntilConverged(3000, "a"), "a alone: " + cluster.node("a").view());
        assertTrue(cluster.runUntilConverged(3000, "b", "c"), "b and c: " + cluster.node("b").view());
        cluster.run(3000); // and the sides stay put
        View left = cluster.node("a").view();
        View right = cluster.node("c").view();
        assertEquals(List.of(NodeId.of("a")), left.members());
        assertEquals(List.of(NodeId.of("b"), NodeId.of("c")), right.members());
        assertEquals(NodeId.of("b"), right.coordinator());
        assertEquals(right, cluster.node("b").view());
        assertTrue(left.id() > whole.id() && right.id() > whole.id());
        assertNotEquals(left, right);

        cluster.heal();
        assertTrue(cluster.runUntilConverged(5000, "a", "b", "c"));
        View merged = cluster.node("a").view();
        assertTrue(merged.id() > Math.max(left.id(), right.id()), merged + " after " + left + " and " + right);
        assertEquals(NodeId.of("a"), merged.coordinator());
        cluster.run(5000);
        for (String name : cluster.names) {
            assertEquals(merged, cluster.node(name).view(), name + " stays in the merged view");
            assertTrue(cluster.node(name).quorum().quorate());
        }
    }

    @Test
    void repeatedPartitionsOfEveryShapeKeepTheInvariants() {
        SimClusterHarness cluster = new SimClusterHarness(8, state, "a", "b", "c").startAll();
        assertTrue(cluster.runUntilConverged(3000, "a", "b", "c"));
        List<List<Set<String>>> shapes = List.of(
                List.of(Set.of("a"), Set.of("b", "c")),
                List.of(Set.of("b"), Set.of("a", "c")),
                List.of(Set.of("c"), Set.of("a", "b")),
                List.of(Set.of("a"), Set.of("b"), Set.of("c")));
        long lastMerged = cluster.node("a").view().id();
        for (List<Set<String>> shape : shapes) {
            cluster.partition(shape.toArray(Set[]::new));
            for (Set<String> side : shape) {
                assertTrue(cluster.runUntilConverged(3000, side.toArray(String[]::new)), shape + ": " + side);
            }
            cluster.heal();
            assertTrue(cluster.runUntilConverged(5000, "a", "b", "c"), "healed " + shape);
            long merged = cluster.node("a").view().id();
            assertTrue(merged > lastMerged);
            lastMerged = merged;
        }
        assertTrue(cluster.invariants.viewsChecked() >= 3 * (1 + 2 * shapes.size()));
    }
}
