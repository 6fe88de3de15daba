package io.tandem.executor.internal;

import io.tandem.common.ActionResult;
import io.tandem.common.ExecStatus;
import io.tandem.common.OcfExitCode;
import io.tandem.common.Scheduler;
import io.tandem.executor.Durations;
import io.tandem.executor.OperationSpec;
import io.tandem.executor.spi.AgentRequest;
import io.tandem.executor.spi.ResourceAgent;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Java agent's action on a worker thread. On timeout the thread is interrupted; an agent that does not
 * return within the grace period is abandoned (its thread keeps whatever it is stuck in) and the action is
 * reported TIMED_OUT, so that one stuck agent cannot stall the resource's queue forever.
 */
final class JavaAgentRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JavaAgentRunner.class);

    private final ExecutorSettings settings;
    private final Scheduler scheduler;
    private final ExecutorService threads;

    JavaAgentRunner(ExecutorSettings settings, Scheduler scheduler, ExecutorService threads) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.threads = threads;
    }

    ActionRunner.Running start(ResourceAgent agent, Invocation invocation, Consumer<RawOutcome> done) {
        Run run = new Run(agent, invocation, done);
        threads.execute(run::call);
        return run;
    }

    /** The request a Java agent sees: meta as external agents would see it, without the env prefixes. */
    static AgentRequest request(ExecutorSettings s, Invocation inv) {
        OperationSpec op = inv.operation();
        Map<String, String> meta = new HashMap<>();
        AgentEnvironment.metaVariables(s, op, "").forEach((k, v) -> {
            if (k.startsWith("CRM_meta_")) {
                meta.put(k.substring("CRM_meta_".length()), v);
            }
        });
        return new AgentRequest(inv.resource().resourceId(), op.action(), inv.resource().parameters(), meta,
                op.timeout(), op.interval(), op.checkLevel());
    }

    private final class Run implements ActionRunner.Running {
        private final ResourceAgent agent;
        private final Invocation invocation;
        private final Consumer<RawOutcome> done;
        private final AtomicBoolean finished = new AtomicBoolean();
        private volatile boolean expired;
        private volatile boolean cancelled;
        private Thread worker; // guarded by this; set only while the agent runs

        Run(ResourceAgent agent, Invocation invocation, Consumer<RawOutcome> done) {
            this.agent = agent;
            this.invocation = invocation;
            this.done = done;
        }

        void call() {
            synchronized (this) {
                if (expired || cancelled) {
                    finish(RawOutcome.of(cancelled ? cancelledResult() : timedOut("")));
                    return;
                }
                worker = Thread.currentThread();
            }
            RawOutcome outcome;
            try {
                if ("meta-data".equals(invocation.operation().action())) {
                    outcome = new RawOutcome(ActionResult.ok(), 0, agent.metaData(), "", false);
                } else {
                    ActionResult r = agent.execute(request(settings, invocation));
                    if (r == null) {
                        r = new ActionResult(ExecStatus.ERROR, OcfExitCode.ERR_GENERIC, "agent returned no result");
                    }
                    outcome = new RawOutcome(r, r.exitCode().code(), "", "", false);
                }
            } catch (InterruptedException e) {
                outcome = RawOutcome.of(new ActionResult(ExecStatus.ERROR, OcfExitCode.ERR_GENERIC, "interrupted"));
            } catch (RuntimeException | Error e) {
                LOG.warn("Java agent {} failed in {} of {}", agent.getClass().getName(), invocation.operation().action(),
                        invocation.resource().resourceId(), e);
                outcome = RawOutcome.of(new ActionResult(ExecStatus.ERROR, OcfExitCode.ERR_GENERIC,
                        "agent threw " + e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
            synchronized (this) {
                worker = null;
                Thread.interrupted(); // a late interrupt must not hit the pool's next task
            }
            if (cancelled) {
                outcome = RawOutcome.of(cancelledResult());
            } else if (expired) {
                outcome = RawOutcome.of(timedOut(""));
            }
            finish(outcome);
        }

        @Override
        public void timeout() {
            if (finished.get()) {
                return;
            }
            expired = true;
            interruptAndAbandonLater();
        }

        private void interruptAndAbandonLater() {
            synchronized (this) {
                if (worker != null) {
                    worker.interrupt();
                }
            }
            scheduler.schedule(settings.killGrace().toNanos(), () -> {
                if (!finished.get()) {
                    LOG.warn("Java agent {} ignores the interrupt in {} of {}; abandoning its thread",
                            agent.getClass().getName(), invocation.operation().action(), invocation.resource().resourceId());
                    finish(RawOutcome.of(cancelled ? cancelledResult() : timedOut(" (agent abandoned)")));
                }
            });
        }

        @Override
        public void cancel() {
            if (finished.get()) {
                return;
            }
            cancelled = true;
            interruptAndAbandonLater();
        }

        private ActionResult cancelledResult() {
            return new ActionResult(ExecStatus.CANCELLED, OcfExitCode.ERR_GENERIC, "cancelled");
        }

        private ActionResult timedOut(String suffix) {
            return ActionResult.timedOut("Resource agent did not complete within "
                    + Durations.format(invocation.operation().timeout()) + suffix);
        }

        private void finish(RawOutcome outcome) {
            if (finished.compareAndSet(false, true)) {
                done.accept(outcome);
            }
        }
    }
}
