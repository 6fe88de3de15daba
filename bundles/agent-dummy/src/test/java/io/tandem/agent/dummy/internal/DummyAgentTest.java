package io.tandem.agent.dummy.internal;

import io.tandem.testkit.ocf.MetaDataCheck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.ActionResult;
import io.tandem.common.OcfExitCode;
import io.tandem.executor.spi.AgentRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DummyAgentTest {
    @TempDir
    Path dir;

    private DummyAgent agent() {
        return new DummyAgent(dir.resolve("state"), () -> "node1");
    }

    static AgentRequest request(String resource, String action, Map<String, String> params) {
        return request(resource, action, params, Map.of(), Duration.ZERO);
    }

    static AgentRequest request(String resource, String action, Map<String, String> params, Map<String, String> meta,
                                Duration interval) {
        return new AgentRequest(resource, action, params, meta, Duration.ofSeconds(20), interval, 0);
    }

    private static OcfExitCode rc(ActionResult r) {
        return r.exitCode();
    }

    @Test
    void metaDataIsValidOcfWithDummysParameters() throws Exception {
        MetaDataCheck md = MetaDataCheck.parse(agent().metaData());
        assertEquals("Dummy", md.name());
        assertEquals(List.of("state", "passwd", "fake", "op_sleep", "fail_start_on"), List.copyOf(md.parameters()));
        assertTrue(md.actions().containsAll(List.of("start", "stop", "monitor", "reload", "migrate_to", "migrate_from",
                "meta-data", "validate-all")), md.actions().toString());
    }

    @Test
    void lifecycleIsIdempotentAndMonitorFollowsTheStateFile() throws Exception {
        DummyAgent a = agent();
        Map<String, String> p = Map.of();
        ActionResult probe = a.execute(request("d1", "monitor", p));
        assertEquals(OcfExitCode.NOT_RUNNING, rc(probe));
        assertEquals("", probe.reason(), "a probe finding nothing is not a failure worth a reason");
        ActionResult recurring = a.execute(request("d1", "monitor", p, Map.of(), Duration.ofSeconds(10)));
        assertEquals(OcfExitCode.NOT_RUNNING, rc(recurring));
        assertEquals("No process state file found", recurring.reason());

        assertTrue(a.execute(request("d1", "start", p)).isSuccess());
        assertTrue(a.execute(request("d1", "start", p)).isSuccess());
        assertTrue(Files.exists(dir.resolve("state/Dummy-d1.state")), "default state file under the state directory");
        assertEquals(OcfExitCode.OK, rc(a.execute(request("d1", "monitor", p))));
        assertEquals(OcfExitCode.NOT_RUNNING, rc(a.execute(request("d2", "monitor", p))), "resources are independent");
        assertTrue(a.execute(request("d1", "reload", p)).isSuccess());
        assertTrue(a.execute(request("d1", "stop", p)).isSuccess());
        assertTrue(a.execute(request("d1", "stop", p)).isSuccess());
        assertEquals(OcfExitCode.NOT_RUNNING, rc(a.execute(request("d1", "monitor", p))));
    }

    @Test
    void stateSurvivesANewAgentInstanceLikeARedeployedBundle() throws Exception {
        assertTrue(agent().execute(request("d1", "start", Map.of())).isSuccess());
        assertEquals(OcfExitCode.OK, rc(agent().execute(request("d1", "monitor", Map.of()))));
    }

    @Test
    void explicitStateParameterIsUsed() throws Exception {
        Path state = dir.resolve("my.state");
        Map<String, String> p = Map.of("state", state.toString());
        assertTrue(agent().execute(request("d1", "start", p)).isSuccess());
        assertTrue(Files.exists(state));
        assertTrue(agent().execute(request("d1", "stop", p)).isSuccess());
        assertFalse(Files.exists(state));
    }

    @Test
    void anonymousCloneInstancesShareOneStateFileUniqueOnesDoNot() throws Exception {
        DummyAgent a = agent();
        Map<String, String> anonymous = Map.of("globally_unique", "false");
        assertTrue(a.execute(request("c:0", "start", Map.of(), anonymous, Duration.ZERO)).isSuccess());
        assertTrue(Files.exists(dir.resolve("state/Dummy-c.state")));
        assertEquals(OcfExitCode.OK, rc(a.execute(request("c:1", "monitor", Map.of(), anonymous, Duration.ZERO))));
        Map<String, String> unique = Map.of("globally_unique", "true");
        assertEquals(OcfExitCode.NOT_RUNNING, rc(a.execute(request("c:1", "monitor", Map.of(), unique, Duration.ZERO))));
    }

    @Test
    void migrationStopsOnTheSourceAndStartsOnTheTarget() throws Exception {
        DummyAgent a = agent();
        assertTrue(a.execute(request("m", "migrate_from", Map.of(), Map.of("migrate_source", "n1"), Duration.ZERO)).isSuccess());
        assertEquals(OcfExitCode.OK, rc(a.execute(request("m", "monitor", Map.of()))));
        assertTrue(a.execute(request("m", "migrate_to", Map.of(), Map.of("migrate_target", "n2"), Duration.ZERO)).isSuccess());
        assertEquals(OcfExitCode.NOT_RUNNING, rc(a.execute(request("m", "monitor", Map.of()))));
    }

    @Test
    void validateAllReportsBadParametersWithReasons() throws Exception {
        DummyAgent a = agent();
        assertTrue(a.execute(request("v", "validate-all", Map.of())).isSuccess());

        ActionResult missingDir = a.execute(request("v", "validate-all", Map.of("state", dir.resolve("nope/x.state").toString())));
        assertEquals(OcfExitCode.ERR_ARGS, rc(missingDir));
        assertTrue(missingDir.reason().contains("is not writable"), missingDir.reason());

        ActionResult badSleep = a.execute(request("v", "validate-all", Map.of("op_sleep", "soon")));
        assertEquals(OcfExitCode.ERR_CONFIGURED, rc(badSleep));
        assertTrue(badSleep.reason().contains("op_sleep") && badSleep.reason().contains("soon"), badSleep.reason());

        ActionResult relative = a.execute(request("v", "start", Map.of("state", "relative.state")));
        assertEquals(OcfExitCode.ERR_CONFIGURED, rc(relative));
        assertTrue(relative.reason().contains("absolute"), relative.reason());
    }

    @Test
    void unknownActionIsUnimplemented() throws Exception {
        ActionResult r = agent().execute(request("d", "promote", Map.of()));
        assertEquals(OcfExitCode.ERR_UNIMPLEMENTED, rc(r));
        assertTrue(r.reason().contains("promote"));
    }

    @Test
    void failStartOnReportsFailureButTheResourceRuns() throws Exception {
        DummyAgent a = agent();
        ActionResult start = a.execute(request("f", "start", Map.of("fail_start_on", "node1")));
        assertEquals(OcfExitCode.ERR_GENERIC, rc(start));
        assertEquals(OcfExitCode.OK, rc(a.execute(request("f", "monitor", Map.of("fail_start_on", "node1")))));
        Map<String, String> onOtherNode = Map.of("on_node", "node2");
        assertTrue(a.execute(request("g", "start", Map.of("fail_start_on", "node1"), onOtherNode, Duration.ZERO)).isSuccess());
    }

    @Test
    void concurrentMonitorsWithOpSleepAreDetected() throws Exception {
        DummyAgent a = agent();
        Map<String, String> p = new HashMap<>(Map.of("op_sleep", "1"));
        Path marker = dir.resolve("state/Dummy-s.state.serialized");
        CompletableFuture<ActionResult> first = CompletableFuture.supplyAsync(() -> {
            try {
                return a.execute(request("s", "monitor", p));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!Files.exists(marker) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(Files.exists(marker), "the sleeping monitor marks itself");
        ActionResult second = a.execute(request("s", "monitor", p));
        assertEquals(OcfExitCode.ERR_GENERIC, rc(second));
        assertTrue(second.reason().contains("alternate universe collision"), second.reason());
        assertEquals(OcfExitCode.NOT_RUNNING, rc(first.get(10, TimeUnit.SECONDS)));
        assertFalse(Files.exists(marker));
    }

    @Test
    void opSleepIsInterruptible() throws Exception {
        DummyAgent a = agent();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                a.execute(request("i", "start", Map.of("op_sleep", "30")));
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        t.start();
        t.interrupt();
        assertTrue(outcome.get(5, TimeUnit.SECONDS) instanceof InterruptedException, "the executor's timeout interrupts the agent");
    }
}
