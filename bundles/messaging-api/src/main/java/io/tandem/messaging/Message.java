package io.tandem.messaging;

import io.tandem.common.NodeId;
import java.util.Objects;

/** A message delivered from a peer (or from this node to itself on broadcast). */
public record Message(NodeId from, long fromIncarnation, String channel, byte[] payload) {
    public Message {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(payload, "payload");
    }
}
