package io.tandem.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ScoresTest {
    @Test
    void minusInfinityWinsOverPlusInfinity() {
        assertEquals(-Scores.INFINITY, Scores.add(Scores.INFINITY, -Scores.INFINITY));
        assertEquals(-Scores.INFINITY, Scores.add(-Scores.INFINITY, Scores.INFINITY));
    }

    @Test
    void finiteSumsSaturate() {
        assertEquals(Scores.INFINITY, Scores.add(999_999, 5));
        assertEquals(-Scores.INFINITY, Scores.add(-999_999, -5));
        assertEquals(7, Scores.add(3, 4));
    }

    @Test
    void parsesAndFormatsLikeCrm() {
        assertEquals(Scores.INFINITY, Scores.parse("+INFINITY"));
        assertEquals(-Scores.INFINITY, Scores.parse("-INFINITY"));
        assertEquals(Scores.INFINITY, Scores.parse("5000000"));
        assertEquals(-10, Scores.parse("-10"));
        assertEquals("INFINITY", Scores.format(Scores.INFINITY));
        assertEquals("-INFINITY", Scores.format(-2_000_000));
        assertEquals("42", Scores.format(42));
    }

    @Test
    void nodeNamesSortNumericallyAndIgnoringCase() {
        assertEquals(-1, Integer.signum(NodeOrder.compare("node2", "node10")));
        assertEquals(1, Integer.signum(NodeOrder.compare("Node3", "node2")));
        assertEquals(0, NodeOrder.compare("a1", "A1"));
    }
}
