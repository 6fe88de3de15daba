package io.tandem.messaging;

import io.tandem.common.NodeId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Learns of peers' heartbeats as they arrive. This is the raw input of failure detection: the messenger
 * decides nothing about life and death of nodes, membership does. Called on the messenger's thread.
 */
@ConsumerType
public interface PeerListener {
    /**
     * An authenticated heartbeat (or any authenticated packet) from {@code peer} arrived on some link.
     * Called at most once per received packet, after duplicates from redundant links are dropped.
     *
     * @param payload the peer's heartbeat payload (see {@link HeartbeatPayloadProvider}), empty for non-heartbeat packets
     */
    void heard(NodeId peer, long incarnation, byte[] payload);

    /** {@code peer} restarted: packets now carry {@code newIncarnation}; its old reliable streams are gone. */
    default void restarted(NodeId peer, long oldIncarnation, long newIncarnation) {
    }

    /** {@code peer} announced a clean shutdown of {@code incarnation}. */
    default void left(NodeId peer, long incarnation) {
    }
}
