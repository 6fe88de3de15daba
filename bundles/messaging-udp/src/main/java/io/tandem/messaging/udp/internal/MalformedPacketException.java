package io.tandem.messaging.udp.internal;

/** A datagram that is not a well-formed Tandem packet. Thrown often under attack, so it has no stack trace. */
final class MalformedPacketException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedPacketException(String message) {
        super(message, null, false, false);
    }
}
