package io.tandem.common;

import java.util.Objects;

/**
 * The result of a resource or fencing action on two axes: whether it ran ({@link ExecStatus}) and what the
 * agent answered ({@link OcfExitCode}), plus the agent's exit reason for humans.
 */
public record ActionResult(ExecStatus status, OcfExitCode exitCode, String reason) {
    public ActionResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(exitCode, "exitCode");
        reason = reason == null ? "" : reason;
        if (reason.length() > 4096) { // agents can print anything; a reason is one human line, not a log
            reason = reason.substring(0, 4096);
        }
    }

    public static ActionResult ok() {
        return new ActionResult(ExecStatus.DONE, OcfExitCode.OK, "");
    }

    public static ActionResult done(OcfExitCode code, String reason) {
        return new ActionResult(ExecStatus.DONE, code, reason);
    }

    public static ActionResult timedOut(String reason) {
        return new ActionResult(ExecStatus.TIMED_OUT, OcfExitCode.ERR_GENERIC, reason);
    }

    public boolean isSuccess() {
        return status == ExecStatus.DONE && exitCode == OcfExitCode.OK;
    }

    @Override
    public String toString() {
        String s = status + "/" + exitCode.code() + " (" + exitCode.description() + ")";
        return reason.isEmpty() ? s : s + ": " + reason;
    }
}
