package io.tandem.replication;

/** A role or connection change a volume refuses, with DRBD's reason ("Multiple primaries not allowed by config"). */
public final class StateChangeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StateChangeException(String message) {
        super(message);
    }
}
