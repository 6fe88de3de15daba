package io.tandem.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tandem.scheduler.Simulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runs Tandem's scheduler on Pacemaker 2.1.5's 798 regression cases and holds it to {@code passing.tsv}.
 *
 * <p>System properties: {@code conformance.update=true} rewrites passing.tsv; {@code conformance.cases=REGEX}
 * runs only matching cases; {@code conformance.threads} (2), {@code conformance.timeoutSeconds} (20);
 * {@code conformance.corpus=PATH} reads another archive or an unpacked directory; {@code conformance.simulator=CLASS}.
 */
class PacemakerSchedulerConformanceTest {
    private static final Path BASEDIR = Path.of(System.getProperty("basedir", "."));

    @Test
    void corpus() throws Exception {
        Path corpusPath = Path.of(System.getProperty("conformance.corpus",
                BASEDIR.resolve("corpus/pacemaker-2.1.5-scheduler.tar.gz").toString()));
        Corpus corpus = Corpus.load(corpusPath);
        String filter = System.getProperty("conformance.cases", "");
        Pattern p = filter.isBlank() ? null : Pattern.compile(filter);
        List<CorpusCase> cases = corpus.cases().stream().filter(c -> p == null || p.matcher(c.name()).matches()).toList();
        assertTrue(!cases.isEmpty(), "no case matches -Dconformance.cases=" + filter);
        int threads = Integer.getInteger("conformance.threads", 2);
        int timeoutSeconds = Integer.getInteger("conformance.timeoutSeconds", 20);
        boolean update = Boolean.getBoolean("conformance.update");

        Class<? extends Simulator> type = SimulatorLocator.find(getClass().getClassLoader());
        ConformanceRunner runner = new ConformanceRunner(SimulatorLocator.factory(type), threads,
                Duration.ofSeconds(timeoutSeconds), Instant.now());
        long start = System.nanoTime();
        List<CaseResult> results = runner.run(cases);
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();

        String header = "Pacemaker 2.1.5 scheduler conformance: " + type.getName() + "\n"
                + "corpus " + corpusPath + (p == null ? "" : ", cases matching " + filter) + ", " + threads
                + " threads, timeout " + timeoutSeconds + " s per case, " + seconds + " s wall time"
                + (runner.abandonedThreads() > 0 ? ", " + runner.abandonedThreads() + " timed-out computations abandoned" : "") + "\n";
        ConformanceReport report = new ConformanceReport(corpus, results);
        Path target = BASEDIR.resolve("target");
        Files.createDirectories(target);
        Path reportFile = target.resolve("conformance-report.txt");
        Files.writeString(reportFile, report.full(header), StandardCharsets.UTF_8);
        System.out.println(report.summary(header));
        System.out.println("full report: " + reportFile.toAbsolutePath());

        Path passingFile = BASEDIR.resolve("passing.tsv");
        PassingList known = PassingList.read(passingFile);
        PassingList now = PassingList.of(results);
        Set<String> ran = cases.stream().map(CorpusCase::name).collect(Collectors.toSet());
        List<String> gained = known.gainedIn(now, ran);
        List<String> lost = known.lostIn(now, ran);
        if (!gained.isEmpty()) {
            System.out.println("newly passing (" + gained.size() + "): " + String.join(", ", gained.subList(0, Math.min(40, gained.size())))
                    + (gained.size() > 40 ? ", ..." : ""));
        }
        if (update) {
            known.updatedWith(now, ran).write(passingFile);
            System.out.println("rewrote " + passingFile.toAbsolutePath() + (lost.isEmpty() ? "" : "; dropped " + lost.size() + ": " + String.join(", ", lost)));
            return;
        }
        if (!gained.isEmpty()) {
            System.out.println("record them with: mvn -pl conformance verify -Dconformance.update=true");
        }
        if (!lost.isEmpty()) {
            fail(lost.size() + " case/level pairs listed in " + passingFile + " no longer pass (see " + reportFile + "): "
                    + String.join(", ", lost));
        }
    }
}
