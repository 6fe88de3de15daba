package io.tandem.membership;

import io.tandem.common.NodeId;
import java.util.List;
import java.util.Objects;

/**
 * An agreed membership view: every member installs the same id with the same members in the same order
 * (by node name). View ids only grow, across partitions, merges and restarts.
 *
 * @param coordinator the member that formed the view (its lowest-named member)
 */
public record View(long id, List<NodeId> members, NodeId coordinator) {
    public View {
        Objects.requireNonNull(coordinator, "coordinator");
        members = List.copyOf(members);
        if (id < 0) {
            throw new IllegalArgumentException("view id must not be negative: " + id);
        }
        if (!members.contains(coordinator)) {
            throw new IllegalArgumentException("coordinator " + coordinator + " is not a member of " + members);
        }
        for (int i = 1; i < members.size(); i++) {
            if (members.get(i - 1).compareTo(members.get(i)) >= 0) {
                throw new IllegalArgumentException("view members must be sorted by name and distinct: " + members);
            }
        }
    }

    public boolean contains(NodeId node) {
        return members.contains(node);
    }

    @Override
    public String toString() {
        return "view " + id + " " + members;
    }
}
