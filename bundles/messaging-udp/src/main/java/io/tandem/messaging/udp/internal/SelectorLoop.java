package io.tandem.messaging.udp.internal;

import io.tandem.common.Scheduler;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Scheduler} whose one daemon thread also waits on a NIO {@link Selector}: sockets registered with
 * {@link #register} are read on the same thread that runs the timers and tasks. A datagram thus reaches the engine
 * without a hand-off between threads, which on an idle cluster (a few heartbeats per second) was most of the
 * messaging CPU: each packet woke the selector thread, which then had to wake the engine's thread.
 *
 * <p>One round of the loop: wait in {@code select} until the next timer is due (or just poll when a task is
 * already due), call the handlers of the ready channels, then run every timer and task that is due, earliest
 * first and in submission order for equal times. A task submitted while the loop is reading therefore runs after
 * the datagrams already waiting, which lets the engine answer a burst with one acknowledgement.
 *
 * <p>Other threads may call {@link #schedule}, {@link #execute} and {@link #register}. A task from another thread
 * wakes the selector only when the loop is blocked in it. A task or handler that throws is logged and the loop
 * goes on.
 *
 * <p>Cancelling only marks a timer: it leaves the queue when it falls due. The engine cancels rarely (its heartbeat
 * timer, once, at stop), so the queue does not fill with cancelled timers.
 */
final class SelectorLoop implements Scheduler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SelectorLoop.class);
    private static final long MAX_DELAY_NANOS = Long.MAX_VALUE / 4;

    /** Called on the loop thread when a registered channel is ready to read. */
    @FunctionalInterface
    interface ReadHandler {
        void readable() throws IOException;
    }

    private final LongSupplier clock;
    private final Selector selector;
    private final Thread thread;
    /** Timers and due tasks, touched by the loop thread only. */
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    /** Timers and tasks from other threads, moved into {@link #timers} by the loop. */
    private final Queue<Timer> submitted = new ConcurrentLinkedQueue<>();
    /**
     * False while the loop is about to block or blocked in {@code select}: a submitter that flips it to true owes the
     * selector a wakeup. Every other submitter leaves the (comparatively expensive) wakeup out.
     */
    private final AtomicBoolean awake = new AtomicBoolean(true);
    private long sequence;
    private volatile boolean closed;
    private long lastHandlerErrorLog = Long.MIN_VALUE;

    SelectorLoop(String threadName) throws IOException {
        this(threadName, System::nanoTime);
    }

    /** With another monotonic clock; tests use a stopped one to make due times equal. */
    SelectorLoop(String threadName, LongSupplier clock) throws IOException {
        this.clock = clock;
        selector = Selector.open();
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public long nanoTime() {
        return clock.getAsLong();
    }

    @Override
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        if (closed) {
            return () -> { };
        }
        // Bounded so that differences between due times cannot overflow.
        Timer t = new Timer(clock.getAsLong() + Math.min(Math.max(0, delayNanos), MAX_DELAY_NANOS), task);
        if (Thread.currentThread() == thread) {
            t.sequence = sequence++;
            timers.add(t);
        } else {
            submitted.add(t);
            if (awake.compareAndSet(false, true)) {
                selector.wakeup();
            }
        }
        return t;
    }

    /**
     * Calls {@code handler} on the loop thread whenever {@code channel} (non-blocking) has something to read. The
     * handler should read a bounded amount, so that timers are not starved by a flood; what it leaves is reported
     * again in the next round.
     */
    SelectionKey register(SelectableChannel channel, ReadHandler handler) throws IOException {
        channel.configureBlocking(false);
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ, handler);
        // A select already in progress does not see a new key.
        selector.wakeup();
        return key;
    }

    private void run() {
        while (!closed) {
            try {
                waitAndRead();
                runDue();
            } catch (IOException | RuntimeException e) {
                // Only the selector itself can get here (handlers and tasks are guarded): do not spin on it.
                if (!closed) {
                    LOG.error("Messaging selector failed; continuing", e);
                    pause();
                }
            }
        }
    }

    private void waitAndRead() throws IOException {
        moveSubmitted();
        Timer next = timers.peek();
        long now = clock.getAsLong();
        if (next != null && next.due - now <= 0) {
            selector.selectNow();
        } else {
            awake.set(false);
            // A task submitted between the moveSubmitted above and awake=false found awake still true and did not
            // wake us: look once more now that every later submitter will.
            if (!submitted.isEmpty()) {
                awake.set(true);
                selector.selectNow();
            } else {
                long timeoutMillis = next == null ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(next.due - now + 999_999));
                selector.select(timeoutMillis);
                awake.set(true);
            }
        }
        if (closed) {
            return;
        }
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            try {
                if (key.isValid() && key.isReadable()) {
                    ((ReadHandler) key.attachment()).readable();
                }
            } catch (CancelledKeyException e) {
                // closed by its owner meanwhile
            } catch (IOException | RuntimeException | Error e) {
                logHandlerFailure(e);
            }
        }
    }

    private void logHandlerFailure(Throwable e) {
        long now = System.nanoTime();
        // A socket error tends to repeat on every round: say it now and then, not a thousand times a second.
        if (lastHandlerErrorLog == Long.MIN_VALUE || now - lastHandlerErrorLog > 10_000_000_000L) {
            lastHandlerErrorLog = now;
            LOG.warn("Receiving heartbeat packets failed; continuing", e);
        } else {
            LOG.debug("Receiving heartbeat packets failed", e);
        }
    }

    private void moveSubmitted() {
        Timer t;
        while ((t = submitted.poll()) != null) {
            t.sequence = sequence++;
            timers.add(t);
        }
    }

    private void runDue() {
        moveSubmitted();
        long now = clock.getAsLong();
        Timer t;
        while (!closed && (t = timers.peek()) != null && t.due - now <= 0) {
            timers.poll();
            if (t.cancelled) {
                continue;
            }
            try {
                t.task.run();
            } catch (RuntimeException | Error e) {
                // One failing task must not stop the loop that carries a whole protocol engine.
                LOG.error("Messaging task {} failed", t.task, e);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the loop (timers and tasks not yet run are dropped), waits for its thread and closes the selector. */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("Messaging loop did not stop within 5 s");
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing selector", e);
        }
    }

    private static final class Timer implements Comparable<Timer>, Cancellable {
        final long due;
        final Runnable task;
        long sequence;
        volatile boolean cancelled;

        Timer(long due, Runnable task) {
            this.due = due;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer o) {
            // nanoTime values are compared by difference: they may wrap
            int byTime = Long.signum(due - o.due);
            return byTime != 0 ? byTime : Long.compare(sequence, o.sequence);
        }
    }
}
