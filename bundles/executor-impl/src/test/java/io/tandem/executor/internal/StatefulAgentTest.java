package io.tandem.executor.internal;

import static io.tandem.executor.internal.RealSystem.run;
import static io.tandem.executor.internal.RealSystem.script;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.common.OcfExitCode;
import io.tandem.executor.AgentId;
import io.tandem.executor.OperationSpec;
import io.tandem.executor.ResourceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ocf:pacemaker:Stateful, unmodified: a promotable agent that sets its promotion score through
 * {@code ${HA_SBIN_DIR}/crm_attribute}. The first test gives it a tools directory with a crm_attribute that
 * only records its arguments, which proves the executor points agents at the configured tools directory. The
 * second runs it against Tandem's real tools, given {@code -Dtandem.toolsDirectory=<appliance>/bin} and a
 * running node; it is skipped otherwise.
 */
class StatefulAgentTest {
    static final AgentId STATEFUL = AgentId.parse("ocf:pacemaker:Stateful");

    @TempDir
    Path tmp;

    @Test
    void promotesAndDemotesCallingTheToolsFromTheToolsDirectory() throws Exception {
        RealSystem.assumeOcf();
        assumeTrue(Files.exists(Path.of("/usr/lib/ocf/resource.d/pacemaker/Stateful")), "skipped: no ocf:pacemaker:Stateful");
        Path calls = tmp.resolve("calls");
        script(tmp.resolve("tools/crm_attribute"), "#!/bin/sh\necho \"$OCF_RESOURCE_INSTANCE $*\" >> " + calls + "\n");
        try (ExecutorRuntime executor = RealSystem.runtime(Map.of("toolsDirectory", tmp.resolve("tools").toString()))) {
            lifecycle(executor);
        }
        assertEquals(List.of("st1 --promotion -v 5", "st1 --promotion -v 10", "st1 --promotion -v 5", "st1 --promotion -D"),
                Files.readAllLines(calls));
    }

    @Test
    void promotesAndDemotesWithTandemsTools() throws Exception {
        RealSystem.assumeOcf();
        String tools = System.getProperty("tandem.toolsDirectory", "");
        assumeTrue(!tools.isEmpty() && Files.isExecutable(Path.of(tools, "crm_attribute")),
                "skipped: Tandem's crm_attribute/crm_master are not available; run with"
                        + " -Dtandem.toolsDirectory=<appliance>/bin against a running node");
        try (ExecutorRuntime executor = RealSystem.runtime(Map.of("toolsDirectory", tools))) {
            lifecycle(executor);
        }
    }

    private void lifecycle(ExecutorRuntime executor) throws Exception {
        ResourceSpec st = new ResourceSpec("st1", STATEFUL, Map.of("state", tmp.resolve("st1.state").toString()));
        Map<String, String> clone = Map.of("clone_max", "1", "promotable", "true", "promoted_max", "1");
        OperationSpec probe = OperationSpec.probe(Duration.ofSeconds(20)).withMeta(clone);
        assertEquals(OcfExitCode.NOT_RUNNING, run(executor, st, probe).exitCode());
        assertEquals(OcfExitCode.OK, run(executor, st, OperationSpec.of("start").withMeta(clone)).exitCode());
        assertEquals(OcfExitCode.OK, run(executor, st, OperationSpec.monitor(Duration.ofSeconds(11), Duration.ofSeconds(20))
                .withRole("Unpromoted").withMeta(clone)).exitCode());
        executor.cancelAll("st1");
        assertEquals(OcfExitCode.OK, run(executor, st, OperationSpec.of("promote").withMeta(clone)).exitCode());
        assertEquals(OcfExitCode.RUNNING_PROMOTED, run(executor, st, OperationSpec.monitor(Duration.ofSeconds(10),
                Duration.ofSeconds(20)).withRole("Promoted").withMeta(clone)).exitCode());
        executor.cancelAll("st1");
        assertEquals(OcfExitCode.OK, run(executor, st, OperationSpec.of("demote").withMeta(clone)).exitCode());
        assertEquals(OcfExitCode.OK, run(executor, st, OperationSpec.of("stop").withMeta(clone)).exitCode());
        assertEquals(OcfExitCode.NOT_RUNNING, run(executor, st, OperationSpec.monitor(Duration.ofSeconds(11),
                Duration.ofSeconds(20)).withMeta(clone)).exitCode());
        executor.cancelAll("st1");
    }
}
