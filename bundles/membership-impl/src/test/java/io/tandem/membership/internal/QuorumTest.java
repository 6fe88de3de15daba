package io.tandem.membership.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.NodeId;
import io.tandem.membership.NoQuorumPolicy;
import io.tandem.membership.QuorumStatus;
import io.tandem.membership.View;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuorumTest {
    private static final NodeId A = NodeId.of("a");
    private static final NodeId B = NodeId.of("b");
    private static final NodeId C = NodeId.of("c");
    private static final NodeId D = NodeId.of("d");

    private static QuorumStatus of(List<NodeId> members, Set<NodeId> configured, int expected, boolean twoNode,
                                   boolean waitForAll, boolean allSeen) {
        return Quorum.of(new View(1, members, members.get(0)), configured, expected, twoNode, waitForAll, allSeen,
                NoQuorumPolicy.IGNORE);
    }

    @Test
    void strictMajorityOfExpectedVotes() {
        Set<NodeId> four = Set.of(A, B, C, D);
        assertFalse(of(List.of(A, B), four, 0, true, true, true).quorate(), "2 of 4 is no majority");
        assertTrue(of(List.of(A, B, C), four, 0, true, true, true).quorate());
        assertEquals(3, of(List.of(A, B, C), four, 0, true, true, true).needed());
        assertFalse(of(List.of(A, B, C), four, 7, true, true, true).quorate(), "3 of 7 expected votes");
    }

    @Test
    void twoNodeModeAppliesOnlyWithTwoExpectedVotes() {
        Set<NodeId> two = Set.of(A, B);
        assertTrue(of(List.of(A), two, 0, true, false, false).quorate());
        assertFalse(of(List.of(A), two, 0, true, true, false).quorate(), "wait-for-all");
        assertTrue(of(List.of(A), two, 0, true, true, false).waitingForAll());
        assertTrue(of(List.of(A), two, 0, true, true, true).quorate());
        assertFalse(of(List.of(A), two, 0, false, true, true).quorate());
        QuorumStatus three = of(List.of(A), Set.of(A, B, C), 0, true, true, false);
        assertFalse(three.twoNode());
        assertFalse(three.waitingForAll());
        assertFalse(three.quorate());
    }

    @Test
    void unconfiguredMembersDoNotVote() {
        assertEquals(1, of(List.of(A, D), Set.of(A, B, C), 0, true, true, true).votes());
    }
}
