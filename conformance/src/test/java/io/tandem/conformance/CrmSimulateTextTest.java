package io.tandem.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CrmSimulateTextTest {
    static final String SUMMARY = """
            Using the original execution date of: 2017-08-21 17:12:54Z
            Current cluster status:
              * Node List:
                * Online: [ node1 node2 ]

              * Full List of Resources:
                * rsc1\t(ocf::heartbeat:apache):\t Stopped
            1 of 2 resource instances DISABLED and 0 BLOCKED from further action due to failure

            Transition Summary:
              * Start      rsc1    ( node2 )
              * Stop       rsc2    (                        node1 )  due to node availability

            Executing Cluster Transition:
              * Resource action: rsc1            monitor on node2
              * Resource action: rsc1            start on node2

            Revised Cluster Status:
              * Node List:
                * Online: [ node1 node2 ]
            """;

    @Test
    void canonicalAppliesUpstreamSpellingsAndDropsAllWhitespace() {
        assertEquals("*rsc1(ocf:heartbeat:apache):Stopped", CrmSimulateText.canonical("    * rsc1\t(ocf::heartbeat:apache):\t Stopped"));
        assertEquals("*Promoted:[n1]", CrmSimulateText.canonical("  * Masters: [ n1 ]"));
        assertEquals("*Unpromoted:[n2]", CrmSimulateText.canonical("  * Slaves: [ n2 ]"));
        assertEquals("*Demotes1(PromotednodeA->Unpromoted)",
                CrmSimulateText.canonical("  * Demote s1 ( Master nodeA -> Slave )"));
    }

    @Test
    void sectionsStopAtTheNextHeadingAndKeepColumnZeroText() {
        assertEquals(List.of("  * Start      rsc1    ( node2 )",
                        "  * Stop       rsc2    (                        node1 )  due to node availability"),
                CrmSimulateText.section(SUMMARY, CrmSimulateText.TRANSITION_SUMMARY).orElseThrow());
        assertEquals(2, CrmSimulateText.section(SUMMARY, CrmSimulateText.EXECUTING).orElseThrow().size());
        List<String> current = CrmSimulateText.section(SUMMARY, CrmSimulateText.CURRENT_STATUS).orElseThrow();
        assertEquals("1 of 2 resource instances DISABLED and 0 BLOCKED from further action due to failure",
                current.get(current.size() - 1));
    }

    @Test
    void aMissingHeadingIsNoSection() {
        assertTrue(CrmSimulateText.section("Current cluster status:\n", CrmSimulateText.EXECUTING).isEmpty());
        assertEquals(List.of(), CrmSimulateText.section("Transition Summary:\n\nExecuting Cluster Transition:\n",
                CrmSimulateText.TRANSITION_SUMMARY).orElseThrow());
    }

    @Test
    void scoresAreSortedWithoutBlankLines() {
        assertEquals(List.of("a: x allocation score on n1: 0", "b: y allocation score on n1: INFINITY"),
                CrmSimulateText.sortedScores(List.of("", "b: y allocation score on n1: INFINITY", "  a: x allocation score on n1: 0")));
    }

    @Test
    void linesHandleCrLfAndTrailingNewline() {
        assertEquals(List.of("a", "", "b"), CrmSimulateText.lines("a\r\n\nb\n"));
    }
}
