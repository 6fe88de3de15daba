package io.tandem.membership.internal;

import io.tandem.common.NodeId;
import io.tandem.membership.NoQuorumPolicy;
import io.tandem.membership.QuorumStatus;
import io.tandem.membership.View;
import java.util.Set;

/** Quorum as a pure function of the view and the quorum settings. */
public final class Quorum {
    private Quorum() {
    }

    /**
     * @param configured configured nodes; only they vote
     * @param expectedVotesSetting 0 = one vote per configured node
     * @param allSeenTogether whether every configured node has been in one view with this node since it started
     */
    public static QuorumStatus of(View view, Set<NodeId> configured, int expectedVotesSetting, boolean twoNodeSetting,
                                  boolean waitForAll, boolean allSeenTogether, NoQuorumPolicy policy) {
        int expected = expectedVotesSetting > 0 ? expectedVotesSetting : Math.max(1, configured.size());
        boolean twoNode = twoNodeSetting && expected == 2;
        boolean waiting = twoNode && waitForAll && !allSeenTogether;
        int votes = (int) view.members().stream().filter(configured::contains).count();
        int needed = twoNode ? 1 : expected / 2 + 1;
        return new QuorumStatus(!waiting && votes >= needed, votes, expected, twoNode, waiting, policy);
    }
}
