package io.tandem.agent.virtualip.internal;

import io.tandem.testkit.net.NetworkNamespaces;
import io.tandem.common.ActionResult;
import io.tandem.executor.spi.AgentRequest;
import io.tandem.vip.internal.VirtualIpComponent;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * VirtualIP start/stop wall time against ocf:heartbeat:IPaddr2, both in a network namespace created here, same
 * parameters (ip, cidr_netmask, nic; arp defaults: 5 rounds in the background). IPaddr2 is run as Pacemaker runs
 * it (clean OCF environment, completion = exit), under {@code ip netns exec}. Not a test: run as root with
 * <pre>mvn -B -o -q -pl bundles/agent-virtualip test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.tandem.agent.virtualip.internal.VirtualIpBenchmark [-Dexec.args=20]</pre>
 */
public final class VirtualIpBenchmark {
    private static final Path IPADDR2 = Path.of("/usr/lib/ocf/resource.d/heartbeat/IPaddr2");

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        try (NetworkNamespaces ns = NetworkNamespaces.create("tqa", 202, "bench")) {
            Map<String, String> params = Map.of("ip", ns.network + ".50", "cidr_netmask", "24", "nic", ns.device);
            VirtualIpAgent agent = new VirtualIpAgent(VirtualIpComponent.standalone());
            Map<String, String> tandemParams = new java.util.HashMap<>(params);
            tandemParams.put("network_namespace", ns.main);
            List<Double> tStart = new ArrayList<>();
            List<Double> tStop = new ArrayList<>();
            for (int i = 0; i < runs + 3; i++) { // 3 warm-up rounds for the JIT
                double a = timed(() -> check(agent.execute(req("start", tandemParams))));
                double b = timed(() -> check(agent.execute(req("stop", tandemParams))));
                if (i >= 3) {
                    tStart.add(a);
                    tStop.add(b);
                }
            }
            List<Double> sStart = new ArrayList<>();
            List<Double> sStop = new ArrayList<>();
            if (Files.isExecutable(IPADDR2)) {
                for (int i = 0; i < runs + 1; i++) {
                    double a = timed(() -> shell(ns, "start", params));
                    double b = timed(() -> shell(ns, "stop", params));
                    if (i >= 1) {
                        sStart.add(a);
                        sStop.add(b);
                    }
                }
            }
            System.out.printf("VirtualIP (Java, ip -n NS)       start median %.1f ms (min %.1f, max %.1f), stop median %.1f ms (min %.1f, max %.1f), n=%d%n",
                    median(tStart), Collections.min(tStart), Collections.max(tStart), median(tStop), Collections.min(tStop), Collections.max(tStop), runs);
            if (!sStart.isEmpty()) {
                System.out.printf("IPaddr2  (ip netns exec NS sh)   start median %.1f ms (min %.1f, max %.1f), stop median %.1f ms (min %.1f, max %.1f), n=%d%n",
                        median(sStart), Collections.min(sStart), Collections.max(sStart), median(sStop), Collections.min(sStop), Collections.max(sStop), runs);
            } else {
                System.out.println("IPaddr2 not installed: " + IPADDR2);
            }
        }
        System.exit(0); // exec:java would wait for the background send_arp reapers otherwise
    }

    private interface Action {
        void run() throws Exception;
    }

    private static double timed(Action a) throws Exception {
        long t0 = System.nanoTime();
        a.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    private static AgentRequest req(String action, Map<String, String> p) {
        return new AgentRequest("bench-ip", action, p, Map.of(), Duration.ofSeconds(20), Duration.ZERO, 0);
    }

    private static void check(ActionResult r) {
        if (!r.isSuccess()) {
            throw new IllegalStateException("VirtualIP failed: " + r);
        }
    }

    private static void shell(NetworkNamespaces ns, String action, Map<String, String> params) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", ns.main, IPADDR2.toString(), action)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("LC_ALL", "C");
        env.put("OCF_ROOT", "/usr/lib/ocf");
        env.put("OCF_RA_VERSION_MAJOR", "1");
        env.put("OCF_RA_VERSION_MINOR", "1");
        env.put("OCF_EXIT_REASON_PREFIX", "ocf-exit-reason:");
        env.put("OCF_RESOURCE_INSTANCE", "bench-ip");
        env.put("OCF_RESOURCE_TYPE", "IPaddr2");
        env.put("OCF_RESOURCE_PROVIDER", "heartbeat");
        env.put("OCF_RESKEY_crm_feature_set", "3.16.1");
        env.put("OCF_RESKEY_CRM_meta_timeout", "20000");
        params.forEach((k, v) -> env.put("OCF_RESKEY_" + k, v));
        Process p = pb.start();
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("IPaddr2 " + action + " failed: exit " + (p.isAlive() ? "timeout" : p.exitValue()));
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
