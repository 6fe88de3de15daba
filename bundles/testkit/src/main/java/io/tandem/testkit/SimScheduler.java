package io.tandem.testkit;

import io.tandem.common.Scheduler;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic {@link Scheduler} on virtual time, shared by every simulated node of one test. Nothing runs
 * until the test advances the clock; tasks due at the same instant run in the order they were scheduled.
 * Not thread-safe: drive it from the test thread only.
 */
public final class SimScheduler implements Scheduler {
    /** Virtual wall clock at virtual nano 0: a fixed date so that runs are reproducible. */
    private static final long EPOCH_MILLIS = 1_790_000_000_000L;

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long sequence;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public long currentTimeMillis() {
        return EPOCH_MILLIS + TimeUnit.NANOSECONDS.toMillis(now);
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        Task t = new Task(now + Math.max(0, delayNanos), sequence++, task);
        queue.add(t);
        return () -> t.cancelled = true;
    }

    /** Runs every task due up to {@code now + nanos}, in time order, then leaves the clock there. */
    public void advance(long nanos) {
        runUntil(now + nanos);
    }

    public void advanceMillis(long millis) {
        advance(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** Runs every task due up to the absolute virtual time {@code deadline}. */
    public void runUntil(long deadline) {
        while (!queue.isEmpty() && queue.peek().due <= deadline) {
            Task t = queue.poll();
            now = Math.max(now, t.due);
            if (!t.cancelled) {
                t.task.run();
            }
        }
        now = Math.max(now, deadline);
    }

    /**
     * Advances in small steps until {@code condition} holds or {@code timeoutNanos} of virtual time pass.
     *
     * @return whether the condition held
     */
    public boolean runUntil(java.util.function.BooleanSupplier condition, long timeoutNanos) {
        long deadline = now + timeoutNanos;
        long step = TimeUnit.MILLISECONDS.toNanos(1);
        while (!condition.getAsBoolean()) {
            if (now >= deadline) {
                return false;
            }
            runUntil(Math.min(deadline, now + step));
        }
        return true;
    }

    /** Tasks not yet run (including cancelled ones not yet reached). */
    public int pending() {
        return queue.size();
    }

    private static final class Task implements Comparable<Task> {
        final long due;
        final long seq;
        final Runnable task;
        boolean cancelled;

        Task(long due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(Task o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
