package io.tandem.vip;

import java.util.Objects;

/** A failed address operation; {@link #kind()} says whose fault it is, so agents can map it to OCF codes. */
public final class VipException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the operation failed. */
    public enum Kind {
        /** A required program (ip, send_arp, send_ua, arping) is missing. */
        NOT_INSTALLED,
        /** No interface fits the address, or the named device or namespace does not exist. */
        NO_INTERFACE,
        /** A command ran and failed, or its output could not be understood. */
        COMMAND_FAILED
    }

    private final Kind kind;

    public VipException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public VipException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
