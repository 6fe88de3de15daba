package io.tandem.messaging.udp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The messaging thread: timers, tasks from other threads and socket reads on one selector. */
class SelectorLoopTest {
    private static final long MS = 1_000_000L;

    private static boolean waitFor(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(2); // polling interval of a deadline-bounded wait
        }
        return true;
    }

    /** Runs {@code task} on the loop thread and waits for it, so that what it schedules is sequenced there. */
    private static void onLoop(SelectorLoop loop, Runnable task) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(() -> {
            try {
                task.run();
            } finally {
                done.countDown();
            }
        });
        assertTrue(done.await(5, TimeUnit.SECONDS), "loop ran the task");
    }

    @Test
    void timersRunInTheOrderTheyFallDueOnTheLoopThread() throws Exception {
        try (SelectorLoop loop = new SelectorLoop("test-loop")) {
            List<Integer> order = new ArrayList<>();
            List<String> threads = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(4);
            onLoop(loop, () -> {
                for (int delayMs : new int[] {40, 10, 30, 0}) {
                    loop.schedule(delayMs * MS, () -> {
                        order.add(delayMs);
                        threads.add(Thread.currentThread().getName());
                        done.countDown();
                    });
                }
            });
            long start = System.nanoTime();
            assertTrue(done.await(5, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - start >= 30 * MS, "the 40 ms timer did not run early");
            onLoop(loop, () -> assertEquals(List.of(0, 10, 30, 40), order));
            assertEquals(List.of("test-loop"), threads.stream().distinct().toList());
        }
    }

    @Test
    void tasksDueAtTheSameTimeRunInTheOrderTheyWereScheduled() throws Exception {
        // A stopped clock: every task below is due at exactly the same instant, only the sequence tells them apart.
        try (SelectorLoop loop = new SelectorLoop("test-loop", () -> 42L)) {
            List<Integer> order = new ArrayList<>();
            int n = 2000;
            CountDownLatch done = new CountDownLatch(2 * n);
            for (int i = 0; i < n; i++) {
                int id = i;
                loop.execute(() -> {
                    order.add(id);
                    done.countDown();
                });
            }
            loop.execute(() -> {
                for (int i = n; i < 2 * n; i++) {
                    int id = i;
                    loop.schedule(0, () -> {
                        order.add(id);
                        done.countDown();
                    });
                }
            });
            assertTrue(done.await(5, TimeUnit.SECONDS));
            onLoop(loop, () -> {
                for (int i = 0; i < 2 * n; i++) {
                    assertEquals(i, order.get(i));
                }
            });
        }
    }

    @Test
    void aCancelledTimerDoesNotRunAndCancellingAfterwardsIsHarmless() throws Exception {
        try (SelectorLoop loop = new SelectorLoop("test-loop")) {
            AtomicInteger cancelledRuns = new AtomicInteger();
            CountDownLatch later = new CountDownLatch(1);
            var fromOtherThread = loop.schedule(10 * MS, cancelledRuns::incrementAndGet);
            fromOtherThread.cancel();
            onLoop(loop, () -> loop.schedule(20 * MS, cancelledRuns::incrementAndGet).cancel());
            loop.schedule(60 * MS, later::countDown);
            assertTrue(later.await(5, TimeUnit.SECONDS));
            assertEquals(0, cancelledRuns.get());

            CountDownLatch ran = new CountDownLatch(1);
            var done = loop.schedule(0, ran::countDown);
            assertTrue(ran.await(5, TimeUnit.SECONDS));
            done.cancel();
        }
    }

    @Test
    void tasksFromAnotherThreadWakeASelectBlockedForAMinute() throws Exception {
        try (SelectorLoop loop = new SelectorLoop("test-loop")) {
            // The loop's only timer is a minute away: it sleeps in select until a submitter wakes it.
            loop.schedule(TimeUnit.SECONDS.toNanos(60), () -> { });
            for (int i = 0; i < 500; i++) {
                CountDownLatch ran = new CountDownLatch(1);
                loop.execute(ran::countDown);
                assertTrue(ran.await(2, TimeUnit.SECONDS), "task " + i + " ran promptly");
            }
            // A timer from another thread that falls due before the one the loop is waiting for.
            CountDownLatch timer = new CountDownLatch(1);
            long start = System.nanoTime();
            loop.schedule(50 * MS, timer::countDown);
            assertTrue(timer.await(2, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - start >= 50 * MS);
        }
    }

    @Test
    void aThrowingTaskOrHandlerDoesNotStopTheLoop() throws Exception {
        try (SelectorLoop loop = new SelectorLoop("test-loop");
             DatagramChannel rx = DatagramChannel.open();
             DatagramChannel tx = DatagramChannel.open()) {
            loop.execute(() -> {
                throw new IllegalStateException("task failure (expected by the test)");
            });
            loop.schedule(5 * MS, () -> {
                throw new AssertionError("error (expected by the test)");
            });
            CountDownLatch after = new CountDownLatch(1);
            loop.schedule(20 * MS, after::countDown);
            assertTrue(after.await(5, TimeUnit.SECONDS));

            rx.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            AtomicInteger reads = new AtomicInteger();
            ByteBuffer buf = ByteBuffer.allocate(64);
            loop.register(rx, () -> {
                buf.clear();
                if (rx.receive(buf) != null && reads.incrementAndGet() == 1) {
                    throw new IllegalStateException("handler failure (expected by the test)");
                }
            });
            for (int i = 0; i < 2; i++) {
                tx.send(ByteBuffer.wrap(new byte[] {(byte) i}), rx.getLocalAddress());
            }
            assertTrue(waitFor(() -> reads.get() == 2, 5_000), "second datagram read after the handler threw");
            CountDownLatch still = new CountDownLatch(1);
            loop.execute(still::countDown);
            assertTrue(still.await(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void datagramsAreReadBetweenTimersOnTheLoopThread() throws Exception {
        try (SelectorLoop loop = new SelectorLoop("test-loop");
             DatagramChannel rx = DatagramChannel.open();
             DatagramChannel tx = DatagramChannel.open()) {
            rx.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int n = 300;
            List<Integer> received = new ArrayList<>();
            AtomicReference<String> readerThread = new AtomicReference<>();
            ByteBuffer buf = ByteBuffer.allocate(64);
            loop.register(rx, () -> {
                readerThread.set(Thread.currentThread().getName());
                for (int k = 0; k < 16; k++) { // bounded, as UdpTransport reads
                    buf.clear();
                    if (rx.receive(buf) == null) {
                        return;
                    }
                    received.add(buf.flip().getInt());
                }
            });
            // A 1 ms timer that re-arms itself and, every tenth time, keeps the thread busy for 5 ms while
            // datagrams pile up in the socket.
            AtomicLong ticks = new AtomicLong();
            Runnable[] tick = new Runnable[1];
            tick[0] = () -> {
                if (ticks.incrementAndGet() % 10 == 0) {
                    long until = System.nanoTime() + 5 * MS;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                }
                loop.schedule(MS, tick[0]);
            };
            loop.execute(tick[0]);
            for (int i = 0; i < n; i++) {
                tx.send(ByteBuffer.allocate(4).putInt(0, i), rx.getLocalAddress());
                if (i % 50 == 0) {
                    long seen = ticks.get();
                    assertTrue(waitFor(() -> ticks.get() > seen, 5_000), "timer keeps running");
                }
            }
            AtomicInteger count = new AtomicInteger();
            assertTrue(waitFor(() -> {
                try {
                    onLoop(loop, () -> count.set(received.size()));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return count.get() == n;
            }, 5_000), "all datagrams read");
            onLoop(loop, () -> {
                for (int i = 0; i < n; i++) {
                    assertEquals(i, received.get(i));
                }
            });
            assertEquals("test-loop", readerThread.get());
            long seen = ticks.get();
            assertTrue(waitFor(() -> ticks.get() > seen + 5, 5_000), "timer still runs after the reads");
        }
    }

    @Test
    void closeStopsTheThreadAndLaterTasksAreIgnored() throws Exception {
        String name = "test-loop-close-" + System.nanoTime();
        SelectorLoop loop = new SelectorLoop(name);
        CountDownLatch ran = new CountDownLatch(1);
        loop.execute(ran::countDown);
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        AtomicInteger late = new AtomicInteger();
        loop.schedule(20 * MS, late::incrementAndGet);
        loop.close();
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive()),
                "loop thread stopped");
        loop.execute(late::incrementAndGet);
        loop.schedule(0, late::incrementAndGet).cancel();
        assertEquals(0, late.get());
    }
}
