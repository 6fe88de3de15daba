package io.tandem.controller.internal;

import io.tandem.common.ActionResult;
import io.tandem.common.ExecStatus;
import io.tandem.common.OcfExitCode;
import io.tandem.common.Scheduler;
import io.tandem.executor.AgentRegistry;
import io.tandem.executor.Executor;
import io.tandem.executor.OperationDigest;
import io.tandem.executor.OperationListener;
import io.tandem.executor.OperationResult;
import io.tandem.executor.OperationSpec;
import io.tandem.executor.ResourceHistory;
import io.tandem.executor.ResourceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The executor contract on virtual time with simulated agents, for whole-stack tests: each resource is either
 * stopped, started or promoted; start/stop/promote/demote change that, monitors report it (0, 7 or 8). Agents
 * can be told to fail an action, hang (never answer until the DC's timeout), be slow, or crash (the resource stops
 * by itself, which the next recurring monitor notices). Results reach listeners as the real executor tells them:
 * one-shot results, first recurring results, later recurring results when they change or fail, cancellations.
 */
final class SimExecutor implements Executor {
    enum Fault { FAIL, HANG }

    private final Scheduler clock;
    private final String node;
    private final Random random;
    private final List<OperationListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, String> roles = new HashMap<>();
    private final Map<String, Long> activatedAtNanos = new HashMap<>();
    private final Map<String, Rsc> resources = new LinkedHashMap<>();
    private final Map<String, Fault> faults = new HashMap<>();
    private long callIds;
    private long minLatencyMillis = 1;
    private long maxLatencyMillis = 20;
    private boolean dead;

    private static final class Rsc {
        ResourceSpec spec;
        OperationResult lastOneShot;
        OperationResult lastFailure;
        final Map<String, OperationResult> recurring = new LinkedHashMap<>();
        final Map<String, Scheduler.Cancellable> timers = new HashMap<>();
        Map<String, String> startParameters = Map.of();
    }

    SimExecutor(Scheduler clock, String node, long seed) {
        this.clock = clock;
        this.node = node;
        this.random = new Random(seed);
    }

    void latency(long minMillis, long maxMillis) {
        this.minLatencyMillis = minMillis;
        this.maxLatencyMillis = maxMillis;
    }

    /** The next {@code action} of {@code resource} fails (rc 1) or never answers. */
    void fault(String resource, String action, Fault fault) {
        faults.put(resource + " " + action, fault);
    }

    /** The resource dies on its own (the process crashed): the next monitor reports it stopped. */
    void crash(String resource) {
        roles.remove(resource);
    }

    /** The node died: nothing answers any more. */
    void kill() {
        dead = true;
        resources.values().forEach(r -> r.timers.values().forEach(Scheduler.Cancellable::cancel));
    }

    /** When the start that made the resource active here was requested (virtual nanos): the DC's decision time. */
    long activatedAt(String resource) {
        return activatedAtNanos.getOrDefault(resource, 0L);
    }

    /** What runs here: resource to role (Started or Promoted). */
    Map<String, String> active() {
        return Map.copyOf(roles);
    }

    @Override
    public CompletionStage<OperationResult> execute(ResourceSpec resource, OperationSpec op) {
        CompletableFuture<OperationResult> f = new CompletableFuture<>();
        Rsc r = resources.computeIfAbsent(resource.resourceId(), k -> new Rsc());
        r.spec = resource;
        if (op.isRecurring()) {
            Scheduler.Cancellable old = r.timers.remove(op.key());
            if (old != null) {
                old.cancel();
            }
            scheduleRecurring(r, op, f, true);
            return f;
        }
        if (op.action().equals("stop")) {
            cancelAll(resource.resourceId());
        }
        Map<String, String> params = op.action().equals("stop") && !r.startParameters.isEmpty() ? r.startParameters : resource.parameters();
        long latency = latency();
        long requestedAt = clock.nanoTime();
        Fault fault = faults.remove(resource.resourceId() + " " + op.action());
        if (fault == Fault.HANG || dead) {
            return f;
        }
        clock.schedule(latency * 1_000_000L, () -> {
            if (dead) {
                return;
            }
            OperationResult res = run(r, params, op, fault == Fault.FAIL, latency, requestedAt);
            r.lastOneShot = res;
            if (op.action().equals("start") && res.status() == ExecStatus.DONE) {
                r.startParameters = params;
            }
            if (!res.isSuccess(op.expectedExitCode()) && !(op.action().equals("monitor") && (res.exitCode().code() == 7 || res.exitCode().code() == 8))) {
                r.lastFailure = res;
            }
            publish(res);
            f.complete(res);
        });
        return f;
    }

    private void scheduleRecurring(Rsc r, OperationSpec op, CompletableFuture<OperationResult> first, boolean isFirst) {
        long delay = isFirst ? latency() + op.startDelay().toMillis() : op.interval().toMillis();
        r.timers.put(op.key(), clock.schedule(delay * 1_000_000L, () -> {
            if (dead) {
                return;
            }
            Fault fault = faults.remove(r.spec.resourceId() + " monitor");
            if (fault == Fault.HANG) {
                return;
            }
            OperationResult res = run(r, r.spec.parameters(), op, fault == Fault.FAIL, 1, clock.nanoTime());
            OperationResult prev = r.recurring.put(op.key(), res);
            boolean failed = !res.isSuccess(op.expectedExitCode());
            if (failed) {
                r.lastFailure = res;
            }
            if (isFirst || failed || !res.sameOutcome(prev)) {
                publish(res);
            }
            if (isFirst) {
                first.complete(res);
            }
            scheduleRecurring(r, op, first, false);
        }));
    }

    private long latency() {
        return minLatencyMillis + (maxLatencyMillis > minLatencyMillis ? random.nextLong(maxLatencyMillis - minLatencyMillis + 1) : 0);
    }

    private OperationResult run(Rsc r, Map<String, String> params, OperationSpec op, boolean fail, long execMillis,
                                long requestedAtNanos) {
        String id = r.spec.resourceId();
        OcfExitCode rc = OcfExitCode.OK;
        if (fail) {
            rc = OcfExitCode.ERR_GENERIC;
            if (op.action().equals("start") || op.action().equals("promote")) {
                roles.remove(id);
            }
        } else {
            switch (op.action()) {
                case "start" -> {
                    roles.put(id, "Started");
                    activatedAtNanos.put(id, requestedAtNanos);
                }
                case "stop" -> roles.remove(id);
                case "promote" -> roles.put(id, "Promoted");
                case "demote" -> roles.put(id, "Started");
                case "monitor" -> {
                    String role = roles.get(id);
                    rc = role == null ? OcfExitCode.NOT_RUNNING : role.equals("Promoted") ? OcfExitCode.RUNNING_PROMOTED : OcfExitCode.OK;
                }
                default -> {
                }
            }
        }
        long now = clock.currentTimeMillis();
        return new OperationResult(id, r.spec.agent(), op.action(), op.interval().toMillis(), ++callIds,
                new ActionResult(ExecStatus.DONE, rc, fail ? "simulated failure" : ""), rc.code(), now - execMillis, now,
                execMillis, 0, OperationDigest.forOperation(params, op), "", "", false);
    }

    private void publish(OperationResult r) {
        for (OperationListener l : listeners) {
            l.operationCompleted(r);
        }
    }

    @Override
    public boolean cancel(String resourceId, String action, Duration interval) {
        Rsc r = resources.get(resourceId);
        String key = action + "_" + interval.toMillis();
        Scheduler.Cancellable t = r == null ? null : r.timers.remove(key);
        if (t == null) {
            return false;
        }
        t.cancel();
        OperationResult last = r.recurring.remove(key);
        long now = clock.currentTimeMillis();
        publish(new OperationResult(resourceId, r.spec.agent(), action, interval.toMillis(), ++callIds,
                new ActionResult(ExecStatus.CANCELLED, OcfExitCode.OK, ""), 0, now, now, 0, 0,
                last == null ? "" : last.parameterDigest(), "", "", false));
        return true;
    }

    @Override
    public int cancelAll(String resourceId) {
        Rsc r = resources.get(resourceId);
        if (r == null) {
            return 0;
        }
        int n = 0;
        for (String key : new ArrayList<>(r.timers.keySet())) {
            int us = key.lastIndexOf('_');
            if (cancel(resourceId, key.substring(0, us), Duration.ofMillis(Long.parseLong(key.substring(us + 1))))) {
                n++;
            }
        }
        return n;
    }

    @Override
    public List<String> resources() {
        return List.copyOf(resources.keySet());
    }

    @Override
    public Optional<ResourceHistory> history(String resourceId) {
        Rsc r = resources.get(resourceId);
        if (r == null || r.spec == null) {
            return Optional.empty();
        }
        return Optional.of(new ResourceHistory(resourceId, r.spec.agent(), r.startParameters, Optional.ofNullable(r.lastOneShot),
                Optional.ofNullable(r.lastFailure), r.recurring, List.of()));
    }

    @Override
    public void forget(String resourceId) {
        cancelAll(resourceId);
        resources.remove(resourceId);
    }

    @Override
    public AutoCloseable addListener(OperationListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public AgentRegistry agents() {
        throw new UnsupportedOperationException("the simulated executor has no agent registry (" + node + ")");
    }
}
