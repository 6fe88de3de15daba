package io.tandem.conformance;

import io.tandem.cib.Cib;
import io.tandem.cib.CibXml;
import io.tandem.scheduler.SimulationReport;
import io.tandem.scheduler.Simulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Checks the runner, not Tandem: a Simulator that asks Debian's crm_simulate 2.1.5. Run the suite with
 * {@code -Dconformance.simulator=io.tandem.conformance.CrmSimulateOracle} and every level should pass on all
 * 798 cases; anything less is a bug in the comparison. Its numbers are never Tandem's results.
 */
public final class CrmSimulateOracle implements Simulator {
    @Override
    public SimulationReport simulate(Cib cib, Instant now) {
        try {
            Path dir = Files.createTempDirectory("crm-oracle");
            try {
                Path in = dir.resolve("in.xml");
                Files.writeString(in, CibXml.toXml(cib.root()), StandardCharsets.UTF_8);
                String t = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC).format(now) + " Z";
                boolean fromCib = cib.root().attr("execution-date") != null;
                List<String> base = new ArrayList<>(List.of("crm_simulate", "-x", in.toString()));
                if (!fromCib) {
                    base.addAll(List.of("-t", t));
                }
                List<String> summaryCmd = new ArrayList<>(base);
                summaryCmd.add("-S");
                List<String> scoresCmd = new ArrayList<>(base);
                scoresCmd.addAll(List.of("-sSQ", "-G", dir.resolve("out.exp").toString()));
                // -t makes crm_simulate announce the time; the expected files come from runs without it
                String text = run(summaryCmd, dir, true).replaceAll("(?m)^Setting effective cluster time: .*\n", "");
                String scores = run(scoresCmd, dir, false);
                String graph = Files.exists(dir.resolve("out.exp")) ? Files.readString(dir.resolve("out.exp")) : "";
                return new SimulationReport(text, CrmSimulateText.nonBlankLines(scores), graph);
            } finally {
                try (var s = Files.walk(dir)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String run(List<String> cmd, Path dir, boolean withStderr) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(withStderr);
        if (!withStderr) {
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("CIB_shadow_dir", dir.toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
