package io.tandem.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cib.Cib;
import io.tandem.cib.CibXml;
import io.tandem.conformance.bench.CibGenerator;
import io.tandem.scheduler.EffectiveTime;
import io.tandem.scheduler.GraphAction;
import io.tandem.scheduler.Scheduler;
import io.tandem.scheduler.SimulationReport;
import io.tandem.scheduler.Simulator;
import io.tandem.scheduler.TransitionGraph;
import io.tandem.scheduler.internal.PacemakerSimulator;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Scheduler#schedule} over the whole corpus: it never throws where {@link Simulator#simulate} does not, its
 * graph is acyclic with inputs that name actions of the graph, and its non-pseudo actions are exactly those of the
 * simulated graph's XML. Also times schedule against simulate on a generated 16x1000 CIB (printed, not asserted).
 */
class SchedulerGraphConformanceTest {
    private static final Path BASEDIR = Path.of(System.getProperty("basedir", "."));
    private static final Pattern XML_ACTION = Pattern.compile(
            "<(rsc_op|crm_event|pseudo_event) id=\"\\d+\" operation=\"[^\"]*\" operation_key=\"([^\"]*)\"(?: on_node=\"([^\"]*)\")?");

    private final PacemakerSimulator engine = new PacemakerSimulator();

    /** The outcome of one case; {@code problem} is null when schedule agrees with simulate. */
    private record Outcome(String name, boolean simulated, String problem) {
    }

    @Test
    void scheduleAgreesWithSimulateOnTheCorpus() throws Exception {
        Corpus corpus = Corpus.load(BASEDIR.resolve("corpus/pacemaker-2.1.5-scheduler.tar.gz"));
        Instant clock = Instant.now();
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "schedule-corpus");
            t.setDaemon(true);
            return t;
        });
        List<Outcome> outcomes = new ArrayList<>();
        try {
            for (CorpusCase c : corpus.cases()) {
                Future<Outcome> f = pool.submit(() -> check(c, clock));
                try {
                    outcomes.add(f.get(30, TimeUnit.SECONDS));
                } catch (TimeoutException e) {
                    f.cancel(true);
                    outcomes.add(new Outcome(c.name(), false, null));
                    pool.shutdownNow();
                    pool = Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "schedule-corpus");
                        t.setDaemon(true);
                        return t;
                    });
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> problems = new ArrayList<>();
        int simulated = 0;
        for (Outcome o : outcomes) {
            if (o.simulated()) {
                simulated++;
            }
            if (o.problem() != null) {
                problems.add(o.name() + ": " + o.problem());
            }
        }
        System.out.println("schedule vs simulate: " + outcomes.size() + " cases, " + simulated + " simulated, "
                + problems.size() + " disagreements");
        assertTrue(simulated > 700, "simulate ran on only " + simulated + " cases");
        assertEquals(List.of(), problems);
    }

    private Outcome check(CorpusCase c, Instant clock) {
        Cib cib;
        SimulationReport report;
        Instant now;
        try {
            cib = new Cib(CibXml.parse(new ByteArrayInputStream(c.xml()), "xml/" + c.name() + ".xml"));
            now = EffectiveTime.of(cib, Optional.empty(), clock);
            report = engine.simulate(cib, now);
        } catch (Exception | StackOverflowError e) {
            return new Outcome(c.name(), false, null);
        }
        TransitionGraph g;
        try {
            g = engine.schedule(cib, now);
        } catch (Exception | StackOverflowError e) {
            return new Outcome(c.name(), true, "schedule threw " + e);
        }
        String cycle = cycle(g);
        if (cycle != null) {
            return new Outcome(c.name(), true, "cycle through " + cycle);
        }
        Set<String> expected = new TreeSet<>();
        Matcher m = XML_ACTION.matcher(report.graphXml());
        while (m.find()) {
            if (!m.group(1).equals("pseudo_event")) {
                expected.add(m.group(2) + "@" + m.group(3));
            }
        }
        Set<String> actual = new TreeSet<>();
        for (GraphAction a : g.actions()) {
            if (a.kind() != GraphAction.Kind.PSEUDO) {
                actual.add(a.operationKey() + "@" + a.node());
            }
            if (a.kind() == GraphAction.Kind.RESOURCE && !a.meta().containsKey("timeout")) {
                return new Outcome(c.name(), true, a + " has no timeout");
            }
        }
        if (!expected.equals(actual)) {
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(actual);
            Set<String> extra = new TreeSet<>(actual);
            extra.removeAll(expected);
            return new Outcome(c.name(), true, "missing " + missing + ", extra " + extra);
        }
        return new Outcome(c.name(), true, null);
    }

    /** An action on a cycle of inputs, or null when the graph is acyclic (inputs exist: TransitionGraph checks). */
    private static String cycle(TransitionGraph g) {
        Map<Integer, GraphAction> byId = new HashMap<>();
        for (GraphAction a : g.actions()) {
            byId.put(a.id(), a);
        }
        Map<Integer, Integer> state = new HashMap<>();
        for (GraphAction a : g.actions()) {
            String c = visit(a, byId, state);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    private static String visit(GraphAction a, Map<Integer, GraphAction> byId, Map<Integer, Integer> state) {
        // iterative DFS: 1 = on the stack, 2 = done
        List<GraphAction> stack = new ArrayList<>();
        List<Integer> next = new ArrayList<>();
        if (state.containsKey(a.id())) {
            return null;
        }
        stack.add(a);
        next.add(0);
        state.put(a.id(), 1);
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            GraphAction cur = stack.get(top);
            int i = next.get(top);
            if (i < cur.inputs().size()) {
                next.set(top, i + 1);
                GraphAction in = byId.get(cur.inputs().get(i));
                Integer s = state.get(in.id());
                if (s == null) {
                    state.put(in.id(), 1);
                    stack.add(in);
                    next.add(0);
                } else if (s == 1) {
                    return in.toString();
                }
            } else {
                state.put(cur.id(), 2);
                stack.remove(top);
                next.remove(top);
            }
        }
        return null;
    }

    /** schedule() against simulate() on a generated 16 nodes x 1000 resources CIB, warm JVM; prints the medians. */
    @Test
    void scheduleIsCheaperThanSimulate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cib-16x1000.xml");
        CibGenerator.write(16, 1000, 1, file);
        Cib cib = new Cib(CibXml.parse(Files.newInputStream(file), file.toString()));
        Instant now = EffectiveTime.of(cib, Optional.empty(), Instant.now());
        TransitionGraph g = engine.schedule(cib, now);
        assertTrue(!g.isEmpty(), "the generated CIB has work to do");
        long[] schedule = new long[5];
        long[] simulate = new long[5];
        for (int warm = 0; warm < 3; warm++) {
            engine.schedule(cib, now);
            engine.simulate(cib, now);
        }
        for (int i = 0; i < schedule.length; i++) {
            long t0 = System.nanoTime();
            engine.schedule(cib, now);
            long t1 = System.nanoTime();
            engine.simulate(cib, now);
            long t2 = System.nanoTime();
            schedule[i] = t1 - t0;
            simulate[i] = t2 - t1;
        }
        Arrays.sort(schedule);
        Arrays.sort(simulate);
        System.out.printf("bench 16x1000 (%d graph actions): schedule %.1f ms, simulate %.1f ms (median of %d)%n",
                g.actions().size(), schedule[2] / 1e6, simulate[2] / 1e6, schedule.length);
        Set<Integer> ids = new HashSet<>();
        g.actions().forEach(a -> ids.add(a.id()));
        assertEquals(g.actions().size(), ids.size());
    }
}
