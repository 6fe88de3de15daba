package io.tandem.messaging;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Supplies a small payload (at most {@link #MAX_BYTES}) carried by every heartbeat this node sends, such as the
 * membership layer's view id and node attributes. Registered as a service; the messenger uses at most one.
 */
@ConsumerType
@FunctionalInterface
public interface HeartbeatPayloadProvider {
    int MAX_BYTES = 512;

    byte[] heartbeatPayload();
}
