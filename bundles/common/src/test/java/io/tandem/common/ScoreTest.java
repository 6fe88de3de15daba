package io.tandem.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScoreTest {
    @Test
    void minusInfinityWinsOverEverythingIncludingPlusInfinity() {
        assertEquals(Score.MINUS_INFINITY, Score.INFINITY.plus(Score.MINUS_INFINITY));
        assertEquals(Score.MINUS_INFINITY, Score.MINUS_INFINITY.plus(Score.INFINITY));
        assertEquals(Score.MINUS_INFINITY, Score.of(500).plus(Score.MINUS_INFINITY));
    }

    @Test
    void plusInfinityAbsorbsFiniteScores() {
        assertEquals(Score.INFINITY, Score.INFINITY.plus(Score.of(-999_999)));
        assertEquals(Score.INFINITY, Score.of(100).plus(Score.INFINITY));
    }

    @Test
    void finiteSumsSaturateAtTheBounds() {
        assertEquals(Score.INFINITY, Score.of(600_000).plus(Score.of(600_000)));
        assertEquals(Score.MINUS_INFINITY, Score.of(-600_000).plus(Score.of(-600_000)));
        assertEquals(Score.of(150), Score.of(100).plus(Score.of(50)));
        assertEquals(Score.of(-50), Score.of(100).plus(Score.of(-150)));
    }

    @Test
    void parsesCibSpellings() {
        assertEquals(Score.INFINITY, Score.parse("INFINITY"));
        assertEquals(Score.INFINITY, Score.parse("+INFINITY"));
        assertEquals(Score.MINUS_INFINITY, Score.parse("-INFINITY"));
        assertEquals(Score.of(42), Score.parse(" +42 "));
        assertEquals(Score.INFINITY, Score.parse("2000000"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Score.parse("lots"));
        assertTrue(e.getMessage().contains("lots"));
    }

    @Test
    void printsLikePacemaker() {
        assertEquals("INFINITY", Score.INFINITY.toString());
        assertEquals("-INFINITY", Score.MINUS_INFINITY.toString());
        assertEquals("-7", Score.of(-7).toString());
    }

    @Test
    void rejectsOutOfRangeConstruction() {
        assertThrows(IllegalArgumentException.class, () -> new Score(1_000_001));
    }
}
