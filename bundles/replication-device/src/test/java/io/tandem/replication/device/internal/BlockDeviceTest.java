package io.tandem.replication.device.internal;

import io.tandem.testkit.block.RootSystem;
import io.tandem.testkit.block.Cleanup;
import io.tandem.testkit.block.Wait;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.replication.Protocol;
import io.tandem.replication.ReplicationService;
import io.tandem.replication.Role;
import io.tandem.replication.StateChangeException;
import io.tandem.replication.device.BlockDevice;
import io.tandem.replication.device.DetachReport;
import io.tandem.replication.device.DeviceException;
import io.tandem.replication.internal.ReplicationServices;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing (root only): a replicated volume attached as /dev/tandem/NAME, formatted with ext4, mounted, written,
 * switched to the other node and mounted there.
 */
@Timeout(300)
class BlockDeviceTest {
    private static final long IMAGE_BYTES = 64L << 20;

    @TempDir
    Path dir;

    @BeforeEach
    void rootOnly() {
        RootSystem.assumeUsable();
    }

    @Test
    void ext4OnAReplicatedDeviceMountsOnTheOtherNodeAfterSwitchingPrimaries() throws Exception {
        String name = RootSystem.uniqueName("tdev");
        // Cleanup closes first: devices go before the volumes under them.
        try (ReplicationServices p = new ReplicationServices(dir, name, IMAGE_BYTES, Protocol.C);
                Cleanup cleanup = new Cleanup()) {
            p.syncedWithAlphaPrimary(60_000);
            DeviceAttacher devA = attacher(cleanup, p.alpha, "alpha");
            DeviceAttacher devB = attacher(cleanup, p.beta, "beta");
            Path mnt = Files.createDirectories(dir.resolve("mnt"));
            cleanup.addCommand("umount", "-l", mnt.toString());

            BlockDevice a = devA.attach(name);
            assertEquals(Path.of("/dev/tandem", name), a.link());
            assertEquals(a.loopDevice(), Files.readSymbolicLink(a.link()));
            assertTrue(Files.size(a.fuseFile()) > IMAGE_BYTES - (4 << 20), "the device has the volume's size");
            assertEquals(a, devA.attach(name), "attaching twice returns the device");
            assertThrows(StateChangeException.class, () -> p.alpha.secondary(name), "held open while attached");

            Cleanup.check("mkfs.ext4", "-q", "-F", a.link().toString());
            Cleanup.check("mount", "-t", "ext4", a.link().toString(), mnt.toString());
            assertEquals(List.of(mnt), devA.device(name).orElseThrow().mountPoints());
            Map<String, String> written = writeFiles(mnt, 5, 1 << 20);
            Cleanup.check("sync", "-f", mnt.resolve("f0").toString());

            StateChangeException refused = assertThrows(StateChangeException.class, () -> p.alpha.secondary(name));
            assertTrue(refused.getMessage().contains("held open"), refused.getMessage());
            assertThrows(StateChangeException.class, () -> p.alpha.down(name), "a mounted volume refuses down");
            DeviceException busy = assertThrows(DeviceException.class, () -> devA.detach(name));
            assertTrue(busy.getMessage().contains("is mounted on " + mnt), busy.getMessage());

            Cleanup.check("umount", mnt.toString());
            DetachReport report = devA.detach(name);
            assertTrue(report.problems().isEmpty(), report.toString());
            assertFalse(report.lazy(), report.toString());
            assertTrue(report.volumeReleased(), report.toString());
            assertFalse(Files.exists(a.link(), java.nio.file.LinkOption.NOFOLLOW_LINKS), "link removed");
            assertTrue(devA.status().isEmpty());
            assertFalse(Mounts.self().isMountPoint(devA.mountDir(name)), "FUSE unmounted");

            p.alpha.secondary(name);
            ReplicationServices.waitFor("beta sees alpha Secondary", 10_000,
                    () -> p.status(p.beta).peerRole() == Role.SECONDARY);
            p.beta.primary(name, false);
            assertEquals(Role.PRIMARY, p.status(p.beta).role());
            assertTrue(p.upToDate(p.beta), p.status(p.beta).toString());
            BlockDevice b = devB.attach(name);
            Cleanup.check("mount", "-t", "ext4", b.link().toString(), mnt.toString());
            assertEquals(written, checksums(mnt, written.keySet()), "the files as alpha wrote them");
            Cleanup.check("umount", mnt.toString());
            assertTrue(devB.detach(name).volumeReleased());
            p.beta.secondary(name);
        }
    }

    /** The NBD export of an attached volume: written with libnbd's nbdcopy, the data is on the peer's disk. */
    @Test
    void theNbdExportReachesBothNodesAndAConnectedClientHoldsTheDevice() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/nbdcopy")), "nbdcopy is missing (apt-get install libnbd-bin)");
        String name = RootSystem.uniqueName("tdev");
        // Cleanup closes first: devices go before the volumes under them.
        try (ReplicationServices p = new ReplicationServices(dir, name, 16L << 20, Protocol.C);
                Cleanup cleanup = new Cleanup()) {
            p.syncedWithAlphaPrimary(60_000);
            DeviceAttacher devA = attacher(cleanup, p.alpha, "alpha");
            BlockDevice a = devA.attach(name);
            Path socket = a.nbdSocket().orElseThrow();
            assertEquals(dir.resolve("alpha-nbd").resolve(name + ".sock"), socket);
            assertEquals(0, a.nbdClients());

            byte[] data = new byte[4 << 20];
            new Random(5).nextBytes(data);
            Path in = Files.write(dir.resolve("in"), data);
            Cleanup.check("nbdcopy", "--flush", in.toString(), "nbd+unix:///" + name + "?socket=" + socket);
            // Protocol C: every write the export acknowledged is on the peer's disk (data starts at offset 0).
            byte[] onBeta = new byte[data.length];
            try (var ch = java.nio.channels.FileChannel.open(dir.resolve("beta").resolve(name + ".img"))) {
                ch.read(java.nio.ByteBuffer.wrap(onBeta), 0);
            }
            assertArrayEquals(data, onBeta, "the peer's image holds what the NBD client wrote");

            try (NbdServerTest.Client client = NbdServerTest.Client.go(socket, name)) {
                Wait.until("the client is counted", 10_000, () -> devA.device(name).orElseThrow().nbdClients() == 1);
                DeviceException busy = assertThrows(DeviceException.class, () -> devA.detach(name));
                assertTrue(busy.getMessage().contains("1 NBD client is connected to " + socket), busy.getMessage());
                assertThrows(StateChangeException.class, () -> p.alpha.secondary(name), "held open while exported");
                byte[] back = new byte[4096];
                assertEquals(0, client.read(4096, 4096, back));
                assertArrayEquals(java.util.Arrays.copyOfRange(data, 4096, 8192), back);
                client.disconnect();
            }
            Wait.until("the client is gone", 10_000, () -> devA.device(name).orElseThrow().nbdClients() == 0);
            DetachReport report = devA.detach(name);
            assertTrue(report.steps().contains("closed the NBD export " + socket), report.toString());
            assertTrue(report.volumeReleased(), report.toString());
            assertFalse(Files.exists(socket), "socket removed");
            p.alpha.secondary(name);
        }
    }

    @Test
    void onlyAPrimaryCanBeAttachedAndNothingStaysBehind() throws Exception {
        String name = RootSystem.uniqueName("tdev");
        // Cleanup closes first: devices go before the volumes under them.
        try (ReplicationServices p = new ReplicationServices(dir, name, 16L << 20, Protocol.C);
                Cleanup cleanup = new Cleanup()) {
            p.syncedWithAlphaPrimary(60_000);
            DeviceAttacher devB = attacher(cleanup, p.beta, "beta");
            DeviceException e = assertThrows(DeviceException.class, () -> devB.attach(name));
            assertTrue(e.getMessage().contains("only a Primary"), e.getMessage());
            assertThrows(DeviceException.class, () -> devB.attach("no-such-volume"));
            assertThrows(DeviceException.class, () -> devB.detach(name), "not attached");
            assertFalse(Files.exists(Path.of("/dev/tandem", name), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        }
    }

    /** What a crashed run leaves (a FUSE mount, a loop device on its file, a stale link) is cleared by attach. */
    @Test
    void attachClearsLeftoversOfAnEarlierRun() throws Exception {
        String name = RootSystem.uniqueName("tdev");
        // Cleanup closes first: devices go before the volumes under them.
        try (ReplicationServices p = new ReplicationServices(dir, name, 16L << 20, Protocol.C);
                Cleanup cleanup = new Cleanup()) {
            p.syncedWithAlphaPrimary(60_000);
            DeviceAttacher devA = attacher(cleanup, p.alpha, "alpha");
            Path image = dir.resolve("old-image");
            Files.write(image, new byte[1 << 20]);
            FileTarget oldTarget = new FileTarget(image);
            cleanup.add(oldTarget::close);
            FuseFile old = new FuseFile(name, Files.createDirectories(devA.mountDir(name)), oldTarget);
            cleanup.addCommand("fusermount", "-u", "-z", devA.mountDir(name).toString());
            old.start(false, 10_000);
            Loops loops = new Loops(new Commands(10_000), Path.of("/sys/block"));
            Path oldLoop = loops.attach(old.file(), false);
            cleanup.addLoop(oldLoop, old.file());
            Files.createDirectories(Path.of("/dev/tandem"));
            Files.createSymbolicLink(devA.link(name), oldLoop);
            cleanup.add(() -> Files.deleteIfExists(devA.link(name)));

            BlockDevice a = devA.attach(name);
            // The old session ends only once the old loop device has let go of its file.
            Wait.until("old FUSE session ended", 10_000, () -> old.ended().isDone());
            assertEquals(a.loopDevice(), Files.readSymbolicLink(a.link()));
            long sectors = Long.parseLong(Files.readString(
                    Path.of("/sys/block", a.loopDevice().getFileName().toString(), "size")).strip());
            assertEquals(Files.size(a.fuseFile()), sectors * 512, "the device is the volume, not the 1 MiB leftover");
            assertTrue(devA.detach(name).volumeReleased());
        }
    }

    private DeviceAttacher attacher(Cleanup cleanup, ReplicationService service, String node) {
        DeviceAttacher d = new DeviceAttacher(new DeviceAttacher.Settings(dir.resolve(node + "-devices"),
                Path.of("/dev/tandem"), true, false, 10_000, 10_000, Optional.of(dir.resolve(node + "-nbd"))),
                service::volume);
        cleanup.add(() -> {
            for (BlockDevice dev : d.status()) {
                for (Path m : dev.mountPoints()) {
                    Cleanup.run("umount", "-l", m.toString());
                }
            }
            d.close();
        });
        return d;
    }

    private static Map<String, String> writeFiles(Path dir, int count, int bytes) throws Exception {
        Map<String, String> sums = new TreeMap<>();
        Random random = new Random(42);
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[bytes * (i + 1) / 2 + 12_345];
            random.nextBytes(data);
            Path f = dir.resolve("f" + i);
            try (OutputStream out = Files.newOutputStream(f, StandardOpenOption.CREATE_NEW)) {
                out.write(data);
            }
            sums.put(f.getFileName().toString(), sha256(data));
        }
        return sums;
    }

    private static Map<String, String> checksums(Path dir, Iterable<String> names) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        for (String n : names) {
            sums.put(n, sha256(Files.readAllBytes(dir.resolve(n))));
        }
        return sums;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
