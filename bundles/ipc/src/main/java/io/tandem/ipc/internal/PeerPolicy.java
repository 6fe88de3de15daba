package io.tandem.ipc.internal;

import io.tandem.ipc.spi.PeerCredentials;
import java.util.Optional;

/** Decides whether a connected peer may use the API; a seam so that tests can refuse even root. */
@FunctionalInterface
interface PeerPolicy {
    /** @return empty to admit the peer, or the reason it is refused (sent to the peer and logged) */
    Optional<String> refusal(PeerCredentials peer);
}
