package io.tandem.executor.internal;

import io.tandem.common.ActionResult;
import java.util.Objects;

/** What a runner reports when an action has finished: the normalised result, the raw status and the output. */
record RawOutcome(ActionResult result, int rawExitCode, String stdout, String stderr, boolean truncated) {
    RawOutcome {
        Objects.requireNonNull(result, "result");
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    static RawOutcome of(ActionResult result) {
        return new RawOutcome(result, -1, "", "", false);
    }
}
