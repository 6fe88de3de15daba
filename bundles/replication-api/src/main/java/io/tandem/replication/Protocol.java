package io.tandem.replication;

/**
 * When a write on the Primary completes: {@link #A} once written locally and handed to the network,
 * {@link #B} once the peer has received it as well, {@link #C} once it is written on both disks. A flush
 * completes once durable locally (A), also received by the peer (B), or durable on both disks (C).
 */
public enum Protocol {
    A, B, C;

    public static Protocol parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("protocol must be A, B or C, not '" + text + "'");
        }
    }
}
