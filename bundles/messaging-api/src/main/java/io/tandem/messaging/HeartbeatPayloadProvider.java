package io.tandem.messaging;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Supplies a small payload (at most {@link #MAX_BYTES}) carried by every heartbeat this node sends, such as the
 * membership layer's view id and node attributes. Given to {@link ClusterMessenger#setHeartbeatPayloadProvider}
 * (not a whiteboard service: the provider depends on the messenger, so a service would make a DS cycle).
 * Called on the messenger's thread at every keepalive: keep it cheap.
 */
@ConsumerType
@FunctionalInterface
public interface HeartbeatPayloadProvider {
    int MAX_BYTES = 512;

    byte[] heartbeatPayload();
}
