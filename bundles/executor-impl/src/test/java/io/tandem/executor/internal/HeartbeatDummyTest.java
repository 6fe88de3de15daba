package io.tandem.executor.internal;

import static io.tandem.executor.internal.RealSystem.await;
import static io.tandem.executor.internal.RealSystem.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.ExecStatus;
import io.tandem.common.OcfExitCode;
import io.tandem.executor.AgentId;
import io.tandem.executor.AgentMetadata;
import io.tandem.executor.OperationDigest;
import io.tandem.executor.OperationResult;
import io.tandem.executor.OperationSpec;
import io.tandem.executor.ResourceHistory;
import io.tandem.executor.ResourceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ocf:heartbeat:Dummy from Debian's resource-agents, through the executor. */
class HeartbeatDummyTest {
    static final AgentId DUMMY = AgentId.parse("ocf:heartbeat:Dummy");

    @TempDir
    Path tmp;
    private ExecutorRuntime executor;

    @BeforeEach
    void setUp() {
        RealSystem.assumeOcf();
        executor = RealSystem.runtime(Map.of());
    }

    @AfterEach
    void tearDown() {
        if (executor != null) {
            executor.close();
        }
    }

    private ResourceSpec dummy(String id, Path state) {
        return new ResourceSpec(id, DUMMY, Map.of("state", state.toString()));
    }

    @Test
    void lifecycle() throws Exception {
        Path state = tmp.resolve("d1.state");
        ResourceSpec d1 = dummy("d1", state);
        assertEquals(OcfExitCode.NOT_RUNNING, run(executor, d1, OperationSpec.probe(Duration.ofSeconds(20))).exitCode());
        OperationResult start = run(executor, d1, OperationSpec.of("start"));
        assertTrue(start.result().isSuccess(), start + " " + start.stderr());
        assertTrue(Files.exists(state));
        assertEquals(OcfExitCode.OK, run(executor, d1, OperationSpec.probe(Duration.ofSeconds(20))).exitCode());
        assertTrue(run(executor, d1, OperationSpec.of("start")).result().isSuccess(), "start is idempotent");
        OperationResult unknown = run(executor, d1, OperationSpec.of("frobnicate"));
        assertEquals(OcfExitCode.ERR_UNIMPLEMENTED, unknown.exitCode());

        // The CIB changed the state file since the start; stop must still use the one the resource started with.
        ResourceSpec changed = dummy("d1", tmp.resolve("other.state"));
        OperationResult stop = run(executor, changed, OperationSpec.of("stop"));
        assertTrue(stop.result().isSuccess(), stop.toString());
        assertFalse(Files.exists(state), "stop removed the state file the resource was started with");
        assertEquals(OperationDigest.of(Map.of("state", state.toString())), stop.parameterDigest());
        assertEquals(OcfExitCode.NOT_RUNNING, run(executor, changed, OperationSpec.probe(Duration.ofSeconds(20))).exitCode());
        OperationResult recurringBeforeStart = run(executor, changed, OperationSpec.monitor(Duration.ofSeconds(60), Duration.ofSeconds(20)));
        executor.cancelAll("d1");
        assertEquals(OcfExitCode.NOT_RUNNING, recurringBeforeStart.exitCode());
        assertEquals("No process state file found", recurringBeforeStart.exitReason());

        ResourceHistory h = executor.history("d1").orElseThrow();
        assertEquals(Map.of("state", state.toString()), h.startParameters());
        assertEquals("monitor", h.lastOneShot().orElseThrow().action());
        assertEquals("d1_monitor_60000", h.lastFailure().orElseThrow().operationKey(),
                "a recurring monitor finding it stopped is a failure, unlike a probe");
        assertTrue(h.recent().stream().map(OperationResult::callId).reduce((a, b) -> {
            assertTrue(b > a, "call ids increase");
            return b;
        }).isPresent());
    }

    @Test
    void recurringMonitorNoticesTheRemovedStateFile() throws Exception {
        Path state = tmp.resolve("d2.state");
        ResourceSpec d2 = dummy("d2", state);
        List<OperationResult> heard = new CopyOnWriteArrayList<>();
        executor.addListener(heard::add);
        assertTrue(run(executor, d2, OperationSpec.of("start")).result().isSuccess());
        OperationSpec monitor = OperationSpec.monitor(Duration.ofMillis(200), Duration.ofSeconds(20));
        OperationResult first = run(executor, d2, monitor);
        assertEquals(OcfExitCode.OK, first.exitCode());
        await(() -> executor.history("d2").orElseThrow().recurring().get("monitor_200").callId() > first.callId() + 2,
                Duration.ofSeconds(20), "three more monitor runs");
        assertEquals(1, heard.stream().filter(OperationResult::isRecurring).count(), "unchanged results are not news");
        Files.delete(state);
        await(() -> heard.stream().anyMatch(r -> r.isRecurring() && r.exitCode() == OcfExitCode.NOT_RUNNING),
                Duration.ofSeconds(20), "the monitor reports the resource gone");
        OperationResult failed = heard.stream().filter(r -> r.isRecurring() && r.exitCode() == OcfExitCode.NOT_RUNNING)
                .findFirst().orElseThrow();
        assertEquals(ExecStatus.DONE, failed.status());
        assertEquals("No process state file found", failed.exitReason());
        assertEquals("d2_monitor_200", failed.operationKey());
        assertTrue(executor.cancel("d2", "monitor", Duration.ofMillis(200)));
        await(() -> heard.stream().anyMatch(r -> r.status() == ExecStatus.CANCELLED), Duration.ofSeconds(5), "cancelled");
    }

    @Test
    void registryListsAndDescribesTheInstalledAgents() {
        assertTrue(executor.agents().classes().containsAll(List.of("ocf", "lsb")), executor.agents().classes().toString());
        assertTrue(executor.agents().providers("ocf").containsAll(List.of("heartbeat", "pacemaker")));
        List<AgentId> heartbeat = executor.agents().agents("ocf", "heartbeat");
        assertTrue(heartbeat.contains(DUMMY) && heartbeat.contains(AgentId.parse("ocf:heartbeat:IPaddr2")));
        assertTrue(heartbeat.size() > 100, "Debian ships about 140: " + heartbeat.size());
        AgentMetadata md = executor.agents().metadata(DUMMY).orElseThrow();
        assertEquals("Dummy", md.name());
        // meta-data calls carry the agent type as instance name, as Pacemaker's controller does
        assertEquals("/run/resource-agents/Dummy-Dummy.state", md.parameter("state").orElseThrow().defaultValue());
        assertTrue(md.parameter("state").orElseThrow().unique());
        assertEquals(Duration.ofSeconds(20), md.action("start").orElseThrow().timeout());
        assertEquals(Duration.ofSeconds(10), md.action("monitor").orElseThrow().interval());
        assertTrue(executor.agents().metadata(DUMMY).orElseThrow() == md, "cached");
        assertTrue(executor.agents().metadata(AgentId.parse("ocf:heartbeat:NoSuchAgent")).isEmpty());
    }
}
