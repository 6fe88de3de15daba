package io.tandem.agent.dummy.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.testkit.ocf.OcfCheckReport;
import io.tandem.testkit.ocf.OcfChecker;
import io.tandem.testkit.ocf.SpiDriver;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks ocf-tester makes, through the SPI. */
class DummyOcfCheckTest {
    @TempDir
    Path dir;

    @Test
    void passesOcfTesterChecks() {
        DummyAgent agent = new DummyAgent(dir, () -> "node1");
        OcfCheckReport report = OcfChecker.check(new SpiDriver("ocf:tandem:Dummy", agent, "dummy-t",
                Map.of("state", dir.resolve("t.state").toString())));
        assertTrue(report.passed(), report.render());
    }
}
