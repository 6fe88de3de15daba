package io.tandem.messaging.config;

import java.util.Objects;

/**
 * Something an authkeys file got away with, such as a {@code crc} key or a key line without an index.
 *
 * @param line 1-based line number, or 0 when the warning is about the file as a whole
 * @param word the word of the line the warning is about (such as {@code crc}), or empty
 * @param message what is wrong and what to do, without the file name
 */
public record AuthKeysWarning(int line, String word, String message) {
    public AuthKeysWarning {
        Objects.requireNonNull(message, "message");
        word = word == null ? "" : word;
        if (line < 0) {
            throw new IllegalArgumentException("line must not be negative: " + line);
        }
    }

    /** The warning as a log line: {@code FILE:LINE: message}, or {@code FILE: message} for the whole file. */
    public String format(String file) {
        return file + (line > 0 ? ":" + line : "") + ": " + message;
    }
}
