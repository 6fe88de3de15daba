package io.tandem.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.replication.ConnectionState;
import io.tandem.replication.Counters;
import io.tandem.replication.DiskState;
import io.tandem.replication.DrbdConf;
import io.tandem.replication.DrbdConfImport;
import io.tandem.replication.GenerationIds;
import io.tandem.replication.Protocol;
import io.tandem.replication.ReplicationService;
import io.tandem.replication.Role;
import io.tandem.replication.Volume;
import io.tandem.replication.VolumeConfig;
import io.tandem.replication.VolumeStatus;
import io.tandem.replication.device.BlockDevice;
import io.tandem.replication.device.DetachReport;
import io.tandem.replication.device.DeviceException;
import io.tandem.replication.device.DeviceManager;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplicationCommandsTest {
    static final Path CONF = Path.of("/etc/drbd.conf");

    /** A node with one resource, r0, that is down; records the verbs it is given. */
    private static final class RecordingService implements ReplicationService {
        final List<String> calls = new ArrayList<>();
        final VolumeConfig r0 = VolumeConfig.builder("r0").minor(0).devicePath("/dev/drbd0").localHost("db1")
                .peerHost("db2").backing(Path.of("/dev/sdb1")).localAddress(new InetSocketAddress("10.0.0.1", 7789))
                .peerAddress(new InetSocketAddress("10.0.0.2", 7789)).build();
        List<VolumeStatus> status = List.of();
        List<DrbdConf.Problem> problems = List.of();

        @Override public String localNode() { return "db1"; }
        @Override public Optional<Path> drbdConf() { return Optional.of(CONF); }
        @Override public List<VolumeConfig> resources() { return List.of(r0); }
        @Override public Optional<VolumeConfig> resource(String name) {
            return name.equals("r0") ? Optional.of(r0) : Optional.empty();
        }
        @Override public List<DrbdConf.Problem> configProblems() { return problems; }
        @Override public List<DrbdConf.Problem> configWarnings() { return List.of(); }
        @Override public void reload() { calls.add("reload"); }
        @Override public Optional<Volume> volume(String name) { return Optional.empty(); }
        @Override public List<VolumeStatus> status() { return status; }
        @Override public void createMetadata(String name) { calls.add("create-md " + name); }
        @Override public Volume up(String name) { throw new UnsupportedOperationException(); }
        @Override public void down(String name) { calls.add("down " + name); }
        @Override public void primary(String name, boolean force) { calls.add("primary " + name + " " + force); }
        @Override public void secondary(String name) { calls.add("secondary " + name); }
        @Override public void connect(String name, boolean discard) { calls.add("connect " + name + " " + discard); }
        @Override public void disconnect(String name) { calls.add("disconnect " + name); }
        @Override public void verify(String name) { calls.add("verify " + name); }
        @Override public void outdate(String name) { calls.add("outdate " + name); }
        @Override public DrbdConfImport importDrbdConf(Path file, boolean dryRun) {
            calls.add("import " + file + " " + dryRun);
            if (file.toString().contains("bad")) {
                return new DrbdConfImport(file, "db1", List.of(new DrbdConf.Problem(file, 4, "unknown keyword 'wibble'")),
                        List.of(new DrbdConf.Problem(file, 2, "obsolete option 'group' ignored")), List.of(), false);
            }
            return new DrbdConfImport(file, "db1", List.of(), List.of(), List.of(r0), !dryRun);
        }
    }

    private static String run(ReplicationCommands.Base command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        command.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void verbsReachTheServiceAndShowTheResourceState() throws Exception {
        RecordingService s = new RecordingService();
        ReplicationCommands.Primary primary = new ReplicationCommands.Primary();
        primary.replication = s;
        primary.resource = "r0";
        primary.force = true;
        assertEquals("r0: Primary without a block device: " + ReplicationCommands.NO_DEVICES + "\n"
                + " 0: cs:Unconfigured\n", run(primary));
        ReplicationCommands.Connect connect = new ReplicationCommands.Connect();
        connect.replication = s;
        connect.resource = "r0";
        connect.discardMyData = true;
        run(connect);
        ReplicationCommands.CreateMd createMd = new ReplicationCommands.CreateMd();
        createMd.replication = s;
        createMd.resource = "r0";
        run(createMd);
        assertEquals(List.of("primary r0 true", "connect r0 true", "create-md r0"), s.calls);
    }

    @Test
    void statusIsProcDrbdOrJson() throws Exception {
        RecordingService s = new RecordingService();
        s.status = List.of(new VolumeStatus(0, "r0", ConnectionState.CONNECTED, Role.PRIMARY, Role.SECONDARY,
                DiskState.UP_TO_DATE, DiskState.UP_TO_DATE, Protocol.C,
                new Counters(4, 0, 4, 8, 1, 0, 0, 0, 0, 0, 1, 'f', 0), GenerationIds.justCreated(), Optional.empty(),
                false, ""));
        ReplicationCommands.Status status = new ReplicationCommands.Status();
        status.replication = s;
        String proc = run(status);
        assertTrue(proc.startsWith("version: 8.3.16"), proc);
        assertTrue(proc.contains(" 0: cs:Connected ro:Primary/Secondary ds:UpToDate/UpToDate C r-----\n"
                + "    ns:4 nr:0 dw:4 dr:8 al:1 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:0\n"), proc);
        status.json = true;
        String json = run(status);
        assertTrue(json.startsWith("[{\"name\":\"r0\",\"minor\":0,\"cs\":\"Connected\""), json);
    }

    @Test
    void importPrintsFileLineFindingsAndFailsOnErrors() throws Exception {
        RecordingService s = new RecordingService();
        ReplicationCommands.ImportDrbdConf cmd = new ReplicationCommands.ImportDrbdConf();
        cmd.replication = s;
        cmd.file = "/tmp/bad.conf";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Exception e = assertThrows(ImportHaCfCommand.ImportFailedException.class,
                () -> cmd.run(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        assertEquals("/tmp/bad.conf was not imported: 1 error(s); nothing was changed", e.getMessage());
        assertEquals("/tmp/bad.conf:4: ERROR: unknown keyword 'wibble'\n"
                + "/tmp/bad.conf:2: WARNING: obsolete option 'group' ignored\n", bytes.toString(StandardCharsets.UTF_8));

        cmd.file = "/etc/drbd.conf";
        cmd.dryRun = true;
        String dry = run(cmd);
        assertTrue(dry.contains("r0 ") && dry.contains("/dev/sdb1") && dry.contains("db2 10.0.0.2:7789"), dry);
        assertTrue(dry.endsWith("dry run: nothing was changed\n"), dry);
        cmd.dryRun = false;
        assertTrue(run(cmd).endsWith("imported: drbdConf=/etc/drbd.conf in etc/io.tandem.replication.config\n"));
        assertEquals(List.of("import /tmp/bad.conf false", "import /etc/drbd.conf true", "import /etc/drbd.conf false"),
                s.calls);
    }

    /** A device layer that records its calls into the service's call list, so the order shows. */
    private static final class RecordingDevices implements DeviceManager {
        final List<String> calls;
        final java.util.Map<String, BlockDevice> attached = new java.util.TreeMap<>();
        String mountedOn;
        String attachFailure;

        RecordingDevices(List<String> calls) {
            this.calls = calls;
        }

        @Override public BlockDevice attach(String volume) throws DeviceException {
            calls.add("attach " + volume);
            if (attachFailure != null) {
                throw new DeviceException(volume + ": " + attachFailure);
            }
            BlockDevice d = new BlockDevice(volume, Path.of("/dev/tandem", volume), Path.of("/dev/loop3"),
                    Path.of("/var/tandem/devices", volume, volume), 1 << 20, true,
                    mountedOn == null ? List.of() : List.of(Path.of(mountedOn)));
            attached.put(volume, d);
            return d;
        }

        @Override public DetachReport detach(String volume) throws DeviceException {
            calls.add("detach " + volume);
            if (!attached.containsKey(volume)) {
                throw new DeviceException(volume + ": not attached");
            }
            if (mountedOn != null) {
                throw new DeviceException(volume + ": /dev/tandem/" + volume + " (/dev/loop3) is mounted on "
                        + mountedOn + "; unmount it first");
            }
            attached.remove(volume);
            return new DetachReport(volume, List.of("removed /dev/tandem/" + volume, "losetup -d /dev/loop3"), false,
                    List.of(), true);
        }

        @Override public List<BlockDevice> status() {
            return List.copyOf(attached.values());
        }

        @Override public Optional<BlockDevice> device(String volume) {
            return Optional.ofNullable(attached.get(volume));
        }
    }

    private static <T extends ReplicationCommands.Verb> T verb(T command, ReplicationService s, DeviceManager d) {
        command.replication = s;
        command.resource = "r0";
        command.devices = d == null ? null : new ReplicationCommands.Devices(d, () -> { });
        return command;
    }

    @Test
    void primaryAttachesTheDeviceAndSecondaryDetachesItFirst() throws Exception {
        RecordingService s = new RecordingService();
        RecordingDevices d = new RecordingDevices(s.calls);
        assertEquals("r0: device /dev/tandem/r0 -> /dev/loop3, not mounted\n 0: cs:Unconfigured\n",
                run(verb(new ReplicationCommands.Primary(), s, d)));
        assertEquals(List.of("primary r0 false", "attach r0"), s.calls);

        d.mountedOn = "/srv/mysql";
        DeviceException busy = assertThrows(DeviceException.class,
                () -> run(verb(new ReplicationCommands.Secondary(), s, d)));
        assertEquals("r0: /dev/tandem/r0 (/dev/loop3) is mounted on /srv/mysql; unmount it first", busy.getMessage());
        assertEquals(List.of("primary r0 false", "attach r0", "detach r0"), s.calls, "no secondary while mounted");

        d.mountedOn = null;
        assertEquals("r0: detached (removed /dev/tandem/r0; losetup -d /dev/loop3)\n 0: cs:Unconfigured\n",
                run(verb(new ReplicationCommands.Secondary(), s, d)));
        assertEquals(List.of("primary r0 false", "attach r0", "detach r0", "detach r0", "secondary r0"), s.calls);
        run(verb(new ReplicationCommands.Secondary(), s, d));
        assertEquals("secondary r0", s.calls.get(s.calls.size() - 1), "nothing attached: straight to secondary");
        assertEquals(6, s.calls.size());
    }

    @Test
    void noDeviceOptionAndAFailedAttachUndoesThePromotion() throws Exception {
        RecordingService s = new RecordingService();
        RecordingDevices d = new RecordingDevices(s.calls);
        ReplicationCommands.Primary primary = verb(new ReplicationCommands.Primary(), s, d);
        primary.noDevice = true;
        assertEquals(" 0: cs:Unconfigured\n", run(primary));
        assertEquals(List.of("primary r0 false"), s.calls);

        d.attachFailure = "losetup: cannot find an unused loop device";
        s.calls.clear();
        DeviceException e = assertThrows(DeviceException.class, () -> run(verb(new ReplicationCommands.Primary(), s,
                d)));
        assertEquals("r0: losetup: cannot find an unused loop device (promotion undone; --no-device promotes without"
                + " it)", e.getMessage());
        assertEquals(List.of("primary r0 false", "attach r0", "secondary r0"), s.calls);

        s.calls.clear();
        ReplicationCommands.Secondary secondary = verb(new ReplicationCommands.Secondary(), s, d);
        secondary.noDevice = true;
        run(secondary);
        assertEquals(List.of("secondary r0"), s.calls);
    }

    @Test
    void attachDetachAndTheDeviceLineInStatus() throws Exception {
        RecordingService s = new RecordingService();
        RecordingDevices d = new RecordingDevices(s.calls);
        assertEquals("r0: device /dev/tandem/r0 -> /dev/loop3, not mounted\n 0: cs:Unconfigured\n",
                run(verb(new ReplicationCommands.Attach(), s, d)));
        d.attached.put("r0", new BlockDevice("r0", Path.of("/dev/tandem/r0"), Path.of("/dev/loop3"),
                Path.of("/var/tandem/devices/r0/r0"), 1 << 20, true, List.of(Path.of("/srv/mysql"))));
        ReplicationCommands.Status status = new ReplicationCommands.Status();
        status.replication = s;
        status.devices = new ReplicationCommands.Devices(d, () -> { });
        String proc = run(status);
        assertTrue(proc.endsWith("r0: device /dev/tandem/r0 -> /dev/loop3, mounted on /srv/mysql\n"), proc);
        d.attached.put("r0", new BlockDevice("r0", Path.of("/dev/tandem/r0"), Path.of("/dev/loop3"),
                Path.of("/var/tandem/devices/r0/r0"), 1 << 20, true, List.of(), Optional.of(Path.of(
                        "/run/tandem/nbd/r0.sock")), 1));
        assertTrue(run(status).endsWith("r0: device /dev/tandem/r0 -> /dev/loop3, not mounted, NBD export"
                + " unix:/run/tandem/nbd/r0.sock (1 client)\n"), run(status));
        status.json = true;
        assertTrue(run(status).startsWith("[]"), "JSON stays the volume model");

        d.mountedOn = "/srv/mysql";
        DeviceException busy = assertThrows(DeviceException.class, () -> run(verb(new ReplicationCommands.Detach(), s,
                d)));
        assertTrue(busy.getMessage().contains("is mounted on /srv/mysql"), busy.getMessage());
        d.mountedOn = null;
        assertEquals("r0: detached (removed /dev/tandem/r0; losetup -d /dev/loop3)\n 0: cs:Unconfigured\n",
                run(verb(new ReplicationCommands.Detach(), s, d)));
        DeviceException notAttached = assertThrows(DeviceException.class,
                () -> run(verb(new ReplicationCommands.Detach(), s, d)));
        assertEquals("r0: not attached", notAttached.getMessage());
    }

    @Test
    void withoutTheDeviceBundleAttachAndDetachSaySo() {
        RecordingService s = new RecordingService();
        Exception attach = assertThrows(ReplicationCommands.NoDevicesException.class,
                () -> run(verb(new ReplicationCommands.Attach(), s, null)));
        assertTrue(attach.getMessage().contains("feature tandem-replication-device"), attach.getMessage());
        assertThrows(ReplicationCommands.NoDevicesException.class,
                () -> run(verb(new ReplicationCommands.Detach(), s, null)));
        assertTrue(s.calls.isEmpty());
    }

    @Test
    void withoutTheServiceTheCommandsSaySo() {
        assertTrue(ReplicationCommands.unavailable(null).startsWith("replication is not running"));
    }
}
