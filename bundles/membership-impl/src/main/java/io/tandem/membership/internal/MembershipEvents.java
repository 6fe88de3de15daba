package io.tandem.membership.internal;

import io.tandem.common.NodeId;

/**
 * What the failure detector decided, for tests and benchmarks that measure it; the engine logs the same
 * decisions in heartbeat's words. Called on the membership thread.
 */
public interface MembershipEvents {
    MembershipEvents NONE = new MembershipEvents() {
    };

    /** {@code node} has been silent for warntime ("Late heartbeat from X: N ms"). */
    default void lateHeartbeat(NodeId node, long silentNanos) {
    }

    /**
     * {@code node} was declared dead.
     *
     * @param sinceLastHeartbeatNanos time from its last heartbeat to the declaration, -1 if never heard
     */
    default void nodeDead(NodeId node, long sinceLastHeartbeatNanos, String reason) {
    }

    /** {@code node} is heard again (or for the first time) and counts as alive. */
    default void nodeActive(NodeId node) {
    }
}
