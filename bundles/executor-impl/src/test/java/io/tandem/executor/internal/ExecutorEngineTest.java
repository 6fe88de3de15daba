package io.tandem.executor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.ActionResult;
import io.tandem.common.ExecStatus;
import io.tandem.common.OcfExitCode;
import io.tandem.executor.AgentId;
import io.tandem.executor.OperationDigest;
import io.tandem.executor.OperationResult;
import io.tandem.executor.OperationSpec;
import io.tandem.executor.ResourceHistory;
import io.tandem.executor.ResourceSpec;
import io.tandem.testkit.SimScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The engine's queueing, recurring operations, cancellation and history, on virtual time with a scripted runner. */
class ExecutorEngineTest {
    private final SimScheduler sim = new SimScheduler();
    private final ScriptedRunner runner = new ScriptedRunner();
    private final List<OperationResult> heard = new ArrayList<>();

    private ExecutorEngine engine(int maxParallel) {
        ExecutorEngine e = new ExecutorEngine(sim, runner, null, maxParallel, 5);
        e.addListener(heard::add);
        return e;
    }

    private static ResourceSpec rsc(String id, Map<String, String> params) {
        return new ResourceSpec(id, AgentId.parse("ocf:test:Fake"), params);
    }

    @Test
    void oneActionAtATimePerResourceAndResourcesInParallel() {
        ExecutorEngine e = engine(10);
        CompletableFuture<OperationResult> a1 = e.execute(rsc("a", Map.of()), OperationSpec.of("start")).toCompletableFuture();
        CompletableFuture<OperationResult> a2 = e.execute(rsc("a", Map.of()), OperationSpec.probe(Duration.ofSeconds(5))).toCompletableFuture();
        e.execute(rsc("b", Map.of()), OperationSpec.of("start"));
        sim.advanceMillis(0);
        assertEquals(List.of("a start", "b start"), runner.started());
        sim.advanceMillis(100);
        runner.finish("a", 0);
        sim.advanceMillis(0);
        assertTrue(a1.isDone());
        assertEquals(100, a1.join().execMillis());
        assertEquals(List.of("a start", "b start", "a monitor"), runner.started());
        assertEquals(100, runner.last("a").queueWaitNanos / 1_000_000);
        runner.finish("a", 7);
        sim.advanceMillis(0);
        assertEquals(OcfExitCode.NOT_RUNNING, a2.join().exitCode());
        assertTrue(a2.join().callId() > a1.join().callId());
        ResourceHistory h = e.history("a").orElseThrow();
        assertEquals("monitor", h.lastOneShot().orElseThrow().action());
        assertTrue(h.lastFailure().isEmpty(), "a probe finding the resource stopped is not a failure");
    }

    @Test
    void parallelismIsCappedAcrossResources() {
        ExecutorEngine e = engine(2);
        for (String id : List.of("a", "b", "c", "d")) {
            e.execute(rsc(id, Map.of()), OperationSpec.of("start"));
        }
        sim.advanceMillis(0);
        assertEquals(List.of("a start", "b start"), runner.started());
        runner.finish("b", 0);
        sim.advanceMillis(0);
        assertEquals(List.of("a start", "b start", "c start"), runner.started());
        runner.finish("a", 0);
        runner.finish("c", 0);
        sim.advanceMillis(0);
        assertEquals(4, runner.started().size());
    }

    @Test
    void recurringResultsReachListenersOnlyWhenTheyChangeOrFail() {
        ExecutorEngine e = engine(4);
        OperationSpec mon = OperationSpec.monitor(Duration.ofSeconds(10), Duration.ofSeconds(20)).withStartDelay(Duration.ofSeconds(3));
        CompletableFuture<OperationResult> first = e.execute(rsc("a", Map.of("k", "v")), mon).toCompletableFuture();
        sim.advanceMillis(2999);
        assertTrue(runner.started().isEmpty(), "start-delay holds the first run back");
        sim.advanceMillis(1);
        runner.finish("a", 0);
        sim.advanceMillis(0);
        assertEquals(OcfExitCode.OK, first.join().exitCode());
        assertEquals(OperationDigest.forOperation(Map.of("k", "v"), mon), first.join().parameterDigest());
        assertEquals(1, heard.size());
        // interval counts from the end of the previous run
        sim.advanceMillis(9999);
        assertEquals(1, runner.started().size());
        sim.advanceMillis(1);
        assertEquals(2, runner.started().size());
        sim.advanceMillis(500);
        runner.finish("a", 0);
        sim.advanceMillis(0);
        assertEquals(1, heard.size(), "same result again is not news");
        OperationResult second = e.history("a").orElseThrow().recurring().get("monitor_10000");
        assertEquals(first.join().lastRcChangeMillis(), second.lastRcChangeMillis(), "last-rc-change stays while rc stays");
        sim.advanceMillis(10000);
        runner.finish("a", 7);
        sim.advanceMillis(0);
        assertEquals(2, heard.size());
        assertEquals(heard.get(1).startedMillis(), heard.get(1).lastRcChangeMillis(), "rc changed: a new last-rc-change");
        sim.advanceMillis(10000);
        runner.finish("a", 7);
        sim.advanceMillis(0);
        assertEquals(3, heard.size(), "a failure is reported every time");
        sim.advanceMillis(10000);
        runner.finish("a", 0);
        sim.advanceMillis(0);
        assertEquals(4, heard.size(), "recovery is a change");
        assertEquals(OcfExitCode.OK, e.history("a").orElseThrow().recurring().get("monitor_10000").exitCode());
        assertEquals(7, e.history("a").orElseThrow().lastFailure().orElseThrow().exitCode().code());
    }

    @Test
    void promotedRoleMonitorsExpectEight() {
        ExecutorEngine e = engine(4);
        e.execute(rsc("a", Map.of()), OperationSpec.monitor(Duration.ofSeconds(5), Duration.ofSeconds(20)).withRole("Promoted"));
        sim.advanceMillis(0);
        runner.finish("a", 8);
        sim.advanceMillis(5000);
        runner.finish("a", 8);
        sim.advanceMillis(0);
        assertEquals(1, heard.size());
        assertTrue(e.history("a").orElseThrow().lastFailure().isEmpty());
    }

    @Test
    void cancellingARunningRecurringOperationKillsItAndReportsCancelled() {
        ExecutorEngine e = engine(4);
        e.execute(rsc("a", Map.of()), OperationSpec.monitor(Duration.ofSeconds(5), Duration.ofSeconds(20)));
        sim.advanceMillis(0);
        assertTrue(e.cancel("a", "monitor", Duration.ofSeconds(5)));
        sim.advanceMillis(0);
        assertTrue(runner.last("a").cancelled);
        assertEquals(ExecStatus.CANCELLED, heard.get(heard.size() - 1).status());
        assertFalse(e.cancel("a", "monitor", Duration.ofSeconds(5)));
        // the queue stays blocked until the killed action really ends
        e.execute(rsc("a", Map.of()), OperationSpec.of("stop"));
        sim.advanceMillis(0);
        assertEquals(1, runner.started().size());
        runner.finish("a", 1);
        sim.advanceMillis(0);
        assertEquals(List.of("a monitor", "a stop"), runner.started());
        assertTrue(e.history("a").orElseThrow().recurring().isEmpty());
        sim.advanceMillis(60000);
        assertEquals(2, runner.started().size(), "a cancelled monitor never comes back");
    }

    @Test
    void stopUsesTheStartParametersAndEndsRecurringOperations() {
        ExecutorEngine e = engine(4);
        e.execute(rsc("a", Map.of("ip", "10.0.0.1")), OperationSpec.of("start"));
        sim.advanceMillis(0);
        runner.finish("a", 0);
        e.execute(rsc("a", Map.of("ip", "10.0.0.1")), OperationSpec.monitor(Duration.ofSeconds(5), Duration.ofSeconds(20)));
        sim.advanceMillis(0);
        runner.finish("a", 0);
        sim.advanceMillis(0);
        CompletableFuture<OperationResult> stop = e.execute(rsc("a", Map.of("ip", "10.0.0.2")), OperationSpec.of("stop")).toCompletableFuture();
        sim.advanceMillis(0);
        assertEquals(Map.of("ip", "10.0.0.1"), runner.last("a").invocation.resource().parameters());
        runner.finish("a", 0);
        sim.advanceMillis(60000);
        assertTrue(stop.join().result().isSuccess());
        assertEquals(List.of("a start", "a monitor", "a stop"), runner.started());
        assertEquals(ExecStatus.CANCELLED, heard.stream().filter(r -> r.isRecurring()).reduce((x, y) -> y).orElseThrow().status());
    }

    @Test
    void theTimeoutIsHandedToTheRunnerAtTheDeadline() {
        ExecutorEngine e = engine(4);
        CompletableFuture<OperationResult> f = e.execute(rsc("a", Map.of()), OperationSpec.of("start", Duration.ofSeconds(4))).toCompletableFuture();
        sim.advanceMillis(3999);
        assertFalse(runner.last("a").timedOut);
        sim.advanceMillis(1);
        assertTrue(runner.last("a").timedOut);
        runner.last("a").done.accept(RawOutcome.of(ActionResult.timedOut("Resource agent did not complete within 4s")));
        sim.advanceMillis(0);
        assertEquals(ExecStatus.TIMED_OUT, f.join().status());
        assertEquals(4000, f.join().execMillis());
        assertEquals(ExecStatus.TIMED_OUT, e.history("a").orElseThrow().lastFailure().orElseThrow().status());
    }

    /** A runner whose actions finish when the test says so. */
    private final class ScriptedRunner implements ActionRunner {
        final List<Started> all = new ArrayList<>();

        @Override
        public Running start(Invocation invocation, Consumer<RawOutcome> done) {
            Started s = new Started(invocation, done, sim.nanoTime());
            all.add(s);
            return s;
        }

        List<String> started() {
            return all.stream().map(s -> s.invocation.resource().resourceId() + " " + s.invocation.operation().action()).toList();
        }

        Started last(String resourceId) {
            return all.stream().filter(s -> s.invocation.resource().resourceId().equals(resourceId)).reduce((a, b) -> b).orElseThrow();
        }

        void finish(String resourceId, int rc) {
            last(resourceId).done.accept(new RawOutcome(ActionResult.done(OcfExitCode.fromCode(rc), ""), rc, "", "", false));
        }
    }

    private static final class Started implements ActionRunner.Running {
        final Invocation invocation;
        final Consumer<RawOutcome> done;
        final long queueWaitNanos;
        boolean timedOut;
        boolean cancelled;

        Started(Invocation invocation, Consumer<RawOutcome> done, long startedNanos) {
            this.invocation = invocation;
            this.done = done;
            this.queueWaitNanos = startedNanos;
        }

        @Override
        public void timeout() {
            timedOut = true;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
