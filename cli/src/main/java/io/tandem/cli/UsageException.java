package io.tandem.cli;

/** A command line that cannot be obeyed; the message says what to change. Exit code 64 (EX_USAGE). */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
