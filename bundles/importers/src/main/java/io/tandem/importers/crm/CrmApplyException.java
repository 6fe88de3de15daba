package io.tandem.importers.crm;

/**
 * A well-formed command that cannot be applied to the configuration: an unknown or duplicate id, or a bad value.
 * Names the command (such as {@code primitive vip}), its line and the field (such as {@code op monitor interval}).
 * The message reads {@code line 4: primitive vip: op monitor interval: '10x' is not a duration ...}.
 */
public final class CrmApplyException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String command;
    private final int line;
    private final String field;
    private final String problem;

    public CrmApplyException(String command, int line, String field, String problem) {
        super("line " + line + ": " + command + ": " + (field.isEmpty() ? "" : field + ": ") + problem);
        this.command = command;
        this.line = line;
        this.field = field;
        this.problem = problem;
    }

    /** The command keyword and its id, such as {@code primitive vip}. */
    public String command() {
        return command;
    }

    public int line() {
        return line;
    }

    /** The field the problem is about (such as {@code rsc}, {@code params ip}, {@code op monitor timeout}), or empty. */
    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }
}
