package io.tandem.shell.internal.admin;

/**
 * What a command printed and how it ended: standard output, the error text ({@code error: ...} lines) and a
 * Pacemaker tool exit code ({@code crm_exit_t}).
 */
public record Result(int exit, String out, String err) {
    public Result {
        if (exit < 0 || exit > 255) {
            throw new IllegalArgumentException("exit code " + exit + " is outside 0..255");
        }
        out = out == null ? "" : out;
        err = err == null ? "" : err;
    }

    static Result ok(String out) {
        return new Result(0, out, "");
    }

    static Result failed(int exit, String out, String message) {
        return new Result(exit, out, "error: " + message + "\n");
    }

    public boolean isOk() {
        return exit == 0;
    }
}
