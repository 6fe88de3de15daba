package io.tandem.agent.ping.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.testkit.ocf.OcfCheckReport;
import io.tandem.testkit.ocf.OcfChecker;
import io.tandem.testkit.ocf.SpiDriver;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks ocf-tester makes, through the SPI; the host answers (scripted), the attribute store records. */
class PingOcfCheckTest {
    @TempDir
    Path dir;

    @Test
    void passesOcfTesterChecks() {
        PingAgent agent = new PingAgent(new RecordingAttributes(), (host, attempts, timeout, options) -> true, dir, 2);
        try {
            OcfCheckReport report = OcfChecker.check(new SpiDriver("ocf:tandem:ping", agent, "ping-t", Map.of("host_list", "10.0.0.1")));
            assertTrue(report.passed(), report.render());
        } finally {
            agent.deactivate();
        }
    }
}
