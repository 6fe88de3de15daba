package io.tandem.messaging.config;

import java.util.List;
import java.util.Objects;

/**
 * An authkeys file that cannot be used. The message names the file (and line when there is one); the parts are
 * also available one by one, with the warnings found before the problem, for callers that report them.
 */
public final class AuthKeysException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String word;
    private final String problem;
    private final transient List<AuthKeysWarning> warnings;

    /**
     * @param line 1-based line number, or 0 when the problem is the whole file
     * @param word the word of the line the problem is about, or empty
     * @param warnings what the file got away with before the problem, in file order
     */
    public AuthKeysException(String file, int line, String word, String problem, List<AuthKeysWarning> warnings) {
        super(file + (line > 0 ? ":" + line : "") + ": " + Objects.requireNonNull(problem));
        this.file = file;
        this.line = line;
        this.word = word == null ? "" : word;
        this.problem = problem;
        this.warnings = List.copyOf(warnings);
    }

    public String file() {
        return file;
    }

    /** 1-based line number, or 0 when the problem is the whole file (mode, missing). */
    public int line() {
        return line;
    }

    /** The word the problem is about: {@code auth}, a key index, a method, or empty. */
    public String word() {
        return word;
    }

    /** The problem without the file and line. */
    public String problem() {
        return problem;
    }

    /** Warnings about the lines before the problem; the parser stops at the first problem. */
    public List<AuthKeysWarning> warnings() {
        return warnings == null ? List.of() : warnings;
    }
}
