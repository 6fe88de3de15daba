package io.tandem.messaging.udp.internal;

import io.tandem.common.NodeId;
import java.util.Objects;

/** The engine's validated settings (transport-independent part of the io.tandem.messaging configuration). */
record MessengerSettings(String clusterName, NodeId localNode, long keepAliveMillis, long linkDeadTimeMillis,
                         int compressionThresholdBytes, int maxDatagramBytes) {
    static final int MIN_DATAGRAM_BYTES = 1024;
    static final int MAX_DATAGRAM_BYTES = 65507;

    MessengerSettings {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(localNode, "localNode");
        if (clusterName.isBlank() || clusterName.length() > 255) {
            throw new IllegalArgumentException("clusterName must be 1..255 characters");
        }
        if (keepAliveMillis <= 0) {
            throw new IllegalArgumentException("keepAliveMillis must be positive, not " + keepAliveMillis);
        }
        if (linkDeadTimeMillis <= keepAliveMillis) {
            throw new IllegalArgumentException("linkDeadTimeMillis (" + linkDeadTimeMillis
                    + ") must be longer than keepAliveMillis (" + keepAliveMillis + ")");
        }
        if (compressionThresholdBytes < 0) {
            throw new IllegalArgumentException("compressionThresholdBytes must not be negative");
        }
        if (maxDatagramBytes < MIN_DATAGRAM_BYTES || maxDatagramBytes > MAX_DATAGRAM_BYTES) {
            throw new IllegalArgumentException("maxDatagramBytes must be in " + MIN_DATAGRAM_BYTES + ".."
                    + MAX_DATAGRAM_BYTES + ", not " + maxDatagramBytes);
        }
    }
}
