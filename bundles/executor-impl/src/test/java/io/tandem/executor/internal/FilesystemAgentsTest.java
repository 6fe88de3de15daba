package io.tandem.executor.internal;

import static io.tandem.executor.internal.RealSystem.await;
import static io.tandem.executor.internal.RealSystem.run;
import static io.tandem.executor.internal.RealSystem.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.agent.filesystem.internal.FilesystemAgent;
import io.tandem.common.ExecStatus;
import io.tandem.common.OcfExitCode;
import io.tandem.executor.AgentId;
import io.tandem.executor.OperationResult;
import io.tandem.executor.OperationSpec;
import io.tandem.executor.ResourceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ocf:heartbeat:Filesystem (Debian's shell agent, unmodified) and ocf:tandem:Filesystem (the Java agent,
 * registered from its DS descriptor as the whiteboard would) through the executor, the same steps for both, on
 * an ext4 filesystem in a loop device over a sparse file. Everything the test creates carries a per-run prefix
 * and is removed in {@link #cleanUp()} whatever happened; the clean-up itself is checked.
 */
class FilesystemAgentsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Path base;
    private Path image;
    private Path mnt;
    private String loop;
    private String node;
    private ExecutorComponent executor;
    private FilesystemAgent bound;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void loopDevice() throws Exception {
        RealSystem.assumeOcf();
        RealSystem.assumeProcessTools();
        assumeTrue(Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/Filesystem")),
                "skipped: ocf:heartbeat:Filesystem is not installed (resource-agents)");
        for (String tool : List.of("/usr/sbin/losetup", "/usr/sbin/mkfs.ext4", "/usr/bin/mount", "/usr/bin/umount",
                "/usr/bin/truncate")) {
            RealSystem.assumeCommand(tool);
        }
        String prefix = "tdmfs" + ProcessHandle.current().pid() + "x" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
        base = Files.createTempDirectory(prefix + "-");
        image = base.resolve(prefix + ".img");
        mnt = base.resolve("mnt");
        sh(true, "truncate", "-s", "64M", image.toString());
        loop = sh(true, "losetup", "--find", "--show", image.toString()).strip();
        assertTrue(loop.startsWith("/dev/loop"), "losetup printed " + loop);
        sh(true, "mkfs.ext4", "-q", "-F", loop);
        // the shell agent names its depth-20 status file after uname -n, the Java one after CRM_meta_on_node
        node = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        executor = new ExecutorComponent(TestConfigs.config(Map.of("nodeName", node)), null);
        bound = new FilesystemAgent();
        executor.bindAgent(bound, DsDescriptors.serviceProperties(FilesystemAgent.class));
    }

    @AfterEach
    void cleanUp() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Process p : processes) {
            p.destroyForcibly();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                problems.add("process " + p.pid() + " survived SIGKILL");
            }
        }
        if (executor != null) {
            executor.deactivate();
        }
        if (mnt != null && mounted()) {
            sh(false, "umount", "-l", mnt.toString());
            if (mounted()) {
                problems.add(mnt + " is still mounted");
            }
        }
        if (loop != null) {
            sh(false, "losetup", "-d", loop);
            String still = sh(false, "losetup", "-j", image.toString()).strip();
            if (!still.isEmpty()) {
                problems.add("loop device still attached: " + still);
            }
        }
        RealSystem.deleteTree(base);
        if (base != null && Files.exists(base)) {
            problems.add(base + " was not removed");
        }
        assertTrue(problems.isEmpty(), "clean-up: " + problems);
    }

    /** The shell agent checks for modprobe, fuser, fsck, mount and umount before every action (exit 5 otherwise). */
    private static void assumeToolsOf(AgentId agent) {
        if (agent.provider().equals("heartbeat")) {
            assumeTrue(Files.isExecutable(Path.of("/usr/sbin/modprobe")) || Files.isExecutable(Path.of("/sbin/modprobe")),
                    "skipped: ocf:heartbeat:Filesystem needs modprobe (apt-get install kmod)");
            RealSystem.assumeCommand("/usr/bin/fuser");
        }
    }

    private boolean mounted() throws IOException {
        String needle = " " + mnt + " ";
        return Files.readAllLines(Path.of("/proc/mounts")).stream().anyMatch(l -> l.contains(needle));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ocf:heartbeat:Filesystem", "ocf:tandem:Filesystem"})
    void mountMonitorAtEveryDepthAndForceUnmountABusyMount(String agentName) throws Exception {
        AgentId agent = AgentId.parse(agentName);
        assumeToolsOf(agent);
        assertTrue(executor.agents().agents(agent.standard(), agent.provider()).contains(agent),
                agent + " is listed: " + executor.agents().agents(agent.standard(), agent.provider()));
        assertTrue(executor.agents().metadata(agent).orElseThrow().parameter("force_unmount").isPresent());
        String rsc = "fs-" + agent.provider();
        ResourceSpec fs = new ResourceSpec(rsc, agent, Map.of("device", loop, "directory", mnt.toString(),
                "fstype", "ext4", "force_unmount", "true"));
        List<OperationResult> heard = new CopyOnWriteArrayList<>();
        executor.addListener(heard::add);

        assertEquals(OcfExitCode.NOT_RUNNING, run(executor, fs, OperationSpec.probe(TIMEOUT)).exitCode(), "probe before start");
        OperationResult start = run(executor, fs, OperationSpec.of("start"));
        assertTrue(start.result().isSuccess(), start + "\n" + start.stderr());
        assertTrue(Files.readString(Path.of("/proc/mounts")).contains(loop + " " + mnt + " ext4 "), "mounted by " + agent);

        // One recurring monitor per depth, as a CIB would configure them (distinct intervals). Only depth 20
        // writes the status file, which shows that OCF_CHECK_LEVEL reached the agent with each operation.
        Path status = mnt.resolve(".Filesystem_status").resolve(rsc + "_" + node);
        List<OperationSpec> monitors = new ArrayList<>();
        for (int level : new int[] {0, 10, 20}) {
            OperationSpec monitor = OperationSpec.monitor(Duration.ofMillis(700 + 10L * level), TIMEOUT).withCheckLevel(level);
            monitors.add(monitor);
            OperationResult first = run(executor, fs, monitor);
            assertEquals(OcfExitCode.OK, first.exitCode(), "depth " + level + ": " + first + "\n" + first.stderr());
            assertEquals(level == 20, Files.exists(status), "status file " + status + " after the depth " + level + " monitor");
        }
        assertTrue(Files.readString(status).startsWith(rsc), "the write test wrote the resource name");
        long[] firstCalls = monitors.stream().mapToLong(m -> history(rsc, m).callId()).toArray();
        await(() -> {
            for (int i = 0; i < monitors.size(); i++) {
                if (history(rsc, monitors.get(i)).callId() <= firstCalls[i]) {
                    return false;
                }
            }
            return true;
        }, Duration.ofSeconds(30), "every recurring monitor ran again");
        for (OperationSpec m : monitors) {
            OperationResult latest = history(rsc, m);
            assertEquals(OcfExitCode.OK, latest.exitCode(), m.key() + " depth " + m.checkLevel() + ": " + latest);
        }
        assertTrue(heard.stream().noneMatch(r -> r.isRecurring() && r.exitCode() != OcfExitCode.OK), "no monitor failed: " + heard);

        Path file = mnt.resolve("held-open");
        Process user = start(new ProcessBuilder("sh", "-c", "exec 3>>'" + file + "'; exec sleep 300"));
        awaitOpen(user, file);
        OperationResult stop = run(executor, fs, OperationSpec.of("stop"));
        assertTrue(stop.result().isSuccess(), stop + "\n" + stop.stderr());
        assertFalse(mounted(), "unmounted");
        assertTrue(user.waitFor(5, TimeUnit.SECONDS), "the process holding " + file + " open was killed");
        assertTrue(executor.history(rsc).orElseThrow().recurring().isEmpty(), "stop cancelled the recurring monitors");
        assertTrue(heard.stream().anyMatch(r -> r.status() == ExecStatus.CANCELLED), "listeners heard the cancellation");
        assertTrue(heard.stream().noneMatch(r -> r.isRecurring() && r.status() == ExecStatus.DONE && r.exitCode() != OcfExitCode.OK),
                "no recurring monitor ran against the unmounting filesystem: " + heard);

        OperationResult again = run(executor, fs, OperationSpec.of("stop"));
        assertTrue(again.result().isSuccess(), "stop is idempotent: " + again + "\n" + again.stderr());
        for (int level : new int[] {0, 10, 20}) {
            OperationResult after = run(executor, fs, OperationSpec.probe(TIMEOUT).withCheckLevel(level));
            assertEquals(OcfExitCode.NOT_RUNNING, after.exitCode(), "depth " + level + " after stop: " + after);
        }
        assertFalse(mounted());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ocf:heartbeat:Filesystem", "ocf:tandem:Filesystem"})
    void missingDeviceIsNotInstalled(String agentName) throws Exception {
        assumeToolsOf(AgentId.parse(agentName));
        ResourceSpec fs = new ResourceSpec("fs-missing", AgentId.parse(agentName), Map.of("device",
                base.resolve("no-such-device").toString(), "directory", mnt.toString(), "fstype", "ext4"));
        OperationResult start = run(executor, fs, OperationSpec.of("start"));
        assertEquals(OcfExitCode.ERR_INSTALLED, start.exitCode(), start + "\n" + start.stderr());
        assertTrue(start.exitReason().contains("Couldn't find device"), start.exitReason());
        assertFalse(mounted());
    }

    @org.junit.jupiter.api.Test
    void javaAgentLeavesTheRegistryWithItsService() throws Exception {
        AgentId agent = AgentId.parse("ocf:tandem:Filesystem");
        Map<String, Object> props = DsDescriptors.serviceProperties(FilesystemAgent.class);
        ResourceSpec fs = new ResourceSpec("fs-gone", agent, Map.of("device", loop, "directory", mnt.toString(), "fstype", "ext4"));
        FilesystemAgent rival = new FilesystemAgent();
        executor.bindAgent(rival, props); // a second service claiming the same name is ignored ...
        executor.unbindAgent(rival, props); // ... so its departure removes nothing
        assertEquals(OcfExitCode.NOT_RUNNING, run(executor, fs, OperationSpec.probe(TIMEOUT)).exitCode());

        executor.unbindAgent(bound, props);
        assertFalse(executor.agents().agents("ocf", "tandem").contains(agent));
        assertTrue(executor.agents().metadata(agent).isEmpty());
        OperationResult r = run(executor, fs, OperationSpec.probe(TIMEOUT));
        assertEquals(ExecStatus.NOT_INSTALLED, r.status(), r.toString());
        assertEquals(OcfExitCode.ERR_INSTALLED, r.exitCode());
        executor.bindAgent(bound, props);
        assertEquals(OcfExitCode.NOT_RUNNING, run(executor, fs, OperationSpec.probe(TIMEOUT)).exitCode(), "back");
    }

    private OperationResult history(String rsc, OperationSpec op) {
        OperationResult r = executor.history(rsc).orElseThrow().recurring().get(op.key());
        if (r == null) {
            throw new AssertionError(op.key() + " is not active: " + executor.history(rsc).orElseThrow().recurring().keySet());
        }
        return r;
    }

    private Process start(ProcessBuilder pb) throws IOException {
        Process p = pb.redirectErrorStream(true).start();
        processes.add(p);
        return p;
    }

    private static void awaitOpen(Process p, Path file) throws InterruptedException {
        await(() -> {
            try (var fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(p.pid()), "fd"))) {
                for (Path fd : fds) {
                    try {
                        if (Files.readSymbolicLink(fd).equals(file)) {
                            return true;
                        }
                    } catch (IOException e) {
                        // closed meanwhile
                    }
                }
            } catch (IOException e) {
                // process gone or not yet exec'd
            }
            return false;
        }, Duration.ofSeconds(10), "process " + p.pid() + " opens " + file);
    }
}
