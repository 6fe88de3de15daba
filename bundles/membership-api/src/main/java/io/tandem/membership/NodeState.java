package io.tandem.membership;

/** A node's state as this node's failure detector sees it (heartbeat's words in brackets). */
public enum NodeState {
    /** This node itself. */
    LOCAL,
    /** Heartbeats arrive on time ("active"). */
    ACTIVE,
    /** Heartbeats arrive but later than warntime ("late heartbeat" warned). */
    LATE,
    /** No heartbeat for deadtime, or it announced a clean shutdown ("dead"). */
    DEAD,
    /** Configured but never heard from since this node started ("init"). */
    UNKNOWN
}
