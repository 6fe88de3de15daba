package io.tandem.common;

/** What an agent answered: the OCF exit codes, with Pacemaker's names. */
public enum OcfExitCode {
    OK(0, "ok"), ERR_GENERIC(1, "error"), ERR_ARGS(2, "invalid parameter"), ERR_UNIMPLEMENTED(3, "unimplemented feature"),
    ERR_PERM(4, "insufficient privileges"), ERR_INSTALLED(5, "not installed"), ERR_CONFIGURED(6, "not configured"),
    NOT_RUNNING(7, "not running"), RUNNING_PROMOTED(8, "promoted"), FAILED_PROMOTED(9, "promoted (failed)"),
    DEGRADED(190, "OCF_DEGRADED"), DEGRADED_PROMOTED(191, "promoted (degraded)");

    private final int code;
    private final String description;

    OcfExitCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** Maps a raw exit status; anything outside the OCF range is a generic error, as Pacemaker treats it. */
    public static OcfExitCode fromCode(int code) {
        for (OcfExitCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return ERR_GENERIC;
    }
}
