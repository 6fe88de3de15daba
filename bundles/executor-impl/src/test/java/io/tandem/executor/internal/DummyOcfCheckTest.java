package io.tandem.executor.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.executor.AgentId;
import io.tandem.executor.ResourceSpec;
import io.tandem.testkit.ocf.ExecutorDriver;
import io.tandem.testkit.ocf.OcfCheckReport;
import io.tandem.testkit.ocf.OcfChecker;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ocf:heartbeat:Dummy passes the ocf-tester checks when run through the executor, as ocf-tester says it does. */
class DummyOcfCheckTest {
    @TempDir
    Path tmp;

    @Test
    void dummyPassesTheOcfTesterChecks() {
        RealSystem.assumeOcf();
        try (ExecutorRuntime executor = RealSystem.runtime(Map.of());
             ExecutorRuntime hiding = RealSystem.runtime(Map.of("environment", new String[] {"OCF_TESTER_FAIL_HAVE_BINARY=1"}))) {
            ResourceSpec dummy = new ResourceSpec("dummy-t", AgentId.parse("ocf:heartbeat:Dummy"),
                    Map.of("state", tmp.resolve("dummy-t.state").toString()));
            OcfCheckReport report = OcfChecker.check(new ExecutorDriver(executor, hiding, dummy));
            assertTrue(report.passed(), report.render() + report.steps());
            assertTrue(report.notes().contains("* Your agent does not support the notify action (optional)")
                    || report.notes().stream().anyMatch(n -> n.contains("promotable")), report.render());
        }
    }
}
