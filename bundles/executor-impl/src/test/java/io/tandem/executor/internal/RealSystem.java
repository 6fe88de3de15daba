package io.tandem.executor.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.executor.Executor;
import io.tandem.executor.OperationResult;
import io.tandem.executor.OperationSpec;
import io.tandem.executor.ResourceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Helpers for tests that run real processes: assumptions, deadline waits, agent scripts, commands. */
final class RealSystem {
    static final Path OCF_ROOT = Path.of("/usr/lib/ocf");

    private RealSystem() {
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static void assumeRoot() {
        assumeTrue(isRoot(), "skipped: needs root (runs real agents, namespaces and servers); we are "
                + System.getProperty("user.name"));
    }

    static void assumeOcf() {
        assumeRoot();
        assumeTrue(Files.isRegularFile(OCF_ROOT.resolve("lib/heartbeat/ocf-shellfuncs")),
                "skipped: " + OCF_ROOT + " has no resource-agents (apt-get install resource-agents)");
    }

    static void assumeProcessTools() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid")) && Files.isExecutable(Path.of("/bin/kill")),
                "skipped: needs /usr/bin/setsid (util-linux) and /bin/kill");
    }

    static void assumeCommand(String path) {
        assumeTrue(Files.isExecutable(Path.of(path)), "skipped: " + path + " is not installed");
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(20); // polling interval of a deadline wait, not a timed assertion
        }
    }

    static OperationResult run(Executor executor, ResourceSpec resource, OperationSpec op) throws Exception {
        return executor.execute(resource, op).toCompletableFuture()
                .get(op.timeout().toMillis() + 30_000, TimeUnit.MILLISECONDS);
    }

    static Path script(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    static boolean alive(long pid) {
        return Files.exists(Path.of("/proc/" + pid));
    }

    static List<Long> pids(Path file) throws IOException {
        List<Long> out = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    out.add(Long.parseLong(line.trim()));
                }
            }
        }
        return out;
    }

    /** Runs a command, fails the test with its output if it fails (unless {@code check} is false). */
    static String sh(boolean check, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + ": did not finish");
        }
        if (check && p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed with " + p.exitValue() + ": " + out);
        }
        return out;
    }

    static ExecutorRuntime runtime(Map<String, Object> overrides) {
        return new ExecutorRuntime(TestConfigs.settings(overrides));
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temp files: best effort
        }
    }
}
