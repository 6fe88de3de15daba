package io.tandem.vip.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Runs programs with an argument vector (never a shell). Separate so that tests can record command lines. */
interface CommandRunner {
    record Result(int exitCode, String stdout, String stderr) {
        /** The error text a human wants: stderr, else stdout, one line. */
        String message() {
            String s = stderr.isBlank() ? stdout : stderr;
            return s.strip().replace('\n', ' ');
        }
    }

    /** Runs to completion, killing the program after {@code timeout}. */
    Result run(List<String> argv, Duration timeout) throws IOException, InterruptedException;

    /** Starts a program whose output nobody reads. */
    Process spawn(List<String> argv) throws IOException;
}
