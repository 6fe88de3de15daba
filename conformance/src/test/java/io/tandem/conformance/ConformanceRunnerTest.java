package io.tandem.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cib.Cib;
import io.tandem.cib.CibXml;
import io.tandem.scheduler.SimulationReport;
import io.tandem.scheduler.Simulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The runner itself, with test doubles in place of a scheduler (never used to produce conformance results). */
class ConformanceRunnerTest {
    private static final Instant CLOCK = Instant.parse("2026-01-01T00:00:00Z");

    private static CorpusCase corpusCase(String name, String cibAttrs, Optional<String> date) {
        String xml = "<cib " + cibAttrs + " id=\"" + name + "\"><configuration/><status/></cib>";
        return new CorpusCase(name, xml.getBytes(StandardCharsets.UTF_8), CrmSimulateTextTest.SUMMARY,
                "\nx: r allocation score on n1: 1\n", date, Map.of("clone", name.startsWith("c")));
    }

    /** Replays the expected outputs, and records the "now" it was given per case. */
    private static final class Replay implements Simulator {
        final Map<String, List<Instant>> nows = new ConcurrentHashMap<>();

        @Override
        public SimulationReport simulate(Cib cib, Instant now) {
            nows.computeIfAbsent(cib.root().id(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(now);
            return new SimulationReport(CrmSimulateTextTest.SUMMARY, List.of("x: r allocation score on n1: 1"), "<transition_graph/>");
        }
    }

    @Test
    void replayedExpectationsPassEveryLevelAndNowFollowsEffectiveTime() throws Exception {
        Replay replay = new Replay();
        ConformanceRunner runner = new ConformanceRunner(() -> replay, 2, Duration.ofSeconds(20), CLOCK);
        List<CaseResult> results = runner.run(List.of(
                corpusCase("plain", "", Optional.empty()),
                corpusCase("dated", "execution-date=\"1500000000\"", Optional.empty()),
                corpusCase("date-2", "", Optional.of("2005-020T12:30"))));
        for (CaseResult r : results) {
            assertEquals(EnumSet.allOf(Level.class), EnumSet.copyOf(r.passed()), r.name() + " " + r.diffs() + r.error());
        }
        assertEquals(List.of(CLOCK), replay.nows.get("plain"));
        assertEquals(List.of(Instant.ofEpochSecond(1_500_000_000L)), replay.nows.get("dated"));
        // upstream gives -t to the scores run only, so the summary run keeps crm_simulate's clock
        assertEquals(List.of(CLOCK, Instant.parse("2005-01-20T12:30:00Z")), replay.nows.get("date-2"));
    }

    @Test
    void anExceptionFailsEveryLevelWithItsFirstLine() throws Exception {
        Simulator broken = (cib, now) -> {
            throw new IllegalStateException("no idea what <rsc_ticket> means\nsecond line");
        };
        CaseResult r = new ConformanceRunner(() -> broken, 1, Duration.ofSeconds(20), CLOCK)
                .run(List.of(corpusCase("t", "", Optional.empty()))).get(0);
        assertEquals(Set.of(), r.passed());
        assertTrue(r.error().orElseThrow().startsWith("IllegalStateException: no idea what <rsc_ticket> means at "), r.error().get());
    }

    @Test
    void badXmlFailsTheCase() throws Exception {
        CorpusCase c = new CorpusCase("bad", "<cib>".getBytes(StandardCharsets.UTF_8), "", "", Optional.empty(), Map.of());
        CaseResult r = new ConformanceRunner(Replay::new, 1, Duration.ofSeconds(20), CLOCK).run(List.of(c)).get(0);
        assertTrue(r.error().orElseThrow().contains("xml/bad.xml"), r.error().get());
    }

    @Test
    void aHangingCaseTimesOutAndTheOthersStillRun() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Replay replay = new Replay();
        Simulator hangsOnSlow = (cib, now) -> {
            if (cib.root().id().equals("slow")) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted");
                }
            }
            return replay.simulate(cib, now);
        };
        ConformanceRunner runner = new ConformanceRunner(() -> hangsOnSlow, 1, Duration.ofMillis(300), CLOCK);
        List<CaseResult> results = runner.run(List.of(corpusCase("slow", "", Optional.empty()), corpusCase("fast", "", Optional.empty())));
        assertEquals("timeout after 0 s", results.get(0).error().orElseThrow());
        assertEquals(Level.values().length, results.get(1).passed().size());
        assertEquals(1, runner.abandonedThreads());
    }

    @Test
    void reportCountsAllSimpleAndPerFeature() throws Exception {
        Corpus corpus = Corpus.fromFiles(name -> Optional.ofNullable(switch (name) {
            case "features.tsv" -> ("case\tclone\t" + String.join("\t", Corpus.ADVANCED_FEATURES) + "\n"
                    + "a\t1" + "\t0".repeat(Corpus.ADVANCED_FEATURES.size()) + "\n"
                    + "b\t0\t1" + "\t0".repeat(Corpus.ADVANCED_FEATURES.size() - 1) + "\n"
                    + "bundle-order-partial\t0" + "\t0".repeat(Corpus.ADVANCED_FEATURES.size()) + "\n").getBytes(StandardCharsets.UTF_8);
            case "xml/a.xml", "xml/b.xml" -> "<cib/>".getBytes(StandardCharsets.UTF_8);
            case "summary/a.summary", "summary/b.summary", "scores/a.scores", "scores/b.scores" -> new byte[0];
            default -> null;
        }), "test");
        assertEquals(2, corpus.cases().size());
        assertTrue(corpus.cases().get(0).simple());
        assertTrue(!corpus.cases().get(1).simple());
        List<CaseResult> results = List.of(
                new CaseResult("a", Set.of(Level.TRANSITION_SUMMARY, Level.EXECUTED_ACTIONS), Map.of(), Optional.empty(), 5),
                CaseResult.failed("b", "timeout after 20 s", 20000));
        String summary = new ConformanceReport(corpus, results).summary("h");
        assertTrue(summary.lines().anyMatch(l -> l.matches("1 transition summary lines\\s+1 \\(50.0%\\)\\s+1 \\(100.0%\\)")), summary);
        assertTrue(summary.lines().anyMatch(l -> l.matches("timeouts\\s+1\\s+0")), summary);
        assertTrue(summary.lines().anyMatch(l -> l.matches("clone\\s+1\\s+1 \\(100.0%\\)\\s+1 \\(100.0%\\)")), summary);
        String full = new ConformanceReport(corpus, results).full("h");
        assertTrue(full.contains("== b\n   error: timeout after 20 s"), full);
    }
}
