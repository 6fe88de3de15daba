package io.tandem.cib;

/** A local update that was not made; the CIB is unchanged. */
public final class CibUpdateException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The edit threw: it refused the change. */
        REJECTED,
        /** The result is not a valid CIB (the cause is a {@link CibParseException} naming the element). */
        INVALID,
        /** A configuration change could not be written to disk. */
        NOT_PERSISTED
    }

    private final Reason reason;

    public CibUpdateException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
