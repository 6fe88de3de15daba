package io.tandem.cib;

/**
 * A patch that could not be applied. Every reason but {@link Reason#ALREADY_APPLIED} means the receiver's copy
 * differs from the sender's: it asks for the whole CIB.
 */
public final class CibPatchException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The CIB is already at or past the patch's target version (a duplicate or late delivery): ignore it. */
        ALREADY_APPLIED,
        /** The CIB's version is not the patch's source version: an update was missed. */
        VERSION_MISMATCH,
        /** A path does not name an element of the CIB, or a position is out of range. */
        BAD_PATH,
        /** The result differs from what the sender had: its digest is not the patch's target digest. */
        DIGEST_MISMATCH
    }

    private final Reason reason;

    public CibPatchException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** Whether the receiver should ask the sender for a full copy of the CIB. */
    public boolean needsResync() {
        return reason != Reason.ALREADY_APPLIED;
    }
}
