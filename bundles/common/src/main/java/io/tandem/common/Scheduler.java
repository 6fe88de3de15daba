package io.tandem.common;

import java.util.concurrent.Executor;

/**
 * Time and timers for a protocol engine. Every Tandem engine runs its state machine on one scheduler: the
 * real one is an {@link EventLoop} (one thread), tests use a simulated scheduler with a fake clock, so the
 * same code runs in both without change.
 *
 * <p>Tasks given to one scheduler never run concurrently with each other.
 */
public interface Scheduler extends Executor {
    /** Monotonic time in nanoseconds; only differences are meaningful. */
    long nanoTime();

    /** Wall-clock time in milliseconds since the epoch, for display and timestamps only. */
    long currentTimeMillis();

    /** Runs {@code task} once after {@code delayNanos} (0 means as soon as possible). */
    Cancellable schedule(long delayNanos, Runnable task);

    /** Runs {@code task} as soon as possible, after the tasks already due. */
    @Override
    default void execute(Runnable task) {
        schedule(0, task);
    }

    /** A scheduled task that can be called off. Cancelling one that already ran does nothing. */
    interface Cancellable {
        void cancel();
    }
}
