package io.tandem.agent.filesystem.internal;

import io.tandem.testkit.ocf.MetaDataCheck;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything that needs no root: meta-data, parameters, the mount table, the /proc walk. */
class FilesystemAgentTest {
    @TempDir
    Path dir;

    private final FilesystemAgent agent = new FilesystemAgent();

    static AgentRequest request(String action, Map<String, String> params, int checkLevel) {
        return new AgentRequest("fs1", action, params, Map.of(), Duration.ofSeconds(20), Duration.ZERO, checkLevel);
    }

    private Map<String, String> with(String... kv) {
        Map<String, String> m = new HashMap<>(Map.of("device", "/dev/null", "directory", dir.resolve("mnt").toString(), "fstype", "ext4"));
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void metaDataIsValidOcfWithFilesystemsParameters() throws Exception {
        MetaDataCheck md = MetaDataCheck.parse(agent.metaData());
        assertEquals("Filesystem", md.name());
        assertTrue(md.parameters().containsAll(List.of("device", "directory", "fstype", "options", "run_fsck", "force_unmount",
                "statusfile_prefix", "fast_stop")), md.parameters().toString());
        assertTrue(md.actions().containsAll(List.of("start", "stop", "monitor", "validate-all", "meta-data")));
    }

    private void assertError(Map<String, String> p, OcfExitCode code, String reasonPart) throws Exception {
        ActionResult r = agent.execute(request("validate-all", p, 0));
        assertEquals(code, r.exitCode(), p + ": " + r);
        assertTrue(r.reason().contains(reasonPart), "'" + r.reason() + "' should mention " + reasonPart);
    }

    @Test
    void validateAllExplainsBadParameters() throws Exception {
        assertError(Map.of("directory", "/mnt/x", "fstype", "ext4"), OcfExitCode.ERR_CONFIGURED, "device");
        assertError(with("directory", ""), OcfExitCode.ERR_CONFIGURED, "directory");
        assertError(with("directory", "relative/mnt"), OcfExitCode.ERR_CONFIGURED, "absolute");
        assertError(with("directory", "/"), OcfExitCode.ERR_CONFIGURED, "absolute");
        assertError(with("fstype", ""), OcfExitCode.ERR_CONFIGURED, "fstype");
        assertError(with("force_unmount", "sometimes"), OcfExitCode.ERR_CONFIGURED, "force_unmount");
        assertError(with("run_fsck", "always"), OcfExitCode.ERR_CONFIGURED, "run_fsck");
        assertError(with("statusfile_prefix", "../outside"), OcfExitCode.ERR_CONFIGURED, "statusfile_prefix");
        assertError(with("device", "/dev/nosuchdev"), OcfExitCode.ERR_INSTALLED, "Couldn't find device [/dev/nosuchdev]");
        Files.writeString(dir.resolve("file"), "");
        assertError(with("directory", dir.resolve("file").toString()), OcfExitCode.ERR_CONFIGURED, "not a directory");
        assertTrue(agent.execute(request("validate-all", with(), 0)).isSuccess());
    }

    @Test
    void notMountedMeansNotRunningAndStopIsFine() throws Exception {
        assertEquals(OcfExitCode.NOT_RUNNING, agent.execute(request("monitor", with(), 0)).exitCode());
        assertEquals(OcfExitCode.NOT_RUNNING, agent.execute(request("monitor", with(), 20)).exitCode());
        assertTrue(agent.execute(request("stop", with(), 0)).isSuccess());
        assertEquals(OcfExitCode.ERR_UNIMPLEMENTED, agent.execute(request("promote", with(), 0)).exitCode());
    }

    @Test
    void parametersFollowTheShellAgent() {
        FsParameters ext4 = FsParameters.parse(with());
        assertEquals(FsParameters.ForceUnmount.TRUE, ext4.forceUnmount());
        assertEquals(false, ext4.fsckNeeded(), "ext4 is journaled: auto does not fsck");
        assertTrue(FsParameters.parse(with("fstype", "ext2")).fsckNeeded());
        assertEquals(false, FsParameters.parse(with("fstype", "ext2", "run_fsck", "no")).fsckNeeded());
        assertEquals(List.of("-U", "1234-abcd"), FsParameters.parse(with("device", "-U 1234-abcd")).sourceArguments());
        assertEquals(false, FsParameters.parse(with("device", "srv:/export", "fstype", "nfs")).isDevicePath());
        assertEquals(FsParameters.ForceUnmount.SAFE, FsParameters.parse(with("force_unmount", "safe")).forceUnmount());
    }

    @Test
    void statusFileIsNamedLikeTheShellAgents() {
        FilesystemAgent a = new FilesystemAgent(new Commands(), new Mounts(Path.of("/proc/mounts")), new MountUsers(Path.of("/proc")), () -> "n1");
        AgentRequest clone = new AgentRequest("fs1", "monitor", with(), Map.of("clone", "2"), Duration.ofSeconds(5), Duration.ZERO, 20);
        assertEquals(dir.resolve("mnt/.Filesystem_status/fs1_2_n1"), a.statusFile(clone, FsParameters.parse(with())));
    }

    @Test
    void mountTableIsUnescapedAndSubmountsComeFirst() throws Exception {
        Path table = dir.resolve("mounts");
        Files.writeString(table, "/dev/sda1 / ext4 rw 0 0\n/dev/loop0 /srv/my\\040data ext4 rw,relatime 0 0\n"
                + "tmpfs /srv/my\\040data/sub tmpfs rw 0 0\n/dev/loop1 /srv/other ext4 rw 0 0\n");
        Mounts m = new Mounts(table);
        assertTrue(m.isMountPoint(Path.of("/srv/my data")));
        assertEquals(List.of(Path.of("/srv/my data/sub"), Path.of("/srv/my data")), m.atOrBelow(Path.of("/srv/my data")));
        assertEquals("a\\b", Mounts.unescape("a\\134b"));
        assertEquals("trailing\\04", Mounts.unescape("trailing\\04"));
    }

    @Test
    void procWalkFindsAProcessWorkingInADirectory() throws Exception {
        Path work = Files.createDirectories(dir.resolve("busy"));
        Process sleeper = new ProcessBuilder("sleep", "60").directory(work.toFile()).start();
        try {
            MountUsers users = new MountUsers(Path.of("/proc"));
            assertTrue(users.byPath(work).contains(sleeper.pid()), "cwd under the path");
            assertTrue(!users.byPath(dir.resolve("elsewhere")).contains(sleeper.pid()));
            long dev = (Long) Files.getAttribute(work, "unix:dev");
            assertTrue(users.byDevice(dev).contains(sleeper.pid()), "cwd on the device");
            assertTrue(!users.byDevice(dev).contains(ProcessHandle.current().pid()), "never ourselves");
        } finally {
            sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void mapsAndDeviceNumbers() {
        List<MountUsers.Mapping> maps = MountUsers.parseMaps(List.of(
                "7f1c2a000000-7f1c2a021000 r--p 00000000 07:03 1234    /mnt/data/lib.so",
                "7ffd5e3c1000-7ffd5e3e2000 rw-p 00000000 00:00 0       [stack]",
                "55d0 r-xp 0 fd:01 99"));
        assertEquals(new MountUsers.Mapping("07:03", "/mnt/data/lib.so"), maps.get(0));
        assertEquals("", maps.get(2).path());
        assertEquals(7, MountUsers.major(0x0703L));
        assertEquals(3, MountUsers.minor(0x0703L));
        // glibc makedev(0x1234, 0x56789): the high bits of both numbers live above bit 20 / bit 32
        long makedev = ((0x1234L & 0xfff) << 8) | ((0x1234L & ~0xfffL) << 32) | (0x56789L & 0xff) | ((0x56789L & ~0xffL) << 12);
        assertEquals(0x1234, MountUsers.major(makedev));
        assertEquals(0x56789, MountUsers.minor(makedev));
    }
}
