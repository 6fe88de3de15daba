package io.tandem.executor;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs agent actions on this node, one at a time per resource, different resources in parallel up to a cap.
 *
 * <p>Results are delivered through {@link CompletionStage}s completed on the executor's thread; continue with
 * the {@code *Async} methods and your own {@link io.tandem.common.Scheduler} (it is a
 * {@link java.util.concurrent.Executor}) to get back onto your thread, e.g.
 * {@code executor.execute(r, op).thenAcceptAsync(this::handle, myScheduler)}.
 */
@ProviderType
public interface Executor {
    /**
     * Queues {@code operation} for {@code resource}. A one-shot operation completes with its result. A recurring
     * operation (interval &gt; 0) is registered under {@code (resource, action, interval)}, replacing an earlier
     * one with that key, runs first after its start delay and then {@code interval} after each completion; the
     * stage completes with the first result, later ones reach the {@link OperationListener}s.
     *
     * <p>A {@code stop} cancels the resource's recurring operations first and runs with the parameters of the
     * resource's last {@code start} (if there was one), as Pacemaker does.
     */
    CompletionStage<OperationResult> execute(ResourceSpec resource, OperationSpec operation);

    /**
     * Cancels a recurring operation; if it is running, its processes are killed. Listeners get a
     * {@code CANCELLED} result. Returns whether such an operation was registered.
     */
    boolean cancel(String resourceId, String action, Duration interval);

    /** Cancels every recurring operation of the resource; returns how many there were. */
    int cancelAll(String resourceId);

    /** The resources this executor has run operations for. */
    List<String> resources();

    Optional<ResourceHistory> history(String resourceId);

    /** Forgets a resource's history and cached start parameters (after a cleanup), cancelling its recurring ops. */
    void forget(String resourceId);

    /** Registers a listener; close the handle to remove it. {@link OperationListener} services are found too. */
    AutoCloseable addListener(OperationListener listener);

    /** The agents this executor can run. */
    AgentRegistry agents();
}
