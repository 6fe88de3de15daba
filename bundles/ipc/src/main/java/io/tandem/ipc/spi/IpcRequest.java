package io.tandem.ipc.spi;

import io.tandem.ipc.IpcMessage;
import java.util.Objects;

/** A request for one verb from an authorized peer. */
public record IpcRequest(String verb, IpcMessage message, PeerCredentials peer) {
    public IpcRequest {
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(peer, "peer");
    }

    /** A required argument; a missing one becomes a usage error for the client. */
    public String require(String key) {
        return message.require(key);
    }
}
