package io.tandem.replication.device.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the system tools the device layer needs (losetup, fusermount) with a time limit. */
final class Commands {
    /** The outcome of one command; {@code output} is stdout and stderr together, stripped. */
    record Result(List<String> argv, int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }

        String describe() {
            return String.join(" ", argv) + ": exit " + exitCode + (output.isEmpty() ? "" : ": " + output);
        }
    }

    private final long timeoutMillis;

    Commands(long timeoutMillis) {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("commandTimeoutMillis must be positive: " + timeoutMillis);
        }
        this.timeoutMillis = timeoutMillis;
    }

    Result run(String... argv) throws IOException {
        // Output goes to a file rather than a pipe, so a tool that hangs cannot block us on a full pipe and the
        // time limit always holds.
        Path out = Files.createTempFile("tandem-cmd", ".out");
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean done;
            try {
                done = p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException(String.join(" ", argv) + ": interrupted", e);
            }
            if (!done) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", argv) + ": no answer within " + timeoutMillis + " ms");
            }
            return new Result(List.of(argv), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8).strip());
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Runs the command and fails with its output unless it exits 0. */
    Result check(String... argv) throws IOException {
        Result r = run(argv);
        if (!r.ok()) {
            throw new IOException(r.describe());
        }
        return r;
    }
}
