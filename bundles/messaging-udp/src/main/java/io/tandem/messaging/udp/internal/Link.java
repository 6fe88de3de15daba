package io.tandem.messaging.udp.internal;

/**
 * One heartbeat medium as the engine sees it: somewhere to send datagrams to. Received datagrams come back
 * through {@link MessagingEngine#receive} with the link's index. {@link #send} is called on the engine's thread.
 */
interface Link {
    /** Stable name, e.g. {@code ucast:eth1:10.1.1.2}. */
    String name();

    /** The configuration line it came from. */
    String medium();

    /** Whether the link is open and can send. */
    boolean isOpen();

    /** Why the link is not open, or empty. */
    String error();

    /** Sends one datagram to the medium's destination (peer, group or broadcast address); best effort. */
    void send(byte[] buf, int off, int len);
}
