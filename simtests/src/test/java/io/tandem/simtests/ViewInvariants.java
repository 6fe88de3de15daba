package io.tandem.simtests;

import io.tandem.common.NodeId;
import io.tandem.membership.QuorumStatus;
import io.tandem.membership.View;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The safety properties of agreed views, checked at the moment each view is installed on any node (every
 * incarnation of it included). A listener cannot fail the engine's thread (the engine catches listener
 * exceptions), so violations are collected here and the harness fails the test after each step.
 */
final class ViewInvariants {
    private final Map<String, Long> lastInstalledId = new HashMap<>();
    private final Map<String, List<NodeId>> membersByIdentity = new HashMap<>();
    private final Map<String, Set<Long>> acceptedIds = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private long viewsChecked;

    /** {@code node} reported CHANGING towards {@code proposedId}: it accepted that proposal. */
    void changing(String node, long proposedId) {
        acceptedIds.computeIfAbsent(node, n -> new HashSet<>()).add(proposedId);
    }

    /** {@code node} (incarnation {@code incarnation}) installed {@code view} at virtual time {@code nowNanos}. */
    void installed(String node, long incarnation, View view, QuorumStatus quorum, long nowNanos) {
        if (view.id() == 0) {
            return; // the "no view yet" placeholder every incarnation reports to a new listener
        }
        viewsChecked++;
        String where = node + " (incarnation " + incarnation + ") at " + nowNanos / 1_000_000 + " ms: ";
        Long last = lastInstalledId.get(node);
        if (last != null && view.id() <= last) {
            violations.add(where + "view id went from " + last + " to " + view.id());
        }
        lastInstalledId.put(node, view.id());
        if (!view.contains(NodeId.of(node))) {
            violations.add(where + "installed " + view + " without itself");
        }
        if (!view.coordinator().equals(view.members().get(0))) {
            violations.add(where + "coordinator " + view.coordinator() + " of " + view + " is not its lowest member");
        }
        String identity = view.id() + "@" + view.coordinator();
        List<NodeId> previous = membersByIdentity.putIfAbsent(identity, view.members());
        if (previous != null && !previous.equals(view.members())) {
            violations.add(where + "view " + identity + " has members " + view.members() + " here and " + previous
                    + " elsewhere");
        }
        for (NodeId member : view.members()) {
            if (!acceptedIds.getOrDefault(member.name(), Set.of()).contains(view.id())) {
                violations.add(where + "installed " + view + " but " + member + " never accepted view " + view.id());
            }
        }
        if (quorum.votes() != view.members().size()) {
            violations.add(where + "quorum counts " + quorum.votes() + " votes in " + view);
        }
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    long viewsChecked() {
        return viewsChecked;
    }
}
