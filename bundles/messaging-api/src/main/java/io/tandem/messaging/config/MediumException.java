package io.tandem.messaging.config;

import java.util.Objects;

/** A medium line that cannot be used: {@code WHERE 'LINE': problem}, where the problem names the field. */
public final class MediumException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String line;
    private final String problem;

    public MediumException(String where, String line, String problem) {
        super(where + " '" + line + "': " + Objects.requireNonNull(problem));
        this.line = line;
        this.problem = problem;
    }

    /** The line as read, normalised to single spaces. */
    public String line() {
        return line;
    }

    /** What is wrong, naming the field ({@code TTL '300' must be a number in 1..255}), without where and line. */
    public String problem() {
        return problem;
    }
}
