package io.tandem.executor;

import io.tandem.common.ActionResult;
import io.tandem.common.ExecStatus;
import io.tandem.common.OcfExitCode;
import java.util.Objects;

/**
 * The outcome of one run of an operation, with what the controller writes into the CIB status as an
 * {@code lrm_rsc_op}: call id, exec status and rc, start time, execution and queue time, and the parameter
 * digest ({@link OperationDigest}).
 *
 * @param resourceId        the resource
 * @param agent             its agent
 * @param action            the action as requested (monitor, not the LSB name status)
 * @param intervalMillis    0 for one-shot actions, the period of a recurring operation
 * @param callId            increases with every run on this executor (recurring runs get new ids)
 * @param result            did it run, what the agent answered (normalised as Pacemaker does), exit reason
 * @param rawExitCode       the process exit status before normalisation (-1 if no process ran)
 * @param startedMillis     wall clock when the action started (after queueing)
 * @param lastRcChangeMillis wall clock when this operation (same key) last finished with a different exec status
 *                          or rc than before: Pacemaker's {@code last-rc-change}
 * @param execMillis        how long it ran
 * @param queueMillis       how long it waited behind other actions of the resource or the parallelism cap
 * @param parameterDigest   md5 of the parameters, as Pacemaker's op-digest
 * @param stdout            what the agent printed on stdout, capped
 * @param stderr            what the agent printed on stderr, capped
 * @param outputTruncated   whether stdout or stderr was longer than the cap
 */
public record OperationResult(String resourceId, AgentId agent, String action, long intervalMillis, long callId,
                              ActionResult result, int rawExitCode, long startedMillis, long lastRcChangeMillis,
                              long execMillis,
                              long queueMillis, String parameterDigest, String stdout, String stderr,
                              boolean outputTruncated) {
    public OperationResult {
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(parameterDigest, "parameterDigest");
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
        if (intervalMillis < 0 || execMillis < 0 || queueMillis < 0) {
            throw new IllegalArgumentException("negative interval or duration in result of " + resourceId + " " + action);
        }
    }

    public ExecStatus status() {
        return result.status();
    }

    public OcfExitCode exitCode() {
        return result.exitCode();
    }

    public String exitReason() {
        return result.reason();
    }

    /** Pacemaker's operation key: {@code rsc_monitor_10000}. */
    public String operationKey() {
        return resourceId + "_" + action + "_" + intervalMillis;
    }

    public boolean isRecurring() {
        return intervalMillis != 0;
    }

    /** Whether the action ran and the agent answered {@code expectedExitCode}. */
    public boolean isSuccess(int expectedExitCode) {
        return result.status() == ExecStatus.DONE && result.exitCode().code() == expectedExitCode;
    }

    /** Same exec status and rc as {@code other}: what decides whether a recurring result is news. */
    public boolean sameOutcome(OperationResult other) {
        return other != null && other.result.status() == result.status()
                && other.result.exitCode() == result.exitCode();
    }
}
