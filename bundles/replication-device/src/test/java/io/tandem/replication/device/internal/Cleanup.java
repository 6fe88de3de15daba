package io.tandem.replication.device.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Undo actions of a real-system test (unmount, losetup -d, ...), run in reverse order from {@code finally} and, if
 * the JVM is stopped first, from a shutdown hook. Each action runs once; failures are printed, never thrown, so
 * that every action gets its turn.
 */
final class Cleanup implements AutoCloseable {
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    private final Deque<Action> actions = new ArrayDeque<>();
    private final Thread hook = new Thread(this::runAll, "test-cleanup");

    Cleanup() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    synchronized void add(Action action) {
        actions.push(action);
    }

    /** Adds a command to run at cleanup (its exit code is ignored: the thing may already be gone). */
    void addCommand(String... argv) {
        add(() -> run(argv));
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
    static int run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .start();
        return p.waitFor();
    }

    /** Runs a command and fails unless it exits 0. */
    static void check(String... argv) throws IOException, InterruptedException {
        int rc = run(argv);
        if (rc != 0) {
            throw new AssertionError(String.join(" ", argv) + ": exit " + rc);
        }
    }
}
