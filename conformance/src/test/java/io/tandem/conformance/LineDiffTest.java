package io.tandem.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class LineDiffTest {
    @Test
    void orderedDiffShowsOnlyTheChangedMiddle() {
        List<String> e = List.of("a", "b", "c", "d", "e");
        List<String> a = List.of("a", "b", "x", "d", "e", "f");
        assertEquals(List.of("- c", "+ x", "+ f"), LineDiff.ordered(e, a, Function.identity(), 10));
    }

    @Test
    void orderedDiffOfAMoveIsOneRemovalAndOneAddition() {
        assertEquals(List.of("- a", "+ a"), LineDiff.ordered(List.of("a", "b"), List.of("b", "a"), Function.identity(), 10));
    }

    @Test
    void unorderedAndSetDiffs() {
        assertEquals(List.of(), LineDiff.unordered(List.of("a", "b"), List.of("b", "a"), Function.identity(), 10));
        assertEquals(List.of("+ a"), LineDiff.unordered(List.of("a", "b"), List.of("b", "a", "a"), Function.identity(), 10));
        assertEquals(List.of(), LineDiff.asSets(List.of("a", "b"), List.of("b", "a", "a"), Function.identity(), 10));
    }
}
