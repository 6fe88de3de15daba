package io.tandem.agent.filesystem.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.common.ActionResult;
import io.tandem.common.OcfExitCode;
import io.tandem.executor.spi.AgentRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.tandem.testkit.ocf.OcfCheckReport;
import io.tandem.testkit.ocf.OcfChecker;
import io.tandem.testkit.ocf.SpiDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent on a real ext4 filesystem in a loop device; everything it creates (processes, mounts, the loop
 * device) is removed in {@link #cleanUp()} whatever happened.
 */
class FilesystemLoopTest {
    @TempDir
    Path dir;
    private String loop;
    private Path mnt;
    private final List<Process> processes = new ArrayList<>();
    private final FilesystemAgent agent = new FilesystemAgent();

    @BeforeEach
    void loopDevice() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for losetup and mount: skipped");
        for (String tool : List.of("/usr/sbin/losetup", "/usr/sbin/mkfs.ext4", "/usr/bin/mount")) {
            assumeTrue(Files.isExecutable(Path.of(tool)) || Files.isExecutable(Path.of(tool.replace("/usr", ""))), tool + " missing: skipped");
        }
        Path image = dir.resolve("tqfs-" + ProcessHandle.current().pid() + ".img");
        sh("truncate", "-s", "64M", image.toString());
        loop = sh("losetup", "--find", "--show", image.toString()).strip();
        sh("mkfs.ext4", "-q", "-F", loop);
        mnt = dir.resolve("mnt");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (mnt != null && new Mounts(Path.of("/proc/mounts")).isMountPoint(mnt)) {
            new ProcessBuilder("umount", "-l", mnt.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
        if (loop != null) {
            new ProcessBuilder("losetup", "-d", loop).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Map<String, String> params(String force) {
        return Map.of("device", loop, "directory", mnt.toString(), "fstype", "ext4", "force_unmount", force);
    }

    private ActionResult run(String action, Map<String, String> p, int level) throws InterruptedException {
        return agent.execute(new AgentRequest("fs1", action, p, Map.of("on_node", "n1"), Duration.ofSeconds(20), Duration.ZERO, level));
    }

    @Test
    void lifecycleMonitorDepthsAndForcedUnmountOfBusyMount() throws Exception {
        Map<String, String> p = params("true");
        assertEquals(OcfExitCode.NOT_RUNNING, run("monitor", p, 0).exitCode());
        ActionResult start = run("start", p, 0);
        assertTrue(start.isSuccess(), start.toString());
        assertTrue(run("start", p, 0).isSuccess(), "start is idempotent");
        assertTrue(Files.readString(Path.of("/proc/mounts")).contains(loop + " " + mnt + " ext4 "));
        for (int level : new int[] {0, 10, 20}) {
            ActionResult r = run("monitor", p, level);
            assertTrue(r.isSuccess(), "depth " + level + ": " + r);
        }
        assertTrue(Files.exists(mnt.resolve(".Filesystem_status/fs1_n1")), "depth 20 wrote its status file");

        Path file = mnt.resolve("held-open");
        Process cwdUser = start(new ProcessBuilder("sleep", "300").directory(mnt.toFile()));
        Process fdUser = start(new ProcessBuilder("sh", "-c", "exec 3>>'" + file + "'; exec sleep 300"));
        awaitOpen(fdUser, file);

        ActionResult stop = run("stop", p, 0);
        assertTrue(stop.isSuccess(), stop.toString());
        assertFalse(new Mounts(Path.of("/proc/mounts")).isMountPoint(mnt));
        assertTrue(cwdUser.waitFor(5, TimeUnit.SECONDS) && fdUser.waitFor(5, TimeUnit.SECONDS), "the users were killed");
        assertTrue(run("stop", p, 0).isSuccess(), "stop is idempotent");
        assertEquals(OcfExitCode.NOT_RUNNING, run("monitor", p, 0).exitCode());
    }

    @Test
    void safeModeKillsPathUsersAndFalseModeGivesUp() throws Exception {
        assertTrue(run("start", params("safe"), 0).isSuccess());
        Process user = start(new ProcessBuilder("sleep", "300").directory(mnt.toFile()));
        assertTrue(run("stop", params("safe"), 0).isSuccess());
        assertTrue(user.waitFor(5, TimeUnit.SECONDS));

        assertTrue(run("start", params("false"), 0).isSuccess());
        Process stubborn = start(new ProcessBuilder("sleep", "300").directory(mnt.toFile()));
        ActionResult stop = agent.execute(new AgentRequest("fs1", "stop", Map.of("device", loop, "directory", mnt.toString(),
                "fstype", "ext4", "force_unmount", "false"), Map.of(), Duration.ofSeconds(3), Duration.ZERO, 0));
        assertEquals(OcfExitCode.ERR_GENERIC, stop.exitCode(), stop.toString());
        assertTrue(stop.reason().contains("Couldn't unmount " + mnt), stop.reason());
        assertTrue(stubborn.isAlive(), "force_unmount=false kills nobody");
    }

    @Test
    void missingDeviceFailsStartAsNotInstalled() throws Exception {
        Map<String, String> p = Map.of("device", "/dev/nosuchdev-tq", "directory", mnt.toString(), "fstype", "ext4");
        ActionResult start = run("start", p, 0);
        assertEquals(OcfExitCode.ERR_INSTALLED, start.exitCode());
        assertTrue(start.reason().contains("Couldn't find device [/dev/nosuchdev-tq]"));
        assertEquals(OcfExitCode.NOT_RUNNING, run("monitor", p, 0).exitCode());
    }

    @Test
    void passesOcfTesterChecksOnTheLoopDevice() {
        OcfCheckReport report = OcfChecker.check(new SpiDriver("ocf:tandem:Filesystem", agent, "fs-t", params("true")));
        assertTrue(report.passed(), report.render());
    }

    private Process start(ProcessBuilder pb) throws IOException {
        Process p = pb.redirectErrorStream(true).start();
        processes.add(p);
        return p;
    }

    private static void awaitOpen(Process p, Path file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (var fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(p.pid()), "fd"))) {
                for (Path fd : fds) {
                    try {
                        if (Files.readSymbolicLink(fd).equals(file)) {
                            return;
                        }
                    } catch (IOException e) {
                        // fd closed meanwhile
                    }
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("process " + p.pid() + " never opened " + file);
    }

    private static String sh(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + out);
        }
        return out;
    }
}
