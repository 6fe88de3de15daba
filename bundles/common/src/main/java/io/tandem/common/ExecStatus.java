package io.tandem.common;

/** Did an action run to completion? Pacemaker's op-status values, with their numeric codes. */
public enum ExecStatus {
    PENDING(-1), DONE(0), CANCELLED(1), TIMED_OUT(2), NOT_SUPPORTED(3), ERROR(4),
    ERROR_HARD(5), ERROR_FATAL(6), NOT_INSTALLED(7), NOT_CONNECTED(8), INVALID(9), NO_FENCE_DEVICE(10), NO_SECRETS(11);

    private final int code;

    ExecStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ExecStatus fromCode(int code) {
        for (ExecStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown op-status " + code);
    }
}
