package io.tandem.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComparisonTest {
    private static final String EXPECTED = CrmSimulateTextTest.SUMMARY;
    private static final String SCORES = "\npcmk__primitive_assign: rsc1 allocation score on node1: 0\n"
            + "pcmk__primitive_assign: rsc1 allocation score on node2: 100\n";
    private static final List<String> ACTUAL_SCORES = List.of(
            "pcmk__primitive_assign: rsc1 allocation score on node2: 100",
            "pcmk__primitive_assign: rsc1 allocation score on node1: 0");

    private static Map<Level, Optional<List<String>>> compare(String actual, List<String> scores) {
        return Comparison.compare(EXPECTED, SCORES, actual, scores);
    }

    @Test
    void identicalOutputPassesEveryLevel() {
        compare(EXPECTED, ACTUAL_SCORES).forEach((level, diff) -> assertTrue(diff.isEmpty(), level + ": " + diff));
    }

    @Test
    void paddingBlankLinesAndCompatSpellingsDoNotMatter() {
        String actual = EXPECTED.replace("( node2 )", "(node2)").replace("ocf::", "ocf:").replace("\n\n", "\n\n\n")
                .replace("monitor on", "   monitor    on");
        compare(actual, ACTUAL_SCORES).forEach((level, diff) -> assertTrue(diff.isEmpty(), level + ": " + diff));
    }

    @Test
    void executedActionsAreASetButTheTransitionSummaryHasAnOrder() {
        String swapped = EXPECTED
                .replace("  * Resource action: rsc1            monitor on node2\n  * Resource action: rsc1            start on node2\n",
                        "  * Resource action: rsc1            start on node2\n  * Resource action: rsc1            monitor on node2\n")
                .replace("  * Start      rsc1    ( node2 )\n  * Stop       rsc2    (                        node1 )  due to node availability\n",
                        "  * Stop       rsc2    (                        node1 )  due to node availability\n  * Start      rsc1    ( node2 )\n");
        Map<Level, Optional<List<String>>> r = compare(swapped, ACTUAL_SCORES);
        assertTrue(r.get(Level.EXECUTED_ACTIONS).isEmpty());
        assertEquals("(same lines, different order)", r.get(Level.TRANSITION_SUMMARY).orElseThrow().get(0));
        assertTrue(r.get(Level.WHOLE_SUMMARY).isPresent());
        assertTrue(r.get(Level.SCORES).isEmpty());
    }

    @Test
    void aWrongActionFailsLevelsOneTwoAndFourWithADiff() {
        String actual = EXPECTED.replace("( node2 )", "( node1 )").replace("start on node2", "start on node1");
        Map<Level, Optional<List<String>>> r = compare(actual, ACTUAL_SCORES);
        assertEquals(List.of("-   * Start      rsc1    ( node2 )", "+   * Start      rsc1    ( node1 )"),
                r.get(Level.TRANSITION_SUMMARY).orElseThrow());
        assertEquals(List.of("-   * Resource action: rsc1            start on node2", "+   * Resource action: rsc1            start on node1"),
                r.get(Level.EXECUTED_ACTIONS).orElseThrow());
        assertEquals(4, r.get(Level.WHOLE_SUMMARY).orElseThrow().size());
        assertTrue(r.get(Level.SCORES).isEmpty());
    }

    @Test
    void aDuplicatedExecutedActionStillMatchesAsASet() {
        String actual = EXPECTED.replace("  * Resource action: rsc1            start on node2\n",
                "  * Resource action: rsc1            start on node2\n  * Resource action: rsc1 start on node2\n");
        assertTrue(compare(actual, ACTUAL_SCORES).get(Level.EXECUTED_ACTIONS).isEmpty());
    }

    @Test
    void aMissingSectionFailsThatLevel() {
        String actual = EXPECTED.replace("Executing Cluster Transition:", "");
        Map<Level, Optional<List<String>>> r = compare(actual, ACTUAL_SCORES);
        assertTrue(r.get(Level.EXECUTED_ACTIONS).orElseThrow().get(0).contains("missing"));
    }

    @Test
    void scoresCompareValuesAndCounts() {
        Map<Level, Optional<List<String>>> r = compare(EXPECTED, List.of(
                "pcmk__primitive_assign: rsc1 allocation score on node2: INFINITY",
                "pcmk__primitive_assign: rsc1 allocation score on node1: 0",
                "pcmk__primitive_assign: rsc1 allocation score on node1: 0"));
        assertEquals(List.of("- pcmk__primitive_assign: rsc1 allocation score on node2: 100",
                "+ pcmk__primitive_assign: rsc1 allocation score on node1: 0",
                "+ pcmk__primitive_assign: rsc1 allocation score on node2: INFINITY"), r.get(Level.SCORES).orElseThrow());
    }

    @Test
    void longDiffsAreCut() {
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            many.add("x: r" + i + " allocation score on n: 1");
        }
        List<String> diff = Comparison.compare(EXPECTED, SCORES, EXPECTED, many).get(Level.SCORES).orElseThrow();
        assertEquals(Comparison.DIFF_LINES + 1, diff.size());
        assertEquals("... 24 more differing lines", diff.get(diff.size() - 1));
    }
}
