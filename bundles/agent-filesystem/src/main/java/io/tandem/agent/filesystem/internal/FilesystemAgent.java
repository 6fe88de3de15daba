package io.tandem.agent.filesystem.internal;

import io.tandem.common.ActionResult;
import io.tandem.common.OcfExitCode;
import io.tandem.executor.spi.AgentRequest;
import io.tandem.executor.spi.AgentResources;
import io.tandem.executor.spi.ResourceAgent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ocf:tandem:Filesystem}: ocf:heartbeat:Filesystem's parameters, checks and stop behaviour. mount(8),
 * umount(8), fsck(8) and dd(1) do the work (as in the shell agent, so helpers like mount.nfs apply); the
 * users of a busy mount are found in /proc by {@link MountUsers}, not with fuser.
 */
@Component(service = ResourceAgent.class,
        property = {ResourceAgent.CLASS + "=ocf", ResourceAgent.PROVIDER + "=tandem", ResourceAgent.TYPE + "=Filesystem"})
public final class FilesystemAgent implements ResourceAgent {
    private static final Logger LOG = LoggerFactory.getLogger(FilesystemAgent.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Commands commands;
    private final Mounts mounts;
    private final MountUsers users;
    private final Supplier<String> hostName;
    private final String metaData;

    @Activate
    public FilesystemAgent() {
        this(new Commands(), new Mounts(Path.of("/proc/mounts")), new MountUsers(Path.of("/proc")), AgentResources::hostName);
    }

    FilesystemAgent(Commands commands, Mounts mounts, MountUsers users, Supplier<String> hostName) {
        this.commands = commands;
        this.mounts = mounts;
        this.users = users;
        this.hostName = hostName;
        this.metaData = AgentResources.text(FilesystemAgent.class, "Filesystem.xml");
    }

    @Override
    public String metaData() {
        return metaData;
    }

    @Override
    public ActionResult execute(AgentRequest request) throws InterruptedException {
        FsParameters p;
        try {
            p = FsParameters.parse(request.parameters());
        } catch (IllegalArgumentException e) {
            return ActionResult.done(OcfExitCode.ERR_CONFIGURED, e.getMessage());
        }
        try {
            return switch (request.action()) {
                case "start" -> start(p);
                case "stop" -> stop(request, p);
                case "monitor" -> monitor(request, p);
                case "validate-all" -> validate(p);
                default -> ActionResult.done(OcfExitCode.ERR_UNIMPLEMENTED, "Filesystem does not implement action '" + request.action() + "'");
            };
        } catch (IOException e) {
            return ActionResult.done(OcfExitCode.ERR_GENERIC, e.toString());
        }
    }

    private ActionResult validate(FsParameters p) {
        if (p.isDevicePath() && !Files.exists(Path.of(p.device()))) {
            return ActionResult.done(OcfExitCode.ERR_INSTALLED, "Couldn't find device [" + p.device() + "]. Expected /dev/??? to exist");
        }
        if (Files.exists(p.directory()) && !Files.isDirectory(p.directory())) {
            return ActionResult.done(OcfExitCode.ERR_CONFIGURED, "Mount point " + p.directory() + " exists and is not a directory");
        }
        return ActionResult.ok();
    }

    private ActionResult start(FsParameters p) throws IOException, InterruptedException {
        if (mounts.isMountPoint(p.directory())) {
            return ActionResult.ok();
        }
        ActionResult valid = validate(p);
        if (!valid.isSuccess()) {
            return valid;
        }
        Files.createDirectories(p.directory());
        if (p.fsckNeeded()) {
            LOG.info("Starting filesystem check on {}", p.device());
            Commands.Result fsck = commands.run(List.of("fsck", "-p", p.device()), Duration.ofHours(1));
            if (fsck.exitCode() >= 2) { // 1 = errors corrected; 2 and up mean a reboot or a human is needed
                return ActionResult.done(OcfExitCode.ERR_GENERIC, "Couldn't successfully fsck filesystem for " + p.device()
                        + " (exit " + fsck.exitCode() + "): " + fsck.oneLine());
            }
        }
        List<String> argv = new ArrayList<>(List.of("mount"));
        if (!p.fstype().equals("none")) {
            argv.addAll(List.of("-t", p.fstype()));
        }
        if (!p.options().isEmpty()) {
            argv.addAll(List.of("-o", p.options()));
        }
        argv.addAll(p.sourceArguments());
        argv.add(p.directory().toString());
        Commands.Result r = commands.run(argv, COMMAND_TIMEOUT);
        if (r.exitCode() != 0 || !mounts.isMountPoint(p.directory())) {
            return ActionResult.done(OcfExitCode.ERR_GENERIC, "Couldn't mount device [" + p.device() + "] as " + p.directory()
                    + ": " + r.oneLine());
        }
        return ActionResult.ok();
    }

    private ActionResult monitor(AgentRequest request, FsParameters p) throws IOException, InterruptedException {
        if (!mounts.isMountPoint(p.directory())) {
            return ActionResult.done(OcfExitCode.NOT_RUNNING, "");
        }
        int level = request.checkLevel() >= 20 ? 20 : request.checkLevel() >= 10 ? 10 : 0; // unknown levels: next lower
        if (level >= 10 && p.isDevicePath()) {
            Commands.Result dd = commands.run(List.of("dd", "if=" + p.device(), "of=/dev/null", "iflag=direct", "bs=4k", "count=1"),
                    COMMAND_TIMEOUT);
            if (dd.exitCode() != 0) {
                return ActionResult.done(OcfExitCode.ERR_GENERIC, "Failed to read device " + p.device() + ": " + dd.oneLine());
            }
        }
        if (level >= 20) {
            return writeTest(request, p);
        }
        return ActionResult.ok();
    }

    /** Writes a status file with a fresh token, forces it to the device and reads it back. */
    private ActionResult writeTest(AgentRequest request, FsParameters p) throws InterruptedException {
        Path status = statusFile(request, p);
        String token = request.resourceId() + " " + System.nanoTime() + "\n";
        try {
            Files.createDirectories(status.getParent());
            try (FileChannel ch = FileChannel.open(status, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.DSYNC)) {
                ByteBuffer buf = ByteBuffer.wrap(token.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
        } catch (IOException e) {
            return ActionResult.done(OcfExitCode.ERR_GENERIC, "Failed to write status file " + status + ": " + e.getMessage());
        }
        // read back with O_DIRECT where the filesystem allows it, so the answer comes from the device, not the cache
        Commands.Result dd = commands.run(List.of("dd", "if=" + status, "iflag=direct", "bs=4k", "count=1", "status=none"), COMMAND_TIMEOUT);
        String read = dd.exitCode() == 0 ? dd.output() : null;
        if (read == null) {
            try {
                read = Files.readString(status);
            } catch (IOException e) {
                return ActionResult.done(OcfExitCode.ERR_GENERIC, "Cannot read the status file " + status + ": " + e.getMessage());
            }
        }
        if (!read.startsWith(token)) {
            return ActionResult.done(OcfExitCode.ERR_GENERIC, "Status file " + status + " does not hold what was written");
        }
        return ActionResult.ok();
    }

    Path statusFile(AgentRequest request, FsParameters p) {
        String suffix = request.resourceId();
        String clone = request.meta().get("clone");
        if (clone != null && !clone.isEmpty()) {
            suffix += "_" + clone;
        }
        suffix += "_" + request.meta().getOrDefault("on_node", hostName.get());
        return p.directory().resolve(p.statusfilePrefix() + suffix.replace('/', '_'));
    }

    private ActionResult stop(AgentRequest request, FsParameters p) throws IOException, InterruptedException {
        if (!mounts.isMountPoint(p.directory())) {
            return ActionResult.ok();
        }
        if (request.checkLevel() >= 20) {
            Files.deleteIfExists(statusFile(request, p)); // the write test's leftovers; a read-only fs makes this fail harmlessly
        }
        long budgetMillis = p.fastStop() ? 6000 : Math.max(2000, request.timeout().toMillis() * 8 / 10);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budgetMillis);
        long killPhase = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budgetMillis / 2);
        boolean network = FsParameters.NETWORK.contains(p.fstype());
        for (Path sub : mounts.atOrBelow(p.directory())) {
            LOG.info("Trying to unmount {}", sub);
            String last = "";
            while (true) {
                List<String> argv = new ArrayList<>(List.of("umount"));
                if (network) {
                    argv.add("-f");
                }
                argv.add(sub.toString());
                Commands.Result r = commands.run(argv, COMMAND_TIMEOUT);
                if (!mounts.isMountPoint(sub)) {
                    LOG.info("unmounted {} successfully", sub);
                    break;
                }
                last = r.oneLine();
                if (System.nanoTime() > deadline) {
                    return ActionResult.done(OcfExitCode.ERR_GENERIC, "Couldn't unmount " + sub + ": " + last);
                }
                boolean kill = System.nanoTime() > killPhase;
                signalUsers(sub, p.forceUnmount(), kill);
            }
        }
        return ActionResult.ok();
    }

    /** TERM (or KILL in the second half of the budget) to every user, then up to a second for them to go. */
    private void signalUsers(Path mountPoint, FsParameters.ForceUnmount mode, boolean kill) throws InterruptedException, IOException {
        Set<Long> pids = Set.of();
        if (mode == FsParameters.ForceUnmount.TRUE) {
            Object dev = Files.getAttribute(mountPoint, "unix:dev");
            pids = users.byDevice((Long) dev);
        } else if (mode == FsParameters.ForceUnmount.SAFE) {
            pids = users.byPath(mountPoint);
        }
        if (pids.isEmpty()) {
            LOG.info("No processes on {} were signalled. force_unmount is set to '{}'", mountPoint, mode.name().toLowerCase());
            TimeUnit.SECONDS.sleep(1); // the kernel may still be letting go (lazy writeback, a closing fd): retry later
            return;
        }
        List<ProcessHandle> signalled = new ArrayList<>();
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(h -> {
                LOG.info("sending signal {} to: {} {}", kill ? "KILL" : "TERM", pid, h.info().commandLine().orElse("?"));
                boolean sent = kill ? h.destroyForcibly() : h.destroy();
                if (sent) {
                    signalled.add(h);
                }
            });
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < until && signalled.stream().anyMatch(ProcessHandle::isAlive)) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }


}
