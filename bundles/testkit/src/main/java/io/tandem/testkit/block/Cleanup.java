package io.tandem.testkit.block;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Undo actions of a real-system test (unmount, losetup -d, ...), run in reverse order from {@code finally} and, if
 * the JVM is stopped first, from a shutdown hook. Each action runs once; failures are printed, never thrown, so
 * that every action gets its turn.
 */
public final class Cleanup implements AutoCloseable {
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    private final Deque<Action> actions = new ArrayDeque<>();
    private final Thread hook = new Thread(this::runAll, "test-cleanup");

    public Cleanup() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public synchronized void add(Action action) {
        actions.push(action);
    }

    /** Adds a command to run at cleanup (exit code and output ignored: the thing is usually gone already). */
    public void addCommand(String... argv) {
        add(() -> new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor());
    }

    /** Detaches the loop device at cleanup if it still serves {@code file} (its number may be someone else's by then). */
    public void addLoop(java.nio.file.Path loop, java.nio.file.Path file) {
        add(() -> {
            java.nio.file.Path backing = java.nio.file.Path.of("/sys/block", loop.getFileName().toString(), "loop",
                    "backing_file");
            if (java.nio.file.Files.exists(backing)
                    && java.nio.file.Files.readString(backing).strip().equals(file.toString())) {
                run("losetup", "-d", loop.toString());
            }
        });
    }

    private void runAll() {
        while (true) {
            Action a;
            synchronized (this) {
                a = actions.poll();
            }
            if (a == null) {
                return;
            }
            try {
                a.run();
            } catch (Exception e) {
                System.err.println("cleanup: " + e);
            }
        }
    }

    @Override
    public void close() {
        runAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down; the hook ran or runs
        }
    }

    /** Runs a command, returning its exit code; output goes to the test's stderr. */
    public static int run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .start();
        return p.waitFor();
    }

    /** Runs a command and fails unless it exits 0. */
    public static void check(String... argv) throws IOException, InterruptedException {
        int rc = run(argv);
        if (rc != 0) {
            throw new AssertionError(String.join(" ", argv) + ": exit " + rc);
        }
    }
}
