package io.tandem.simtests;

import io.tandem.common.Scheduler;
import io.tandem.testkit.SimScheduler;

/**
 * One node's view of the shared virtual clock. Killing it is kill -9 for everything the node scheduled: its
 * heartbeat, retransmission and failure-detection timers never run again, exactly as when the process dies.
 */
final class NodeScheduler implements Scheduler {
    private final SimScheduler clock;
    private boolean dead;

    NodeScheduler(SimScheduler clock) {
        this.clock = clock;
    }

    void kill() {
        dead = true;
    }

    boolean isDead() {
        return dead;
    }

    @Override
    public long nanoTime() {
        return clock.nanoTime();
    }

    @Override
    public long currentTimeMillis() {
        return clock.currentTimeMillis();
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        if (dead) {
            return () -> { };
        }
        return clock.schedule(delayNanos, () -> {
            if (!dead) {
                task.run();
            }
        });
    }
}
