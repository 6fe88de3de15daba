package io.tandem.membership;

import io.tandem.common.NodeId;
import java.util.List;

/**
 * One node as this node sees it.
 *
 * @param inView whether the node is a member of the current view
 * @param incarnation its last known incarnation, 0 if never heard
 * @param lastHeartbeatMillisAgo time since its last heartbeat, -1 if never
 * @param linksUp names of the links it is heard on
 * @param deadSinceMillis wall-clock time it was declared dead, 0 if it is not dead
 * @param detectionMillis for a dead node: how long after its last heartbeat it was declared dead
 */
public record NodeStatus(NodeId node, NodeState state, boolean inView, long incarnation, long lastHeartbeatMillisAgo,
                         List<String> linksUp, long deadSinceMillis, long detectionMillis) {
    public NodeStatus {
        linksUp = List.copyOf(linksUp);
    }
}
