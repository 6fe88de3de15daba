package io.tandem.importers.crm;

/**
 * Text that is not crm shell syntax: where (1-based line and column of the offending token), the token, and
 * what was expected there. The message reads {@code line 3, column 17: at 'foo': expected a score such as 100: or inf:}.
 */
public final class CrmSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String token;
    private final String expected;

    /**
     * @param token the offending token, or empty at the end of a command
     * @param expected what would have been accepted there
     */
    public CrmSyntaxException(int line, int column, String token, String expected) {
        super("line " + line + ", column " + column + ": "
                + (token.isEmpty() ? "at the end of the command" : "at '" + token + "'") + ": expected " + expected);
        this.line = line;
        this.column = column;
        this.token = token;
        this.expected = expected;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String token() {
        return token;
    }

    public String expected() {
        return expected;
    }
}
