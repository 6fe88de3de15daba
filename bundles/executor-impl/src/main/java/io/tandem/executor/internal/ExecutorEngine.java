package io.tandem.executor.internal;

import io.tandem.common.ActionResult;
import io.tandem.common.ExecStatus;
import io.tandem.common.OcfExitCode;
import io.tandem.common.Scheduler;
import io.tandem.executor.AgentId;
import io.tandem.executor.AgentRegistry;
import io.tandem.executor.Executor;
import io.tandem.executor.OperationDigest;
import io.tandem.executor.OperationListener;
import io.tandem.executor.OperationResult;
import io.tandem.executor.OperationSpec;
import io.tandem.executor.ResourceHistory;
import io.tandem.executor.ResourceSpec;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's state machine: a queue per resource with at most one action in flight, a global cap on actions
 * in flight, recurring operations, cached start parameters, history and listener notification. State changes
 * happen under the engine's lock (callers, timers and completions come from different threads); listeners and
 * result stages are then run on the {@link Scheduler}, never under the lock. History is published as immutable
 * snapshots, readable from any thread.
 */
final class ExecutorEngine implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorEngine.class);

    private final Scheduler scheduler;
    private final ActionRunner runner;
    private final AgentRegistry registry;
    private final int maxParallel;
    private final int historyLength;
    private final Map<String, ResourceState> resources = new HashMap<>(); // guarded by this
    private final Deque<ResourceState> waitingForSlot = new ArrayDeque<>(); // guarded by this
    private final Map<String, ResourceHistory> histories = new ConcurrentHashMap<>();
    private final List<OperationListener> listeners = new CopyOnWriteArrayList<>();
    private int inFlight; // guarded by this
    private long nextCallId = 1; // guarded by this
    private boolean closed; // guarded by this

    ExecutorEngine(Scheduler scheduler, ActionRunner runner, AgentRegistry registry, int maxParallel, int historyLength) {
        this.scheduler = scheduler;
        this.runner = runner;
        this.registry = registry;
        this.maxParallel = maxParallel;
        this.historyLength = historyLength;
    }

    // ---- API ----

    @Override
    public CompletionStage<OperationResult> execute(ResourceSpec resource, OperationSpec operation) {
        CompletableFuture<OperationResult> future = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                future.completeExceptionally(new IllegalStateException("executor is shut down"));
                return future;
            }
            ResourceState rs = state(resource.resourceId());
            if ("stop".equals(operation.action())) {
                cancelRecurring(rs);
            }
            if (operation.isRecurring()) {
                Recurring old = rs.recurring.remove(operation.key());
                if (old != null) {
                    cancel(rs, old);
                }
                Recurring r = new Recurring(resource, operation, future);
                rs.recurring.put(operation.key(), r);
                r.timer = scheduler.schedule(operation.startDelay().toNanos(), () -> enqueueRecurring(rs, r));
            } else {
                enqueue(rs, new Call(resource, operation, future, null, scheduler.nanoTime()));
            }
        }
        return future;
    }

    @Override
    public boolean cancel(String resourceId, String action, Duration interval) {
        return locked(() -> {
            ResourceState rs = resources.get(resourceId);
            if (rs == null) {
                return false;
            }
            Recurring r = rs.recurring.remove(action + "_" + interval.toMillis());
            if (r == null) {
                return false;
            }
            cancel(rs, r);
            return true;
        });
    }

    @Override
    public int cancelAll(String resourceId) {
        return locked(() -> {
            ResourceState rs = resources.get(resourceId);
            return rs == null ? 0 : cancelRecurring(rs);
        });
    }

    @Override
    public List<String> resources() {
        return histories.keySet().stream().sorted().toList();
    }

    @Override
    public Optional<ResourceHistory> history(String resourceId) {
        return Optional.ofNullable(histories.get(resourceId));
    }

    @Override
    public void forget(String resourceId) {
        locked(() -> {
            ResourceState rs = resources.get(resourceId);
            if (rs != null) {
                cancelRecurring(rs);
                rs.startParameters = null;
                rs.recent.clear();
                rs.lastByKey.clear();
                rs.lastOneShot = null;
                rs.lastFailure = null;
                if (rs.inFlight == null && rs.queue.isEmpty()) {
                    resources.remove(resourceId);
                }
            }
            histories.remove(resourceId);
            return null;
        });
    }

    @Override
    public AutoCloseable addListener(OperationListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public AgentRegistry agents() {
        return registry;
    }

    /** Stops scheduling: recurring operations end, running actions are cancelled (their processes killed). */
    void close() {
        locked(() -> {
            closed = true;
            for (ResourceState rs : resources.values()) {
                cancelRecurring(rs);
                for (Call c : rs.queue) {
                    if (c.future != null) {
                        c.future.completeExceptionally(new IllegalStateException("executor is shut down"));
                    }
                }
                rs.queue.clear();
                if (rs.running != null) {
                    rs.running.cancel();
                }
            }
            return null;
        });
    }

    // ---- queueing ----

    private ResourceState state(String resourceId) {
        return resources.computeIfAbsent(resourceId, ResourceState::new);
    }

    private synchronized void enqueueRecurring(ResourceState rs, Recurring r) {
        if (!r.active || closed) {
            return;
        }
        r.timer = null;
        enqueue(rs, new Call(r.resource, r.operation, null, r, scheduler.nanoTime()));
    }

    private void enqueue(ResourceState rs, Call call) {
        rs.queue.addLast(call);
        pump(rs);
    }

    private void pump(ResourceState rs) {
        if (rs.inFlight != null || rs.queue.isEmpty() || rs.waiting) {
            return;
        }
        if (inFlight >= maxParallel) {
            rs.waiting = true;
            waitingForSlot.addLast(rs);
            return;
        }
        dispatch(rs, rs.queue.pollFirst());
    }

    private void dispatch(ResourceState rs, Call call) {
        inFlight++;
        rs.inFlight = call;
        call.callId = nextCallId++;
        call.startedNanos = scheduler.nanoTime();
        call.startedMillis = scheduler.currentTimeMillis();
        ResourceSpec effective = call.resource;
        String action = call.operation.action();
        if ("stop".equals(action) && rs.startParameters != null && !rs.startParameters.equals(call.resource.parameters())) {
            // Pacemaker stops with what the resource was started with, not with what the CIB says now.
            effective = new ResourceSpec(call.resource.resourceId(), call.resource.agent(), rs.startParameters);
        } else if (action.equals("start") || action.equals("migrate_from") || action.startsWith("reload")) {
            rs.startParameters = call.resource.parameters();
        }
        call.effective = effective;
        Invocation inv = new Invocation(effective, call.operation, call.callId);
        rs.running = runner.start(inv, outcome -> scheduler.execute(() -> completed(rs, call, outcome)));
        rs.timeoutTimer = scheduler.schedule(call.operation.timeout().toNanos(), () -> {
            synchronized (this) {
                if (rs.inFlight == call && rs.running != null) {
                    rs.running.timeout();
                }
            }
        });
    }

    private synchronized void completed(ResourceState rs, Call call, RawOutcome outcome) {
        if (rs.inFlight != call) {
            return; // reported twice; the first report counted
        }
        rs.inFlight = null;
        rs.running = null;
        if (rs.timeoutTimer != null) {
            rs.timeoutTimer.cancel();
            rs.timeoutTimer = null;
        }
        inFlight--;
        long now = scheduler.nanoTime();
        long execMillis = TimeUnit.NANOSECONDS.toMillis(now - call.startedNanos);
        OperationResult previous = rs.lastByKey.get(call.operation.key());
        boolean sameAsBefore = previous != null && previous.status() == outcome.result().status()
                && previous.exitCode() == outcome.result().exitCode();
        long rcChange = sameAsBefore ? previous.lastRcChangeMillis() : call.startedMillis + execMillis;
        OperationResult result = new OperationResult(call.resource.resourceId(), call.resource.agent(),
                call.operation.action(), call.operation.interval().toMillis(), call.callId, outcome.result(),
                outcome.rawExitCode(), call.startedMillis, rcChange, execMillis,
                TimeUnit.NANOSECONDS.toMillis(call.startedNanos - call.enqueuedNanos),
                OperationDigest.forOperation(call.effective.parameters(), call.operation), outcome.stdout(),
                outcome.stderr(), outcome.truncated());
        Recurring r = call.recurring;
        if (r == null) {
            record(rs, call.operation, result);
            notifyListeners(result);
            complete(call.future, result);
        } else if (r.active) {
            record(rs, call.operation, result);
            boolean news = r.lastNotified == null || !result.sameOutcome(r.lastNotified)
                    || !result.isSuccess(call.operation.expectedExitCode());
            if (news) {
                r.lastNotified = result;
                notifyListeners(result);
            }
            if (r.first != null) {
                complete(r.first, result);
                r.first = null;
            }
            if (!closed) {
                r.timer = scheduler.schedule(call.operation.interval().toNanos(), () -> enqueueRecurring(rs, r));
            }
        }
        // else: cancelled while running; listeners already have the CANCELLED result
        pump(rs);
        while (inFlight < maxParallel && !waitingForSlot.isEmpty()) {
            ResourceState next = waitingForSlot.pollFirst();
            next.waiting = false;
            pump(next);
        }
        if (closed || rs.inFlight == null && rs.queue.isEmpty() && rs.recurring.isEmpty() && !histories.containsKey(rs.id)) {
            resources.remove(rs.id);
        }
    }

    private int cancelRecurring(ResourceState rs) {
        List<Recurring> all = new ArrayList<>(rs.recurring.values());
        rs.recurring.clear();
        all.forEach(r -> cancel(rs, r));
        return all.size();
    }

    private void cancel(ResourceState rs, Recurring r) {
        r.active = false;
        if (r.timer != null) {
            r.timer.cancel();
            r.timer = null;
        }
        rs.queue.removeIf(c -> c.recurring == r);
        if (rs.inFlight != null && rs.inFlight.recurring == r && rs.running != null) {
            rs.running.cancel();
        }
        OperationResult cancelled = new OperationResult(r.resource.resourceId(), r.resource.agent(),
                r.operation.action(), r.operation.interval().toMillis(), nextCallId++,
                new ActionResult(ExecStatus.CANCELLED, OcfExitCode.OK, "cancelled"), -1, scheduler.currentTimeMillis(),
                scheduler.currentTimeMillis(), 0, 0, OperationDigest.forOperation(r.resource.parameters(), r.operation), "", "", false);
        Map<String, OperationResult> rec = new LinkedHashMap<>(rs.recurringResults);
        rec.remove(r.operation.key());
        rs.recurringResults = rec;
        rs.lastByKey.remove(r.operation.key());
        publish(rs, r.resource.agent());
        if (r.first != null) {
            complete(r.first, cancelled);
            r.first = null;
        }
        notifyListeners(cancelled);
    }

    // ---- history and listeners ----

    private void record(ResourceState rs, OperationSpec op, OperationResult result) {
        rs.lastByKey.put(op.key(), result);
        rs.recent.addLast(result);
        while (rs.recent.size() > historyLength) {
            rs.recent.removeFirst();
        }
        if (op.isRecurring()) {
            Map<String, OperationResult> rec = new LinkedHashMap<>(rs.recurringResults);
            rec.put(op.key(), result);
            rs.recurringResults = rec;
        } else {
            rs.lastOneShot = result;
        }
        if (result.status() != ExecStatus.CANCELLED && !result.isSuccess(op.expectedExitCode()) && !isProbeVerdict(op, result)) {
            rs.lastFailure = result;
        }
        publish(rs, result.agent());
    }

    /** A probe answering "not running" (or "promoted") is information, not a failure. */
    private static boolean isProbeVerdict(OperationSpec op, OperationResult result) {
        return "monitor".equals(op.action()) && !op.isRecurring() && result.status() == ExecStatus.DONE
                && (result.exitCode() == OcfExitCode.NOT_RUNNING || result.exitCode() == OcfExitCode.RUNNING_PROMOTED);
    }

    private void publish(ResourceState rs, AgentId agent) {
        histories.put(rs.id, new ResourceHistory(rs.id, agent, rs.startParameters == null ? Map.of() : rs.startParameters,
                Optional.ofNullable(rs.lastOneShot), Optional.ofNullable(rs.lastFailure), rs.recurringResults,
                new ArrayList<>(rs.recent)));
    }

    /** Listeners run on the scheduler, outside the lock, in the order the results were recorded. */
    private void notifyListeners(OperationResult result) {
        scheduler.execute(() -> {
            for (OperationListener l : listeners) {
                try {
                    l.operationCompleted(result);
                } catch (RuntimeException e) {
                    LOG.error("Operation listener {} failed on {}", l, result.operationKey(), e);
                }
            }
        });
    }

    private void complete(CompletableFuture<OperationResult> future, OperationResult result) {
        scheduler.execute(() -> future.complete(result));
    }

    private synchronized <T> T locked(java.util.function.Supplier<T> task) {
        return task.get();
    }

    // ---- state ----

    private static final class ResourceState {
        final String id;
        final Deque<Call> queue = new ArrayDeque<>();
        final Map<String, Recurring> recurring = new LinkedHashMap<>();
        final Deque<OperationResult> recent = new ArrayDeque<>();
        final Map<String, OperationResult> lastByKey = new HashMap<>();
        Map<String, OperationResult> recurringResults = Map.of();
        OperationResult lastOneShot;
        OperationResult lastFailure;
        Map<String, String> startParameters;
        Call inFlight;
        ActionRunner.Running running;
        Scheduler.Cancellable timeoutTimer;
        boolean waiting;

        ResourceState(String id) {
            this.id = id;
        }
    }

    private static final class Call {
        final ResourceSpec resource;
        final OperationSpec operation;
        final CompletableFuture<OperationResult> future;
        final Recurring recurring;
        final long enqueuedNanos;
        ResourceSpec effective;
        long callId;
        long startedNanos;
        long startedMillis;

        Call(ResourceSpec resource, OperationSpec operation, CompletableFuture<OperationResult> future,
             Recurring recurring, long enqueuedNanos) {
            this.resource = resource;
            this.operation = operation;
            this.future = future;
            this.recurring = recurring;
            this.enqueuedNanos = enqueuedNanos;
        }
    }

    private static final class Recurring {
        final ResourceSpec resource;
        final OperationSpec operation;
        CompletableFuture<OperationResult> first;
        OperationResult lastNotified;
        Scheduler.Cancellable timer;
        boolean active = true;

        Recurring(ResourceSpec resource, OperationSpec operation, CompletableFuture<OperationResult> first) {
            this.resource = resource;
            this.operation = operation;
            this.first = first;
        }
    }
}
