package io.tandem.conformance.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.conformance.CrmSimulateText;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's CIBs must be ones Pacemaker accepts, and mostly steady: few actions for many resources. */
class CibGeneratorTest {
    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void crmSimulateAcceptsTheCibAndFindsItMostlySteady(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("crm_simulate"), "crm_simulate not installed (apt-get install pacemaker-cli-utils)");
        Path cib = dir.resolve("3x200.xml");
        CibGenerator.write(3, 200, 7L, cib);
        ProcessBuilder pb = new ProcessBuilder("crm_simulate", "-x", cib.toString(), "-S")
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        pb.environment().put("CIB_shadow_dir", Files.createDirectories(dir.resolve("shadow")).toString());
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "crm_simulate took over 120 s");
        assertEquals("", Files.readString(dir.resolve("err")));
        assertEquals(0, p.exitValue());
        String out = Files.readString(dir.resolve("out"));
        List<String> summary = CrmSimulateText.section(out, CrmSimulateText.TRANSITION_SUMMARY).orElseThrow();
        assertTrue(!summary.isEmpty() && summary.size() < 200 / 4, summary.size() + " actions:\n" + String.join("\n", summary));
        assertTrue(summary.stream().anyMatch(l -> l.contains("Recover")), "failed monitors are recovered");
        assertTrue(summary.stream().anyMatch(l -> l.contains("Start")), "new resources start");
        assertTrue(out.contains("Promoted: [ node1 ]"), "the promotable clone runs promoted on node1");
    }
}
