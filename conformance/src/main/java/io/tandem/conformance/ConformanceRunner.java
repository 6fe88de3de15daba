package io.tandem.conformance;

import io.tandem.cib.Cib;
import io.tandem.cib.CibXml;
import io.tandem.scheduler.CrmDateTime;
import io.tandem.scheduler.EffectiveTime;
import io.tandem.scheduler.SimulationReport;
import io.tandem.scheduler.Simulator;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Feeds cases to a {@link Simulator} on a few threads, each case bounded by a timeout. A case that throws or
 * times out fails every level. A timed-out computation cannot be stopped safely in Java; its thread is
 * interrupted and abandoned (daemon), and the run goes on.
 */
public final class ConformanceRunner {
    private final Supplier<Simulator> simulators;
    private final int threads;
    private final Duration timeout;
    private final Instant clock;
    private final AtomicInteger abandoned = new AtomicInteger();

    /**
     * @param simulators makes the simulator for one case (a fresh one each, so implementations need not be thread-safe)
     * @param clock      "now" for cases without {@code execution-date} or {@code -t}, as crm_simulate's wall clock
     */
    public ConformanceRunner(Supplier<Simulator> simulators, int threads, Duration timeout, Instant clock) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        this.simulators = simulators;
        this.threads = threads;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Results in the order of the input cases. */
    public List<CaseResult> run(List<CorpusCase> cases) throws InterruptedException {
        CaseResult[] results = new CaseResult[cases.size()];
        ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < cases.size(); i++) {
            queue.add(i);
        }
        AtomicInteger workerNumber = new AtomicInteger();
        ExecutorService workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "conformance-case-" + workerNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<Thread> drivers = new ArrayList<>();
        try {
            for (int d = 0; d < threads; d++) {
                Thread t = new Thread(() -> {
                    Integer i;
                    while ((i = queue.poll()) != null && !Thread.currentThread().isInterrupted()) {
                        results[i] = runBounded(workers, cases.get(i));
                    }
                }, "conformance-driver-" + d);
                t.setDaemon(true);
                drivers.add(t);
                t.start();
            }
            for (Thread t : drivers) {
                t.join();
            }
        } finally {
            for (Thread t : drivers) {
                t.interrupt();
            }
            workers.shutdownNow();
        }
        List<CaseResult> out = new ArrayList<>(cases.size());
        for (int i = 0; i < results.length; i++) {
            out.add(results[i] != null ? results[i] : CaseResult.failed(cases.get(i).name(), "not run (interrupted)", 0));
        }
        return out;
    }

    /** How many timed-out computations may still be running in the background. */
    public int abandonedThreads() {
        return abandoned.get();
    }

    private CaseResult runBounded(ExecutorService workers, CorpusCase c) {
        long start = System.nanoTime();
        Future<CaseResult> f = workers.submit(() -> runOne(c, start));
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            abandoned.incrementAndGet();
            return CaseResult.failed(c.name(), "timeout after " + timeout.toSeconds() + " s", elapsed(start));
        } catch (ExecutionException e) {
            return CaseResult.failed(c.name(), firstLine(e.getCause()), elapsed(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return CaseResult.failed(c.name(), "interrupted", elapsed(start));
        }
    }

    private CaseResult runOne(CorpusCase c, long start) {
        try {
            Cib cib = new Cib(CibXml.parse(new ByteArrayInputStream(c.xml()), "xml/" + c.name() + ".xml"));
            Simulator simulator = simulators.get();
            SimulationReport summaryRun = simulator.simulate(cib, EffectiveTime.of(cib, Optional.empty(), clock));
            SimulationReport scoresRun = summaryRun;
            if (c.dateOption().isPresent()) {
                Instant forced = CrmDateTime.parse(c.dateOption().get(), ZoneOffset.UTC, clock);
                scoresRun = simulator.simulate(cib, EffectiveTime.of(cib, Optional.of(forced), clock));
            }
            Map<Level, Optional<List<String>>> cmp = Comparison.compare(c.expectedSummary(), c.expectedScores(),
                    summaryRun.text(), scoresRun.scoreLines());
            EnumSet<Level> passed = EnumSet.noneOf(Level.class);
            Map<Level, List<String>> diffs = new EnumMap<>(Level.class);
            cmp.forEach((level, diff) -> {
                if (diff.isEmpty()) {
                    passed.add(level);
                } else {
                    diffs.put(level, diff.get());
                }
            });
            return new CaseResult(c.name(), passed, diffs, Optional.empty(), elapsed(start));
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            return CaseResult.failed(c.name(), firstLine(e), elapsed(start));
        }
    }

    static String firstLine(Throwable t) {
        String msg = t.getMessage();
        String first = msg == null ? "" : msg.lines().findFirst().orElse("");
        StackTraceElement[] st = t.getStackTrace();
        String where = st.length > 0 ? " at " + st[0].getClassName().replaceAll(".*\\.", "") + "." + st[0].getMethodName()
                + ":" + st[0].getLineNumber() : "";
        return t.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first) + where;
    }

    private static long elapsed(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
