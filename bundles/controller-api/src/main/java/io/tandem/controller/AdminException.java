package io.tandem.controller;

/**
 * An admin request that was refused or could not be carried out, with a message meant for the user (what is
 * wrong and, where it helps, what to do). Nothing was changed.
 */
public final class AdminException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What kind of failure, so tools can map it to crm_resource's exit codes. */
    public enum Reason {
        /** Bad arguments: unknown option value, malformed lifetime, a node or resource name that is not valid. */
        INVALID,
        /** The resource, node or constraint does not exist. */
        NOT_FOUND,
        /** The request contradicts the configuration (moving a resource to where it is, a clone without a node). */
        CONFLICT,
        /** No DC to send the change to (no quorate view yet, or the DC did not answer in time). */
        UNAVAILABLE,
        /** The change was made invalid by a concurrent change; retry. */
        STALE
    }

    private final Reason reason;

    public AdminException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public AdminException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
