package io.tandem.agent.filesystem.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs mount, umount, fsck and dd with an argument vector (no shell), a clean environment (LC_ALL=C, PATH with
 * the sbin directories), stdin from /dev/null, killed at the deadline.
 */
final class Commands {
    record Result(int exitCode, String output) {
        String oneLine() {
            return output.strip().replace('\n', ' ');
        }
    }

    Result run(List<String> argv, Duration timeout) throws InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("LC_ALL", "C");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Result(127, argv.get(0) + ": " + e.getMessage());
        }
        CompletableFuture<String> out = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                byte[] bytes = in.readNBytes(64 * 1024);
                in.transferTo(java.io.OutputStream.nullOutputStream());
                out.complete(new String(bytes, StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.complete("");
            }
        }, "tandem-filesystem-command-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!p.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(124, String.join(" ", argv) + ": no answer within " + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
        String text;
        try {
            text = out.get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            text = "";
        }
        return new Result(p.exitValue(), text);
    }
}
