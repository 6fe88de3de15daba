package io.tandem.executor.internal;

import static io.tandem.executor.internal.RealSystem.alive;
import static io.tandem.executor.internal.RealSystem.await;
import static io.tandem.executor.internal.RealSystem.pids;
import static io.tandem.executor.internal.RealSystem.run;
import static io.tandem.executor.internal.RealSystem.script;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.ActionResult;
import io.tandem.common.ExecStatus;
import io.tandem.common.OcfExitCode;
import io.tandem.executor.AgentId;
import io.tandem.executor.OperationResult;
import io.tandem.executor.OperationSpec;
import io.tandem.executor.ResourceSpec;
import io.tandem.executor.spi.AgentRequest;
import io.tandem.executor.spi.ResourceAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Process handling with agents this test writes: process groups, timeouts that kill children, completion at
 * exit while a child holds the output, output cap, exit reasons and codes, environment, LSB scripts, Java agents.
 */
class ExternalAgentsTest {
    @TempDir
    Path tmp;
    private ExecutorRuntime executor;
    private Path agents;
    private final List<Long> leftovers = new java.util.ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        RealSystem.assumeProcessTools();
        agents = tmp.resolve("agents");
        script(agents.resolve("tandemtest/Probe"), """
                #!/bin/sh
                # Writes facts about its own process, then behaves as $OCF_RESKEY_mode says.
                set -f
                env > "$OCF_RESKEY_dir/env.$1"
                echo "$$ $(cut -d' ' -f5 /proc/$$/stat)" > "$OCF_RESKEY_dir/group.$1"
                case "$OCF_RESKEY_mode" in
                hang)
                    trap '' TERM
                    sleep 1000 & echo $! >> "$OCF_RESKEY_dir/pids"
                    sh -c 'sleep 1000' & echo $! >> "$OCF_RESKEY_dir/pids"
                    echo $$ >> "$OCF_RESKEY_dir/pids"
                    while :; do sleep 1; done ;;
                background)
                    sleep 30 & echo $! >> "$OCF_RESKEY_dir/pids"
                    echo started; exit 0 ;;
                chatty)
                    head -c 1000000 /dev/zero | tr '\\0' x; exit 0 ;;
                reason)
                    echo "ocf-exit-reason:first" >&2
                    echo "ocf-exit-reason:second reason" >&2
                    echo "more log" >&2
                    exit 6 ;;
                odd)
                    exit 42 ;;
                *)
                    exit 0 ;;
                esac
                """);
        script(tmp.resolve("init.d/tandem-sleeper"), """
                #!/bin/sh
                ### BEGIN INIT INFO
                # Provides:          tandem-sleeper
                # Short-Description: Sleeps for the test
                # Description:       A daemon that only sleeps,
                #                    written by ExternalAgentsTest.
                ### END INIT INFO
                PIDFILE=%s/sleeper.pid
                case "$1" in
                start) [ -f $PIDFILE ] && kill -0 $(cat $PIDFILE) 2>/dev/null && exit 0
                       setsid sleep 1000 >/dev/null 2>&1 < /dev/null & echo $! > $PIDFILE; exit 0 ;;
                stop)  [ -f $PIDFILE ] && kill $(cat $PIDFILE) 2>/dev/null; rm -f $PIDFILE; exit 0 ;;
                status) [ -f $PIDFILE ] || exit 3
                        kill -0 $(cat $PIDFILE) 2>/dev/null && exit 0; exit 1 ;;
                *) exit 3 ;;
                esac
                """.formatted(tmp));
        executor = RealSystem.runtime(Map.of("ocfAgentPath", new String[] {agents.toString()},
                "lsbDirectory", tmp.resolve("init.d").toString(), "outputLimitBytes", 4096, "killGraceMillis", 300L,
                "toolsDirectory", tmp.resolve("tools").toString(), "nodeName", "node-a"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (executor != null) {
            executor.close();
        }
        if (tmp != null) {
            leftovers.addAll(pids(tmp.resolve("pids")));
            if (Files.exists(tmp.resolve("sleeper.pid"))) {
                leftovers.addAll(pids(tmp.resolve("sleeper.pid")));
            }
        }
        for (long pid : leftovers) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private ResourceSpec probe(String mode) {
        return new ResourceSpec("p1", AgentId.parse("ocf:tandemtest:Probe"), Map.of("mode", mode, "dir", tmp.toString()));
    }

    @Test
    void eachActionRunsInItsOwnProcessGroupWithPacemakersEnvironment() throws Exception {
        Files.createDirectories(tmp.resolve("tools"));
        OperationSpec monitor = OperationSpec.monitor(Duration.ofSeconds(10), Duration.ofSeconds(15)).withCheckLevel(10)
                .withMeta(Map.of("clone-max", "2", "notify_type", "pre"));
        OperationResult r = run(executor, probe("ok"), monitor);
        executor.cancelAll("p1");
        assertTrue(r.result().isSuccess(), r.toString());
        String[] group = Files.readString(tmp.resolve("group.monitor")).trim().split(" ");
        assertEquals(group[0], group[1], "pid == pgid: the agent leads its own process group");
        Map<String, String> env = env(tmp.resolve("env.monitor"));
        assertEquals("/usr/lib/ocf", env.get("OCF_ROOT"));
        assertEquals("1", env.get("OCF_RA_VERSION_MAJOR"));
        assertEquals("1", env.get("OCF_RA_VERSION_MINOR"));
        assertEquals("p1", env.get("OCF_RESOURCE_INSTANCE"));
        assertEquals("Probe", env.get("OCF_RESOURCE_TYPE"));
        assertEquals("tandemtest", env.get("OCF_RESOURCE_PROVIDER"));
        assertEquals("ok", env.get("OCF_RESKEY_mode"));
        assertEquals("15000", env.get("OCF_RESKEY_CRM_meta_timeout"));
        assertEquals("10000", env.get("OCF_RESKEY_CRM_meta_interval"));
        assertEquals("node-a", env.get("OCF_RESKEY_CRM_meta_on_node"));
        assertEquals("2", env.get("OCF_RESKEY_CRM_meta_clone_max"));
        assertEquals("pre", env.get("OCF_RESKEY_CRM_meta_notify_type"));
        assertEquals("3.16.1", env.get("OCF_RESKEY_crm_feature_set"));
        assertEquals("10", env.get("OCF_CHECK_LEVEL"));
        assertEquals("ocf-exit-reason:", env.get("OCF_EXIT_REASON_PREFIX"));
        assertEquals("C", env.get("LC_ALL"));
        assertTrue(env.get("PATH").startsWith(tmp.resolve("tools") + ":"), env.get("PATH"));
        assertEquals(tmp.resolve("tools").toString(), env.get("HA_SBIN_DIR"));
        assertFalse(env.containsKey("JAVA_HOME"), "nothing leaks from the JVM's environment (mvn runs with JAVA_HOME)");

        run(executor, probe("ok"), OperationSpec.probe(Duration.ofSeconds(5)));
        Map<String, String> probeEnv = env(tmp.resolve("env.monitor"));
        assertFalse(probeEnv.containsKey("OCF_RESKEY_CRM_meta_interval"), "a probe is a monitor without interval");
        assertFalse(probeEnv.containsKey("OCF_CHECK_LEVEL"));
    }

    @Test
    void aTimeoutKillsTheHangingAgentAndAllItsChildren() throws Exception {
        OperationResult r = run(executor, probe("hang"), OperationSpec.of("start", Duration.ofSeconds(2)));
        assertEquals(ExecStatus.TIMED_OUT, r.status());
        assertEquals(OcfExitCode.ERR_GENERIC, r.exitCode());
        assertEquals("Resource agent did not complete within 2s", r.exitReason());
        assertTrue(r.execMillis() >= 2000 && r.execMillis() < 10_000, "exec " + r.execMillis());
        List<Long> pids = pids(tmp.resolve("pids"));
        assertEquals(3, pids.size(), "two children and the agent recorded their pids");
        await(() -> pids.stream().noneMatch(RealSystem::alive), Duration.ofSeconds(5),
                "agent and children (TERM ignored) gone: " + pids);
    }

    @Test
    void cancellingARunningRecurringMonitorKillsItsProcesses() throws Exception {
        List<OperationResult> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        executor.addListener(heard::add);
        var first = executor.execute(probe("hang"), OperationSpec.monitor(Duration.ofSeconds(5), Duration.ofSeconds(60)))
                .toCompletableFuture();
        await(() -> {
            try {
                return pids(tmp.resolve("pids")).size() == 3;
            } catch (java.io.IOException e) {
                return false;
            }
        }, Duration.ofSeconds(10), "the monitor runs and hangs");
        List<Long> pids = pids(tmp.resolve("pids"));
        assertTrue(executor.cancel("p1", "monitor", Duration.ofSeconds(5)));
        assertEquals(ExecStatus.CANCELLED, first.get(10, java.util.concurrent.TimeUnit.SECONDS).status());
        await(() -> pids.stream().noneMatch(RealSystem::alive), Duration.ofSeconds(5), "monitor processes gone: " + pids);
        OperationResult next = run(executor, probe("ok"), OperationSpec.of("stop"));
        assertTrue(next.result().isSuccess(), "the resource's queue is free again");
        assertEquals(ExecStatus.CANCELLED, heard.stream().filter(OperationResult::isRecurring).findFirst().orElseThrow().status());
    }

    @Test
    void completesWhenTheAgentExitsWhileABackgroundChildHoldsItsOutput() throws Exception {
        OperationResult r = run(executor, probe("background"), OperationSpec.of("start"));
        assertTrue(r.result().isSuccess(), r.toString());
        assertEquals("started\n", r.stdout());
        long child = pids(tmp.resolve("pids")).get(0);
        assertTrue(r.execMillis() < 5000, "did not wait for the 30 s child: " + r.execMillis() + " ms");
        assertTrue(alive(child), "a successful agent's children are left alone");
    }

    @Test
    void outputIsCapped() throws Exception {
        OperationResult r = run(executor, probe("chatty"), OperationSpec.of("start"));
        assertTrue(r.result().isSuccess(), r.toString());
        assertTrue(r.outputTruncated());
        assertTrue(r.stdout().startsWith("x".repeat(4096) + "\n[output truncated at 4096 bytes]"), r.stdout().substring(0, 10));
    }

    @Test
    void exitReasonIsTheLastOneAndOddCodesBecomeErrors() throws Exception {
        OperationResult r = run(executor, probe("reason"), OperationSpec.of("start"));
        assertEquals(ExecStatus.DONE, r.status());
        assertEquals(OcfExitCode.ERR_CONFIGURED, r.exitCode());
        assertEquals("second reason", r.exitReason());
        assertTrue(r.stderr().contains("more log"));
        OperationResult odd = run(executor, probe("odd"), OperationSpec.of("start"));
        assertEquals(OcfExitCode.ERR_GENERIC, odd.exitCode());
        assertEquals(42, odd.rawExitCode());
        OperationResult missing = run(executor, new ResourceSpec("m", AgentId.parse("ocf:tandemtest:Nope"), Map.of()),
                OperationSpec.of("start"));
        assertEquals(ExecStatus.NOT_INSTALLED, missing.status());
        assertEquals(OcfExitCode.ERR_INSTALLED, missing.exitCode());
    }

    @Test
    void lsbScriptsGetStatusForMonitorAndTheirCodesMapped() throws Exception {
        ResourceSpec sleeper = new ResourceSpec("s1", AgentId.parse("lsb:tandem-sleeper"), Map.of());
        assertEquals(OcfExitCode.NOT_RUNNING, run(executor, sleeper, OperationSpec.probe(Duration.ofSeconds(5))).exitCode(),
                "status 3 (not running) is OCF 7");
        assertTrue(run(executor, sleeper, OperationSpec.of("start")).result().isSuccess());
        leftovers.addAll(pids(tmp.resolve("sleeper.pid")));
        assertEquals(OcfExitCode.OK, run(executor, sleeper, OperationSpec.probe(Duration.ofSeconds(5))).exitCode());
        Files.writeString(tmp.resolve("sleeper.pid"), "999999\n");
        assertEquals(OcfExitCode.NOT_RUNNING, run(executor, sleeper, OperationSpec.probe(Duration.ofSeconds(5))).exitCode(),
                "status 1 (dead, pid file left) is OCF 7");
        assertEquals(OcfExitCode.ERR_UNIMPLEMENTED, run(executor, sleeper, OperationSpec.of("frobnicate")).exitCode());
        assertTrue(executor.agents().agents("lsb", null).contains(AgentId.parse("lsb:tandem-sleeper")));
        assertEquals("Sleeps for the test", executor.agents().metadata(AgentId.parse("lsb:tandem-sleeper")).orElseThrow()
                .shortDescription());
    }

    @Test
    void javaAgentsRunWithATimeoutAndStuckOnesAreAbandoned() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ResourceAgent stubborn = new ResourceAgent() {
            @Override
            public String metaData() {
                return "<resource-agent name=\"Stubborn\"><parameters/><actions><action name=\"start\" timeout=\"1s\"/></actions></resource-agent>";
            }

            @Override
            public ActionResult execute(AgentRequest request) {
                if (request.action().equals("start")) {
                    while (release.getCount() > 0) { // ignores interrupts on purpose
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            // stubborn
                        }
                    }
                }
                return request.parameters().containsKey("fail") ? ActionResult.done(OcfExitCode.ERR_ARGS, "bad " + request.meta().get("timeout"))
                        : ActionResult.ok();
            }
        };
        Map<String, Object> props = new HashMap<>();
        props.put(ResourceAgent.CLASS, "ocf");
        props.put(ResourceAgent.PROVIDER, "tandemtest");
        props.put(ResourceAgent.TYPE, "Stubborn");
        executor.addJavaAgent(stubborn, props);
        try {
            AgentId id = AgentId.parse("ocf:tandemtest:Stubborn");
            assertTrue(executor.agents().isJavaAgent(id));
            assertTrue(executor.agents().agents("ocf", "tandemtest").contains(id));
            OperationResult r = run(executor, new ResourceSpec("j1", id, Map.of()), OperationSpec.of("start", Duration.ofSeconds(1)));
            assertEquals(ExecStatus.TIMED_OUT, r.status());
            assertTrue(r.exitReason().endsWith("(agent abandoned)"), r.exitReason());
            OperationResult next = run(executor, new ResourceSpec("j1", id, Map.of("fail", "1")), OperationSpec.monitor(
                    Duration.ofSeconds(100), Duration.ofSeconds(7)));
            executor.cancelAll("j1");
            assertEquals(OcfExitCode.ERR_ARGS, next.exitCode(), "the queue moved on past the stuck action");
            assertEquals("bad 7000", next.exitReason(), "Java agents get meta values as external agents do");
            assertEquals("Stubborn", executor.agents().metadata(id).orElseThrow().name());
        } finally {
            release.countDown();
            executor.removeJavaAgent(stubborn, props);
        }
        assertFalse(executor.agents().exists(AgentId.parse("ocf:tandemtest:Stubborn")));
    }

    private static Map<String, String> env(Path file) throws Exception {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }
}
