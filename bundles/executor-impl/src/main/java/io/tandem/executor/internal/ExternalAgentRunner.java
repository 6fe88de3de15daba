package io.tandem.executor.internal;

import io.tandem.common.ActionResult;
import io.tandem.common.ExecStatus;
import io.tandem.common.OcfExitCode;
import io.tandem.common.Scheduler;
import io.tandem.executor.Durations;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs external agents as Pacemaker's executor does.
 *
 * <ul>
 * <li>Own process group: the command line starts with {@code setsid --wait} (util-linux). A JVM child is never a
 * process-group leader, so setsid calls setsid(2) and execs in place: the agent's pid is its pgid and sid, and
 * {@code kill -- -PID} reaches everything it forks unless that re-groups itself (daemons such as mysqld do).</li>
 * <li>Completion is the agent's exit ({@link Process#onExit()}), never end of output: stdout and stderr go to
 * files, not pipes, because agents leave children (IPaddr2's send_arp, mysqld_safe) holding them, and a Java
 * reader blocked on such a pipe would also block the JDK's own drain on exit. The files are read up to the
 * output limit and deleted.</li>
 * <li>Timeout: SIGTERM to the group, SIGKILL to the group after the grace period (0: SIGKILL at once, exactly
 * Pacemaker), result TIMED_OUT. If the agent still has not exited 5 s after SIGKILL it is given up on.</li>
 * </ul>
 */
final class ExternalAgentRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalAgentRunner.class);
    private static final long WILL_NOT_DIE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ExecutorSettings settings;
    private final Scheduler scheduler;
    private final Executor io;

    ExternalAgentRunner(ExecutorSettings settings, Scheduler scheduler, Executor io) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.io = io;
    }

    ActionRunner.Running start(ExternalCommand command, Consumer<RawOutcome> done) {
        ProcessRun run = new ProcessRun(command, done);
        io.execute(run::launch);
        return run;
    }

    /** Runs a command and waits, for meta-data calls outside any resource's queue. */
    RawOutcome runAndWait(ExternalCommand command) throws InterruptedException {
        java.util.concurrent.CompletableFuture<RawOutcome> f = new java.util.concurrent.CompletableFuture<>();
        ActionRunner.Running running = start(command, f::complete);
        Scheduler.Cancellable timer = scheduler.schedule(command.timeout().toNanos(), running::timeout);
        try {
            return f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            timer.cancel();
        }
    }

    List<String> commandLine(ExternalCommand command) {
        List<String> argv = new ArrayList<>();
        argv.add(settings.setsidCommand());
        // --wait only matters if setsid had to fork (it never does for a JVM child): then it still reports the
        // agent's own exit status instead of 0 at once.
        argv.add("--wait");
        argv.addAll(settings.commandPrefix());
        argv.add(command.executable().toString());
        argv.addAll(command.arguments());
        return argv;
    }

    private final class ProcessRun implements ActionRunner.Running {
        private final ExternalCommand command;
        private final Consumer<RawOutcome> done;
        private final AtomicBoolean finished = new AtomicBoolean();
        private Process process; // guarded by this
        private boolean expired; // guarded by this
        private boolean cancelled; // guarded by this
        private Path out;
        private Path err;

        ProcessRun(ExternalCommand command, Consumer<RawOutcome> done) {
            this.command = command;
            this.done = done;
        }

        void launch() {
            synchronized (this) {
                if (expired || cancelled) {
                    finish(RawOutcome.of(expired ? timedOut("") : new ActionResult(ExecStatus.CANCELLED,
                            OcfExitCode.ERR_GENERIC, "cancelled before it started")));
                    return;
                }
            }
            Path exe = command.executable();
            if (!Files.exists(exe)) {
                finish(RawOutcome.of(new ActionResult(ExecStatus.NOT_INSTALLED, OcfExitCode.ERR_INSTALLED,
                        command.agent() + ": " + exe + " does not exist")));
                return;
            }
            if (!Files.isRegularFile(exe) || !Files.isExecutable(exe)) {
                finish(RawOutcome.of(new ActionResult(ExecStatus.ERROR, OcfExitCode.ERR_PERM,
                        command.agent() + ": " + exe + " is not an executable file")));
                return;
            }
            try {
                out = Files.createTempFile(settings.workDirectory(), "out-", ".txt");
                err = Files.createTempFile(settings.workDirectory(), "err-", ".txt");
                ProcessBuilder pb = new ProcessBuilder(commandLine(command));
                pb.environment().clear();
                pb.environment().putAll(command.environment());
                pb.directory(new File("/"));
                pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                pb.redirectOutput(out.toFile());
                pb.redirectError(err.toFile());
                Process p = pb.start();
                boolean killNow;
                synchronized (this) {
                    process = p;
                    killNow = expired || cancelled;
                }
                if (killNow) {
                    signal(p.pid(), "KILL");
                }
                p.onExit().thenRunAsync(() -> exited(p), io);
            } catch (IOException | RuntimeException e) {
                deleteFiles();
                finish(RawOutcome.of(new ActionResult(ExecStatus.ERROR, OcfExitCode.ERR_GENERIC,
                        command.agent() + ": cannot run " + exe + ": " + e.getMessage())));
            }
        }

        @Override
        public void timeout() {
            Process p;
            synchronized (this) {
                if (expired || cancelled || process != null && !process.isAlive()) {
                    return; // an agent that exited just before its deadline was on time
                }
                expired = true;
                p = process;
            }
            if (p == null) {
                return; // launch() sees the flag
            }
            long pid = p.pid();
            long graceNanos = settings.killGrace().toNanos();
            if (graceNanos == 0) {
                io.execute(() -> signal(pid, "KILL"));
            } else {
                io.execute(() -> signal(pid, "TERM"));
                // Killed even if the agent itself is gone by then: its children in the group may not be.
                scheduler.schedule(graceNanos, () -> io.execute(() -> signal(pid, "KILL")));
            }
            scheduler.schedule(graceNanos + WILL_NOT_DIE_NANOS, () -> {
                if (!finished.get()) {
                    LOG.warn("{} {}: process {} will not die after SIGKILL; giving up on it", command.agent(),
                            command.arguments(), pid);
                    finish(RawOutcome.of(timedOut(" (process " + pid + " will not die)")));
                }
            });
        }

        @Override
        public void cancel() {
            Process p;
            synchronized (this) {
                if (cancelled) {
                    return;
                }
                cancelled = true;
                p = process;
            }
            if (p != null) {
                long pid = p.pid();
                io.execute(() -> signal(pid, "KILL"));
            }
        }

        private void signal(long pid, String signal) {
            String target = command.killGroup() ? "-" + pid : Long.toString(pid);
            try {
                Process kill = new ProcessBuilder(settings.killCommand(), "-s", signal, "--", target)
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                kill.waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                LOG.error("cannot signal process group {} of {}: {}", target, command.agent(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void exited(Process p) {
            int raw = p.exitValue();
            Output stdout = read(out);
            Output stderr = read(err);
            deleteFiles();
            boolean timedOut;
            boolean wasCancelled;
            synchronized (this) {
                timedOut = expired;
                wasCancelled = cancelled;
            }
            ActionResult result;
            if (wasCancelled) {
                result = new ActionResult(ExecStatus.CANCELLED, OcfExitCode.ERR_GENERIC, "cancelled");
            } else if (timedOut) {
                result = timedOut("");
            } else {
                String reason = command.parseExitReason() ? ExitCodes.exitReason(stderr.text) : "";
                result = new ActionResult(ExecStatus.DONE, command.normalise().apply(raw), reason);
            }
            finish(new RawOutcome(result, raw, stdout.text, stderr.text, stdout.truncated || stderr.truncated));
        }

        private ActionResult timedOut(String suffix) {
            return ActionResult.timedOut("Resource agent did not complete within "
                    + Durations.format(command.timeout()) + suffix);
        }

        private void finish(RawOutcome outcome) {
            if (finished.compareAndSet(false, true)) {
                done.accept(outcome);
            }
        }

        private Output read(Path file) {
            if (file == null) {
                return new Output("", false);
            }
            int limit = settings.outputLimitBytes();
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = in.readNBytes(limit);
                boolean truncated = bytes.length == limit && in.read() >= 0;
                String text = new String(bytes, StandardCharsets.UTF_8);
                return new Output(truncated ? text + "\n[output truncated at " + limit + " bytes]" : text, truncated);
            } catch (IOException e) {
                return new Output("[output not readable: " + e.getMessage() + "]", false);
            }
        }

        private void deleteFiles() {
            for (Path f : new Path[] {out, err}) {
                if (f != null) {
                    try {
                        Files.deleteIfExists(f);
                    } catch (IOException e) {
                        LOG.debug("cannot delete {}", f, e);
                    }
                }
            }
        }
    }

    private record Output(String text, boolean truncated) {
    }
}
