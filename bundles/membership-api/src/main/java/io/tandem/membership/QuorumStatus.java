package io.tandem.membership;

/**
 * Quorum of the current view.
 *
 * @param votes votes present in the view (one per member)
 * @param expectedVotes votes of the whole cluster (configured nodes, or expected_votes)
 * @param twoNode two-node mode: one surviving node of two keeps quorum
 * @param waitingForAll wait-for-all is holding quorum back until every node has been seen at once
 * @param policy what the resource manager should do without quorum
 */
public record QuorumStatus(boolean quorate, int votes, int expectedVotes, boolean twoNode, boolean waitingForAll,
                           NoQuorumPolicy policy) {
    public QuorumStatus {
        if (votes < 0 || expectedVotes < 1) {
            throw new IllegalArgumentException("votes " + votes + " / expected " + expectedVotes + " out of range");
        }
    }

    /** Votes needed for quorum: a strict majority, or 1 in two-node mode. */
    public int needed() {
        return twoNode ? 1 : expectedVotes / 2 + 1;
    }
}
