package io.tandem.executor;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of operation results, as Pacemaker's executor tells its controller: every one-shot result, the first
 * result of a recurring operation, later recurring results only when exec status or rc changed or when they
 * are failures, and a {@link io.tandem.common.ExecStatus#CANCELLED} result when a recurring operation is
 * cancelled. Register as a whiteboard service or with {@link Executor#addListener}.
 *
 * <p>Called on the executor's own thread: return quickly, hand work to your own scheduler.
 */
@ConsumerType
@FunctionalInterface
public interface OperationListener {
    void operationCompleted(OperationResult result);
}
