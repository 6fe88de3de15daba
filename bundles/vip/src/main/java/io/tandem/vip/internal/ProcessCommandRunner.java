package io.tandem.vip.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link CommandRunner} with {@link ProcessBuilder}: clean environment (PATH with the sbin directories, LC_ALL=C
 * so that messages are parseable), stdin from /dev/null, output capped. Completion is the process's exit, not the
 * end of its output, so a helper that leaves a background child behind cannot block us.
 */
final class ProcessCommandRunner implements CommandRunner {
    private static final int MAX_OUTPUT = 1 << 20;
    private static final File DEV_NULL = new File("/dev/null");

    @Override
    public Result run(List<String> argv, Duration timeout) throws IOException, InterruptedException {
        Process p = builder(argv).start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(124, "", String.join(" ", argv) + ": no answer within " + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
        return new Result(p.exitValue(), collect(out), collect(err));
    }

    @Override
    public Process spawn(List<String> argv) throws IOException {
        return builder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static ProcessBuilder builder(List<String> argv) {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("LC_ALL", "C");
        return pb;
    }

    private static CompletableFuture<String> drain(InputStream in) {
        // own threads: blocking reads do not belong in the common pool
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                byte[] bytes = in.readNBytes(MAX_OUTPUT);
                in.transferTo(java.io.OutputStream.nullOutputStream()); // keep the pipe flowing past the cap
                return new String(bytes, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> {
            Thread t = new Thread(task, "tandem-vip-command-output");
            t.setDaemon(true);
            t.start();
        });
    }

    /** Short commands close their output when they exit; a background grandchild holding it gets 1 s. */
    private static String collect(CompletableFuture<String> f) throws InterruptedException {
        try {
            return f.get(1, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return "";
        }
    }

}
