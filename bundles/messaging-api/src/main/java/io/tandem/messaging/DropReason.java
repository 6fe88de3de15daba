package io.tandem.messaging;

/** Why a received packet was dropped. Every drop is counted under exactly one reason. */
public enum DropReason {
    /** Not a Tandem packet, truncated, or fields out of range. */
    MALFORMED,
    /** From another cluster (different cluster name) sharing the network. */
    FOREIGN_CLUSTER,
    /** Signed with an auth key index this node does not have. */
    UNKNOWN_KEY,
    /** HMAC (or CRC) does not match: forged, corrupted, or signed with a different key. */
    BAD_AUTH,
    /** An older incarnation or a sequence number already seen or below the replay window. */
    REPLAY,
    /** A copy of a packet already received on another link (redundant links): expected, not an attack. */
    DUPLICATE,
    /** Our own packet looped back (multicast loop, broadcast). */
    OWN_PACKET,
    /** Reliable data addressed to an earlier incarnation of this node. */
    STALE_DESTINATION,
    /** Beyond the receive window, or a message too large to reassemble. */
    OVERLOAD
}
