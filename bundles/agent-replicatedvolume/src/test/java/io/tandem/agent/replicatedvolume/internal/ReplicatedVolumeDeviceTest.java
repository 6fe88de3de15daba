package io.tandem.agent.replicatedvolume.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tandem.common.ActionResult;
import io.tandem.common.OcfExitCode;
import io.tandem.executor.spi.AgentRequest;
import io.tandem.replication.ConnectionState;
import io.tandem.replication.DiskState;
import io.tandem.replication.ReplicationService;
import io.tandem.replication.Role;
import io.tandem.replication.VolumeStatus;
import io.tandem.replication.device.BlockDevice;
import io.tandem.replication.device.DetachReport;
import io.tandem.replication.device.DeviceException;
import io.tandem.replication.device.DeviceManager;
import io.tandem.replication.device.internal.TestDevices;
import io.tandem.replication.internal.TestServices;
import io.tandem.testkit.block.Cleanup;
import io.tandem.testkit.block.RootSystem;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device as part of the promotable clone's workflow: promote attaches /dev/tandem/NAME after the Primary role,
 * demote detaches it first (and fails while it is mounted), monitor says when a Primary has no device. Through the
 * agent SPI with a recording device layer, and for real (root only) with ext4 mounted on the device.
 */
@Timeout(180)
class ReplicatedVolumeDeviceTest {
    private static final String RSC = "ms-db";

    @TempDir
    Path dir;
    final SharedAttributes attributes = new SharedAttributes();
    String res;
    ReplicationService alpha;
    ReplicationService beta;
    ReplicatedVolumeAgent agentA;
    ReplicatedVolumeAgent agentB;

    /** A device layer that records what it is asked and when, with the volume's role at that moment. */
    final class RecordingDevices implements DeviceManager {
        final List<String> calls = new ArrayList<>();
        final Map<String, BlockDevice> attached = new HashMap<>();
        String mountedOn;
        String attachFailure;

        @Override
        public BlockDevice attach(String volume) throws DeviceException {
            calls.add("attach " + volume + " as " + ReplicatedVolumeDeviceTest.this.status(alpha).role());
            if (attachFailure != null) {
                throw new DeviceException(volume + ": " + attachFailure);
            }
            BlockDevice d = new BlockDevice(volume, Path.of("/dev/tandem", volume), Path.of("/dev/loop9"),
                    dir.resolve("fuse").resolve(volume), 4096, true, List.of());
            attached.put(volume, d);
            return d;
        }

        @Override
        public DetachReport detach(String volume) throws DeviceException {
            calls.add("detach " + volume + " as " + ReplicatedVolumeDeviceTest.this.status(alpha).role());
            if (mountedOn != null) {
                throw new DeviceException(volume + ": /dev/tandem/" + volume + " (/dev/loop9) is mounted on "
                        + mountedOn + "; unmount it first");
            }
            attached.remove(volume);
            return new DetachReport(volume, List.of("losetup -d /dev/loop9"), false, List.of(), true);
        }

        @Override
        public List<BlockDevice> status() {
            return List.copyOf(attached.values());
        }

        @Override
        public Optional<BlockDevice> device(String volume) {
            return Optional.ofNullable(attached.get(volume));
        }
    }

    @BeforeEach
    void nodes() throws IOException {
        res = RootSystem.uniqueName("tagent");
        Path conf = dir.resolve("drbd.conf");
        Files.writeString(conf, """
                resource %s {
                  protocol C;
                  syncer { rate 200M; al-extents 7; }
                  net { ping-int 1; ping-timeout 20; connect-int 1; }
                  on alpha { device /dev/drbd0; disk r.img; address 127.0.0.1:%d; meta-disk internal; }
                  on beta { device /dev/drbd0; disk r.img; address 127.0.0.1:%d; meta-disk internal; }
                }
                """.formatted(res, freePort(), freePort()));
        for (String node : new String[] {"alpha", "beta"}) {
            Files.createDirectories(dir.resolve(node));
            try (RandomAccessFile raf = new RandomAccessFile(dir.resolve(node).resolve("r.img").toFile(), "rw")) {
                raf.setLength(16L << 20);
            }
        }
        alpha = TestServices.start(conf, "alpha", dir.resolve("alpha"));
        beta = TestServices.start(conf, "beta", dir.resolve("beta"));
        agentA = new ReplicatedVolumeAgent(alpha, attributes.on("alpha"));
        agentB = new ReplicatedVolumeAgent(beta, attributes.on("beta"));
    }

    @AfterEach
    void close() {
        agentA.deactivate();
        agentB.deactivate();
        TestServices.close(alpha);
        TestServices.close(beta);
    }

    @Test
    void promoteAttachesAfterPrimaryAndDemoteDetachesBeforeSecondary() throws Exception {
        RecordingDevices devices = new RecordingDevices();
        agentA.useDevices(new DeviceLink(devices));
        bothStartedAndSynced();

        assertEquals(OcfExitCode.OK, act(agentA, "promote").exitCode());
        assertEquals(List.of("attach " + res + " as Primary"), devices.calls);
        ActionResult monitor = act(agentA, "monitor");
        assertEquals(OcfExitCode.RUNNING_PROMOTED, monitor.exitCode());
        assertEquals("", monitor.reason(), "Primary with its device: nothing to report");

        devices.mountedOn = "/srv/mysql";
        ActionResult refused = act(agentA, "demote");
        assertEquals(OcfExitCode.ERR_GENERIC, refused.exitCode());
        assertEquals(res + ": cannot demote: /dev/tandem/" + res + " (/dev/loop9) is mounted on /srv/mysql; unmount"
                + " it first", refused.reason());
        assertEquals(Role.PRIMARY, status(alpha).role(), "a refused demote leaves the Primary as it was");

        devices.mountedOn = null;
        assertEquals(OcfExitCode.OK, act(agentA, "demote").exitCode());
        assertEquals(List.of("attach " + res + " as Primary", "detach " + res + " as Primary",
                "detach " + res + " as Primary"), devices.calls, "detach comes before Secondary");
        assertEquals(Role.SECONDARY, status(alpha).role());
        assertEquals(OcfExitCode.OK, act(agentA, "monitor").exitCode());
        assertEquals(OcfExitCode.OK, act(agentA, "demote").exitCode(), "nothing attached: nothing to detach");
        assertEquals(3, devices.calls.size());
    }

    @Test
    void failedAttachUndoesThePromotionAndMonitorReportsAPrimaryWithoutDevice() throws Exception {
        RecordingDevices devices = new RecordingDevices();
        agentA.useDevices(new DeviceLink(devices));
        bothStartedAndSynced();

        devices.attachFailure = "losetup: cannot find an unused loop device";
        ActionResult failed = act(agentA, "promote");
        assertEquals(OcfExitCode.ERR_GENERIC, failed.exitCode());
        assertEquals(res + ": cannot attach /dev/tandem/" + res + ": losetup: cannot find an unused loop device"
                + " (promotion undone)", failed.reason());
        assertEquals(Role.SECONDARY, status(alpha).role());

        // Primary made by hand (ha:replication-primary --no-device): the monitor says what is missing.
        alpha.primary(res, false);
        ActionResult m = act(agentA, "monitor");
        assertEquals(OcfExitCode.RUNNING_PROMOTED, m.exitCode());
        assertEquals("Primary, but /dev/tandem/" + res + " is not attached", m.reason());
    }

    @Test
    void withoutTheDeviceBundleRolesStillWork() throws Exception {
        bothStartedAndSynced();
        assertEquals(OcfExitCode.OK, act(agentA, "promote").exitCode());
        ActionResult m = act(agentA, "monitor");
        assertEquals(OcfExitCode.RUNNING_PROMOTED, m.exitCode());
        assertTrue(m.reason().contains("without a block device"), m.reason());
        assertEquals(OcfExitCode.OK, act(agentA, "demote").exitCode());
        assertEquals(Role.SECONDARY, status(alpha).role());

        // The device bundle arrives, then goes again: the agent follows the (dynamic) reference.
        RecordingDevices devices = new RecordingDevices();
        agentA.useDevices(new DeviceLink(devices));
        assertEquals(OcfExitCode.OK, act(agentA, "promote").exitCode());
        assertEquals(1, devices.calls.size());
        agentA.useDevices(null);
        assertEquals(OcfExitCode.OK, act(agentA, "demote").exitCode(), "nothing to detach without the bundle");
        assertEquals(1, devices.calls.size());
    }

    /** The real thing: ext4 on /dev/tandem/NAME follows the promoted role from alpha to beta. */
    @Test
    void mountedDeviceFollowsThePromotedRole() throws Exception {
        RootSystem.assumeUsable();
        try (Cleanup cleanup = new Cleanup()) {
            TestDevices devA = new TestDevices(alpha, dir.resolve("alpha-devices"));
            TestDevices devB = new TestDevices(beta, dir.resolve("beta-devices"));
            cleanup.add(devA::close);
            cleanup.add(devB::close);
            agentA.useDevices(new DeviceLink(devA));
            agentB.useDevices(new DeviceLink(devB));
            Path mnt = Files.createDirectories(dir.resolve("mnt"));
            cleanup.addCommand("umount", "-l", mnt.toString());
            bothStartedAndSynced();
            Path link = Path.of("/dev/tandem", res);

            assertEquals(OcfExitCode.OK, act(agentA, "promote").exitCode());
            assertTrue(Files.exists(link), "promote attached " + link);
            assertEquals("", act(agentA, "monitor").reason());
            Cleanup.check("mkfs.ext4", "-q", "-F", link.toString());
            Cleanup.check("mount", "-t", "ext4", link.toString(), mnt.toString());
            Files.writeString(mnt.resolve("ibdata1"), "written on alpha");

            ActionResult refused = act(agentA, "demote");
            assertEquals(OcfExitCode.ERR_GENERIC, refused.exitCode());
            assertTrue(refused.reason().startsWith(res + ": cannot demote: ")
                    && refused.reason().contains("is mounted on " + mnt), refused.reason());
            assertEquals(Role.PRIMARY, status(alpha).role());
            assertEquals(OcfExitCode.ERR_GENERIC, act(agentA, "stop").exitCode(), "stop is refused too");

            Cleanup.check("umount", mnt.toString());
            assertEquals(OcfExitCode.OK, act(agentA, "demote").exitCode());
            assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS), "demote detached " + link);
            assertEquals(Role.SECONDARY, status(alpha).role());

            waitFor("beta sees alpha Secondary", () -> status(beta).peerRole() == Role.SECONDARY);
            assertEquals(OcfExitCode.OK, act(agentB, "promote").exitCode());
            assertTrue(Files.exists(link), "promote on beta attached " + link);
            Cleanup.check("mount", "-t", "ext4", link.toString(), mnt.toString());
            assertEquals("written on alpha", Files.readString(mnt.resolve("ibdata1")));
            Cleanup.check("umount", mnt.toString());
            assertEquals(OcfExitCode.OK, act(agentB, "demote").exitCode());
            assertEquals(OcfExitCode.OK, act(agentB, "stop").exitCode());
            assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
        }
    }

    private void bothStartedAndSynced() throws Exception {
        alpha.createMetadata(res);
        beta.createMetadata(res);
        assertEquals(OcfExitCode.OK, act(agentB, "start").exitCode());
        assertEquals(OcfExitCode.OK, act(agentA, "start").exitCode());
        waitFor("connected", () -> status(alpha).connection() == ConnectionState.CONNECTED);
        alpha.primary(res, true);
        waitFor("UpToDate", () -> upToDate(alpha) && upToDate(beta));
        alpha.secondary(res);
        waitFor("beta sees alpha Secondary", () -> status(beta).peerRole() == Role.SECONDARY);
    }

    ActionResult act(ReplicatedVolumeAgent agent, String action) throws InterruptedException {
        return agent.execute(new AgentRequest(RSC + ":0", action, Map.of("drbd_resource", res),
                Map.of("clone_max", "2", "promoted_max", "1"), Duration.ofSeconds(20),
                action.equals("monitor") ? Duration.ofSeconds(10) : Duration.ZERO, 0));
    }

    VolumeStatus status(ReplicationService s) {
        return s.volume(res).orElseThrow().status();
    }

    boolean upToDate(ReplicationService s) {
        VolumeStatus v = status(s);
        return v.connection() == ConnectionState.CONNECTED && v.disk() == DiskState.UP_TO_DATE
                && v.peerDisk() == DiskState.UP_TO_DATE;
    }

    static void waitFor(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
