package io.tandem.agent.ping.internal;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * iputils ping, with the arguments ocf:pacemaker:ping uses on Linux ({@code -n -q -W timeout -c attempts}).
 * ICMP needs privileges a JVM does not have (InetAddress.isReachable falls back to TCP port 7), hence the program.
 */
final class IputilsPinger implements Pinger {
    private static final Logger LOG = LoggerFactory.getLogger(IputilsPinger.class);

    @Override
    public boolean reachable(String host, int attempts, int timeoutSeconds, List<String> options) throws InterruptedException {
        List<String> argv = new ArrayList<>(List.of("ping", "-n", "-q", "-W", Integer.toString(timeoutSeconds),
                "-c", Integer.toString(attempts)));
        if (host.contains(":")) {
            argv.add("-6");
        }
        argv.addAll(options);
        argv.add(host);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("LC_ALL", "C");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            LOG.error("cannot run ping: {}", e.getMessage());
            return false;
        }
        try {
            // attempts are a second apart, each waits up to timeout: give it that plus slack
            long limit = (long) attempts * (1 + timeoutSeconds) + 5;
            if (!p.waitFor(limit, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.warn("ping {} took longer than {} s", host, limit);
                return false;
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
        int rc = p.exitValue();
        if (rc > 1) {
            LOG.error("Unexpected result for '{}': exit {}", String.join(" ", argv), rc);
        }
        return rc == 0;
    }
}
