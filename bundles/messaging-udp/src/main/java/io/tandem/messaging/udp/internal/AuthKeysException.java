package io.tandem.messaging.udp.internal;

import java.util.Objects;

/** An authkeys file that cannot be used; the message names the file (and line when there is one). */
public final class AuthKeysException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    public AuthKeysException(String file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + Objects.requireNonNull(problem));
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    /** 1-based line number, or 0 when the problem is the whole file (mode, missing). */
    public int line() {
        return line;
    }
}
