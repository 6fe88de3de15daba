package io.tandem.replication.device.internal;

import io.tandem.replication.Role;
import io.tandem.replication.StateChangeException;
import io.tandem.replication.Volume;
import io.tandem.replication.device.BlockDevice;
import io.tandem.replication.device.DetachReport;
import io.tandem.replication.device.DeviceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaches volumes as block devices: holds the volume open, serves it as a FUSE file under
 * {@code stateDirectory/VOLUME/}, puts a loop device on that file and names it {@code deviceDirectory/VOLUME}, and
 * (when configured) exports it over NBD on {@code nbdDirectory/VOLUME.sock}. Detach undoes it in reverse order and
 * is refused while the device is mounted or an NBD client is connected. Plain class (no OSGi), driven by
 * {@link DeviceManagerImpl} and tests.
 *
 * <p>The volume stays held open until the FUSE file system has really ended, not merely until detach returns: as
 * long as the kernel can still send writes to it (a loop device kept open by someone, a lazy unmount), the volume
 * must keep refusing Secondary.
 */
final class DeviceAttacher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceAttacher.class);
    private static final long POLL_MILLIS = 20;

    /**
     * @param stateDirectory where the FUSE mount points live ({@code stateDirectory/VOLUME/VOLUME} is the file)
     * @param deviceDirectory where the device links go ({@code /dev/tandem})
     * @param loopDirectIo {@code losetup --direct-io=on}
     * @param fuseDirectIo mount the FUSE file system with {@code direct_io}
     * @param commandTimeoutMillis time limit of one losetup/fusermount call and of the FUSE handshake
     * @param detachTimeoutMillis how long detach waits for the loop device to let go and for the FUSE unmount
     * @param nbdDirectory where the NBD export sockets go ({@code nbdDirectory/VOLUME.sock}); empty: no NBD export
     */
    record Settings(Path stateDirectory, Path deviceDirectory, boolean loopDirectIo, boolean fuseDirectIo,
            long commandTimeoutMillis, long detachTimeoutMillis, Optional<Path> nbdDirectory) {
        Settings {
            Objects.requireNonNull(stateDirectory, "stateDirectory");
            Objects.requireNonNull(deviceDirectory, "deviceDirectory");
            Objects.requireNonNull(nbdDirectory, "nbdDirectory");
            if (nbdDirectory.isPresent() && !nbdDirectory.get().isAbsolute()) {
                throw new IllegalArgumentException("nbdDirectory must be an absolute path: " + nbdDirectory.get());
            }
            if (!stateDirectory.isAbsolute()) {
                throw new IllegalArgumentException("stateDirectory must be an absolute path: " + stateDirectory);
            }
            if (!deviceDirectory.isAbsolute()) {
                throw new IllegalArgumentException("deviceDirectory must be an absolute path: " + deviceDirectory);
            }
            if (commandTimeoutMillis <= 0) {
                throw new IllegalArgumentException("commandTimeoutMillis must be positive: " + commandTimeoutMillis);
            }
            if (detachTimeoutMillis <= 0) {
                throw new IllegalArgumentException("detachTimeoutMillis must be positive: " + detachTimeoutMillis);
            }
        }
    }

    private record Attached(String name, AutoCloseable hold, FuseFile fuse, Path loop, Path link, long sizeBytes,
            boolean dio, Optional<NbdServer> nbd) { }

    private final Settings settings;
    private final Function<String, Optional<Volume>> volumes;
    private final Commands commands;
    private final Loops loops;
    private final Mounts mounts;
    private final Map<String, Attached> attached = new LinkedHashMap<>();

    DeviceAttacher(Settings settings, Function<String, Optional<Volume>> volumes) {
        this.settings = settings;
        this.volumes = volumes;
        this.commands = new Commands(settings.commandTimeoutMillis());
        this.loops = new Loops(commands, Path.of("/sys/block"));
        this.mounts = Mounts.self();
    }

    Path mountDir(String name) {
        return settings.stateDirectory().resolve(name);
    }

    Path link(String name) {
        return settings.deviceDirectory().resolve(name);
    }

    private Path nbdSocket(String name) {
        return settings.nbdDirectory().orElseThrow().resolve(name + ".sock");
    }

    synchronized BlockDevice attach(String name) throws DeviceException {
        Attached existing = attached.get(name);
        if (existing != null) {
            return describe(existing);
        }
        Volume volume = volumes.apply(name).orElseThrow(() -> new DeviceException(name + ": not up"));
        if (volume.status().role() != Role.PRIMARY) {
            throw new DeviceException(name + ": only a Primary can be attached as a device (role "
                    + volume.status().role().drbdName() + ")");
        }
        AutoCloseable hold;
        try {
            hold = volume.open();
        } catch (StateChangeException e) {
            throw new DeviceException(name + ": " + e.getMessage(), e);
        }
        FuseFile fuse = null;
        NbdServer nbd = null;
        Path loop = null;
        Path link = link(name);
        String step = "cleaning up an earlier attach";
        try {
            cleanUpLeftovers(name);
            step = "mounting the FUSE file on " + mountDir(name);
            Files.createDirectories(mountDir(name));
            fuse = new FuseFile(name, mountDir(name), BlockTarget.of(volume));
            FuseFile started = fuse;
            // From here on the FUSE session owns the hold: it ends only when nothing can reach the volume any more.
            fuse.ended().whenComplete((rc, e) -> release(name, hold));
            fuse.start(settings.fuseDirectIo(), settings.commandTimeoutMillis());
            step = "attaching a loop device to " + started.file();
            loop = loops.attach(started.file(), settings.loopDirectIo());
            step = "linking " + link + " to " + loop;
            Files.createDirectories(settings.deviceDirectory());
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, loop);
            if (settings.nbdDirectory().isPresent()) {
                Path socket = nbdSocket(name);
                step = "exporting NBD on " + socket;
                nbd = new NbdServer(name, socket, BlockTarget.of(volume));
                nbd.start();
            }
            Attached a = new Attached(name, hold, started, loop, link, volume.sizeBytes(), loops.directIo(loop),
                    Optional.ofNullable(nbd));
            attached.put(name, a);
            LOG.info("{}: attached as {} -> {} (FUSE file {}, loop direct I/O {})", name, link, loop, started.file(),
                    a.dio());
            return describe(a);
        } catch (IOException | RuntimeException e) {
            List<String> rollback = new ArrayList<>();
            if (nbd != null) {
                nbd.close();
            }
            Path attachedLoop = loop;
            if (attachedLoop != null) {
                tryStep(rollback, () -> loops.detach(attachedLoop));
            }
            if (fuse != null) {
                unmountFuse(name, fuse, rollback, new ArrayList<>());
            } else {
                release(name, hold);
            }
            tryStep(rollback, () -> {
                if (attachedLoop != null && Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(attachedLoop)) {
                    Files.delete(link);
                }
                return null;
            });
            String message = name + ": attach failed while " + step + ": " + e.getMessage();
            LOG.warn("{} (rolled back: {})", message, rollback);
            throw new DeviceException(message, e);
        }
    }

    synchronized DetachReport detach(String name) throws DeviceException {
        Attached a = attached.get(name);
        if (a == null) {
            throw new DeviceException(name + ": not attached");
        }
        List<String> steps = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        boolean lazy = false;
        try {
            String majorMinor = loops.majorMinor(a.loop());
            List<Path> mountedOn = mounts.mountPointsOf(majorMinor);
            if (!mountedOn.isEmpty()) {
                throw new DeviceException(name + ": " + a.link() + " (" + a.loop() + ") is mounted on "
                        + mountedOn.stream().map(Path::toString).reduce((x, y) -> x + ", " + y).orElse("")
                        + "; unmount it first");
            }
            List<String> holders = loops.holders(a.loop());
            if (!holders.isEmpty()) {
                throw new DeviceException(name + ": " + a.loop() + " is held by " + String.join(", ", holders));
            }
            int clients = a.nbd().map(NbdServer::clients).orElse(0);
            if (clients > 0) {
                throw new DeviceException(name + ": " + clients + " NBD client" + (clients == 1 ? " is" : "s are")
                        + " connected to " + a.nbd().get().socket() + "; disconnect " + (clients == 1 ? "it" : "them")
                        + " first (nbd-client -d /dev/nbdN)");
            }
        } catch (DeviceException e) {
            throw e;
        } catch (IOException e) {
            throw new DeviceException(name + ": cannot check whether " + a.loop() + " is in use: " + e.getMessage(), e);
        }
        attached.remove(name);

        // The link goes first: nobody should open the device by its name while it is going away.
        try {
            if (Files.isSymbolicLink(a.link()) && Files.readSymbolicLink(a.link()).equals(a.loop())) {
                Files.delete(a.link());
                steps.add("removed " + a.link());
            }
        } catch (IOException e) {
            problems.add("cannot remove " + a.link() + ": " + e.getMessage());
        }

        a.nbd().ifPresent(n -> {
            n.close();
            steps.add("closed the NBD export " + n.socket());
        });
        lazy |= !detachLoop(a, steps, problems);
        lazy |= !unmountFuse(name, a.fuse(), steps, problems);
        boolean released = a.fuse().ended().isDone();
        if (!released) {
            problems.add("the FUSE file system is still in use, so " + name
                    + " stays held open (refusing Secondary) until it ends");
        }
        DetachReport report = new DetachReport(name, steps, lazy, problems, released);
        if (problems.isEmpty()) {
            LOG.info("{}: detached ({})", name, String.join("; ", steps));
        } else {
            LOG.warn("{}: detached with problems: {} ({})", name, problems, String.join("; ", steps));
        }
        return report;
    }

    /** Detaches the loop device; false if it could only be marked to detach at its last close. */
    private boolean detachLoop(Attached a, List<String> steps, List<String> problems) {
        Path file = a.fuse().file();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.detachTimeoutMillis());
        Commands.Result last = null;
        int attempts = 0;
        try {
            while (loops.backingFile(a.loop()).filter(file::equals).isPresent()) {
                if (last == null || (!last.ok() && attempts < 5)) {
                    last = loops.detach(a.loop());
                    attempts++;
                    steps.add("losetup -d " + a.loop() + (last.ok() ? "" : " (" + last.output() + ")"));
                }
                // An opener (udev's blkid probe, a process with the device open) makes the kernel only set
                // autoclear: the device goes at its last close. Wait for that, within reason.
                if (System.nanoTime() > deadline) {
                    problems.add(a.loop() + " is still open by someone; the kernel detaches it at its last close"
                            + (last.ok() ? "" : " (" + last.describe() + ")"));
                    return false;
                }
                pause();
            }
            return true;
        } catch (IOException e) {
            problems.add("losetup -d " + a.loop() + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * Unmounts the FUSE file system, retrying while it is busy, lazily ({@code -z}) only as the last resort; false if
     * that was needed. Waits (within the detach timeout) until the session has ended.
     */
    private boolean unmountFuse(String name, FuseFile fuse, List<String> steps, List<String> problems) {
        boolean lazy = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.detachTimeoutMillis());
        try {
            Commands.Result r = null;
            int attempts = 0;
            while (!fuse.ended().isDone() && mounts.isMountPoint(fuse.mountDir())) {
                r = commands.run("fusermount", "-u", fuse.mountDir().toString());
                attempts++;
                if (r.ok()) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    Commands.Result z = commands.run("fusermount", "-u", "-z", fuse.mountDir().toString());
                    steps.add(z.describe());
                    problems.add("fusermount -u " + fuse.mountDir() + " failed " + attempts + " times (" + r.output()
                            + "); unmounted lazily");
                    lazy = true;
                    break;
                }
                pause();
            }
            if (r != null && r.ok()) {
                steps.add("fusermount -u " + fuse.mountDir() + (attempts > 1 ? " (attempt " + attempts + ")" : ""));
            }
        } catch (IOException e) {
            problems.add("unmounting " + fuse.mountDir() + ": " + e.getMessage());
        }
        if (!lazy) {
            waitUntil(() -> fuse.ended().isDone(), deadline);
        }
        try {
            if (fuse.ended().isDone()) {
                Files.deleteIfExists(fuse.mountDir());
            }
        } catch (IOException e) {
            LOG.debug("{}: cannot remove {}: {}", name, fuse.mountDir(), e.toString());
        }
        return !lazy;
    }

    /**
     * Removes what an earlier run left behind after a crash: loop devices on this volume's FUSE file (the kernel
     * knows their path even though nothing serves it any more), a dead FUSE mount, a stale link. A leftover that is
     * still mounted is not touched: that is the operator's call.
     */
    private void cleanUpLeftovers(String name) throws IOException {
        Path dir = mountDir(name).toAbsolutePath().normalize();
        Path file = dir.resolve(name);
        for (Path loop : loops.backedBy(file)) {
            List<Path> on = mounts.mountPointsOf(loops.majorMinor(loop));
            if (!on.isEmpty()) {
                throw new IOException("a leftover " + loop + " on " + file + " is still mounted on " + on
                        + "; unmount it first");
            }
            Commands.Result r = loops.detach(loop);
            LOG.warn("{}: detached leftover {} of an earlier run: {}", name, loop, r.describe());
        }
        if (mounts.isMountPoint(dir)) {
            Commands.Result r = commands.run("fusermount", "-u", "-z", dir.toString());
            LOG.warn("{}: unmounted leftover FUSE mount {} of an earlier run: {}", name, dir, r.describe());
            if (mounts.isMountPoint(dir)) {
                throw new IOException("cannot unmount leftover " + dir + ": " + r.describe());
            }
        }
        Path link = link(name);
        if (Files.isSymbolicLink(link)) {
            Path target = Files.readSymbolicLink(link);
            if (!Files.exists(link) || loops.backingFile(target).filter(file::equals).isEmpty()) {
                Files.delete(link);
                LOG.warn("{}: removed stale link {} -> {}", name, link, target);
            }
        } else if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(link + " exists and is not a link; refusing to replace it");
        }
    }

    synchronized List<BlockDevice> status() {
        List<BlockDevice> list = new ArrayList<>();
        for (Attached a : attached.values()) {
            list.add(describe(a));
        }
        return list;
    }

    synchronized Optional<BlockDevice> device(String name) {
        Attached a = attached.get(name);
        return a == null ? Optional.empty() : Optional.of(describe(a));
    }

    private BlockDevice describe(Attached a) {
        List<Path> on = List.of();
        try {
            on = mounts.mountPointsOf(loops.majorMinor(a.loop()));
        } catch (IOException e) {
            LOG.debug("{}: cannot read mounts: {}", a.name(), e.toString());
        }
        return new BlockDevice(a.name(), a.link(), a.loop(), a.fuse().file(), a.sizeBytes(), a.dio(), on,
                a.nbd().map(NbdServer::socket), a.nbd().map(NbdServer::clients).orElse(0));
    }

    /** Detaches every device that can be; a busy one stays attached (and its volume held) with an error logged. */
    @Override
    public void close() {
        List<String> names;
        synchronized (this) {
            names = new ArrayList<>(attached.keySet());
        }
        for (String name : names) {
            try {
                detach(name);
            } catch (DeviceException e) {
                LOG.error("{}: left attached: {}", name, e.getMessage());
            }
        }
    }

    private static void release(String name, AutoCloseable hold) {
        try {
            hold.close();
        } catch (Exception e) {
            LOG.warn("{}: releasing the volume failed: {}", name, e.toString());
        }
    }

    @FunctionalInterface
    private interface Step {
        Object run() throws IOException;
    }

    private static void tryStep(List<String> log, Step step) {
        try {
            Object r = step.run();
            if (r instanceof Commands.Result c) {
                log.add(c.describe());
            }
        } catch (IOException | RuntimeException e) {
            log.add(e.toString());
        }
    }

    private static void waitUntil(BooleanSupplier condition, long deadlineNanos) {
        while (!condition.getAsBoolean() && System.nanoTime() < deadlineNanos) {
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
