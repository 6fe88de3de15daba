package io.tandem.attributes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.attributes.internal.TransientState.Change;
import io.tandem.attributes.internal.TransientState.Entry;
import io.tandem.attributes.internal.TransientState.NodeBatch;
import io.tandem.attributes.internal.TransientState.Version;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransientStateTest {
    private static Entry set(String name, String value, long stamp, String writer) {
        return new Entry(name, value, new Version(stamp, writer));
    }

    @Test
    void theGreaterVersionWinsWhateverTheOrderOfArrival() {
        NodeBatch older = new NodeBatch("n2", 0, List.of(set("x", "old", 10, "n3")));
        NodeBatch tie = new NodeBatch("n2", 0, List.of(set("x", "tie", 10, "n1")));
        NodeBatch newer = new NodeBatch("n2", 0, List.of(set("x", null, 11, "n1")));
        TransientState one = new TransientState("n1");
        TransientState two = new TransientState("n2");
        one.merge(List.of(older, tie, newer));
        two.merge(List.of(newer));
        assertEquals(List.of(), two.merge(List.of(tie, older)), "a tombstone keeps older values out");
        assertEquals(Map.of(), one.allValues());
        assertEquals(Map.of(), two.allValues());
        assertEquals(List.of(new Change("n2", "x", "old")), new TransientState("n1").merge(List.of(older, tie)),
                "n3 > n1 breaks the tie of equal stamps");
    }

    @Test
    void epochsEraseValuesOfARestartedNodeAndIgnoreStaleOnes() {
        TransientState s = new TransientState("n1");
        s.merge(List.of(new NodeBatch("n2", 4, List.of(set("a", "1", 1, "n2")))));
        assertEquals(List.of(), s.merge(List.of(new NodeBatch("n2", 3, List.of(set("b", "2", 99, "n3"))))), "stale");
        assertEquals(List.of(new Change("n2", "a", null), new Change("n2", "c", "3")),
                s.merge(List.of(new NodeBatch("n2", 5, List.of(set("c", "3", 2, "n2"))))));
        assertEquals(List.of(new Change("n2", "c", null)), s.observe("n2", 6));
        assertEquals(List.of(), s.observe("n2", 6));
        // unknown incarnation (0) is never stale: a write for a node its writer has not heard of
        s.merge(List.of(new NodeBatch("n2", 0, List.of(set("d", "4", 3, "n3")))));
        assertEquals(Map.of("d", "4"), s.values("n2"));
        // our own values come only with our own incarnation
        s.adoptEpoch("n1", 2);
        s.merge(List.of(new NodeBatch("n1", 1, List.of(set("mine", "old", 50, "n2")))));
        assertEquals(Map.of(), s.values("n1"));
    }

    @Test
    void missingFromListsWhatThePeerLacksOrHasOlder() {
        TransientState s = new TransientState("n1");
        s.adoptEpoch("n1", 3);
        Entry mine = set("x", "1", 5, "n1");
        s.write("n1", mine);
        s.merge(List.of(new NodeBatch("n2", 2, List.of(set("y", "2", 6, "n2")))));
        List<NodeBatch> theirs = List.of(new NodeBatch("n1", 3, List.of(set("x", "0", 4, "n2"))),
                new NodeBatch("n2", 2, List.of(set("y", "2", 6, "n2"))));
        assertEquals(List.of(new NodeBatch("n1", 3, List.of(mine))), s.missingFrom(theirs));
        // a peer with an older epoch gets the newer one even without entries, so that it erases what it holds
        TransientState t = new TransientState("n1");
        t.observe("n2", 7);
        assertEquals(List.of(new NodeBatch("n2", 7, List.of())),
                t.missingFrom(List.of(new NodeBatch("n2", 6, List.of(set("z", "1", 1, "n2"))))));
    }
}
