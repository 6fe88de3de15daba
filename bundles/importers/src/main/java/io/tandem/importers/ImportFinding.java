package io.tandem.importers;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing an importer has to say about one line of one file.
 *
 * @param line 1-based line number, or 0 when the finding is about the file as a whole
 * @param directive the directive the line starts with (such as {@code keepalive}), or empty
 */
public record ImportFinding(Path file, int line, Severity severity, String directive, String message) {
    public ImportFinding {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        directive = directive == null ? "" : directive;
        if (line < 0) {
            throw new IllegalArgumentException("line must not be negative: " + line);
        }
    }

    /** The compiler-style form {@code FILE:LINE: SEVERITY: directive: message} (directive left out when empty). */
    @Override
    public String toString() {
        return file + ":" + line + ": " + severity + ": " + (directive.isEmpty() ? "" : directive + ": ") + message;
    }
}
