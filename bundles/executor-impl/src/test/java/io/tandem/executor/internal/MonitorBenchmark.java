package io.tandem.executor.internal;

import io.tandem.executor.AgentId;
import io.tandem.executor.OperationResult;
import io.tandem.executor.OperationSpec;
import io.tandem.executor.ResourceSpec;
import io.tandem.executor.spi.ResourceAgent;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Monitor operations through the executor: ocf:heartbeat:Dummy (fork + exec of a shell agent) against Tandem's
 * Java Dummy (ocf:tandem:Dummy, bundles/agent-dummy). For each: latency of sequential probes on one resource
 * (p50/p99, measured around {@code execute()}), and throughput with R resources probed concurrently (each
 * resource serial, as the executor guarantees).
 *
 * <pre>
 * mvn -o -q -pl bundles/executor-impl test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.tandem.executor.internal.MonitorBenchmark [-Dexec.args="N_FORK N_JAVA RESOURCES"]
 * </pre>
 */
public final class MonitorBenchmark {
    private MonitorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int forkOps = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int javaOps = args.length > 1 ? Integer.parseInt(args[1]) : 20000;
        int resources = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Path tmp = Files.createTempDirectory("tandem-bench-");
        try (ExecutorRuntime executor = new ExecutorRuntime(TestConfigs.settings(Map.of("maxParallelActions", resources)))) {
            ResourceAgent javaDummy = javaDummy(tmp.resolve("java-state"));
            executor.addJavaAgent(javaDummy, Map.of(ResourceAgent.CLASS, "ocf", ResourceAgent.PROVIDER, "tandem",
                    ResourceAgent.TYPE, "Dummy"));
            System.out.printf("cpus=%d resources=%d load=%s%n", Runtime.getRuntime().availableProcessors(), resources,
                    Files.readString(Path.of("/proc/loadavg")).trim());
            System.out.printf("%-22s %8s %10s %10s %10s %12s%n", "agent", "ops", "p50", "p99", "mean", "ops/s (xR)");
            for (String agent : List.of("ocf:heartbeat:Dummy", "ocf:tandem:Dummy")) {
                int n = agent.contains("heartbeat") ? forkOps : javaOps;
                bench(executor, AgentId.parse(agent), n, resources, tmp);
            }
        } finally {
            RealSystem.deleteTree(tmp);
        }
    }

    private static void bench(ExecutorRuntime executor, AgentId agent, int n, int resources, Path tmp) throws Exception {
        List<ResourceSpec> rs = new ArrayList<>();
        for (int i = 0; i < resources; i++) {
            Path state = tmp.resolve(agent.provider() + "-" + i + ".state");
            rs.add(new ResourceSpec("bench-" + agent.provider() + "-" + i, agent, Map.of("state", state.toString())));
            check(executor.execute(rs.get(i), OperationSpec.of("start")).toCompletableFuture().get());
        }
        OperationSpec probe = OperationSpec.probe(Duration.ofSeconds(20));
        for (int i = 0; i < Math.min(n / 10 + 10, 200); i++) { // warm-up: JIT, page cache
            check(executor.execute(rs.get(0), probe).toCompletableFuture().get());
        }
        long[] lat = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            check(executor.execute(rs.get(0), probe).toCompletableFuture().get());
            lat[i] = System.nanoTime() - t0;
        }
        Arrays.sort(lat);
        double mean = Arrays.stream(lat).average().orElse(0);
        // throughput: every resource probed n times, all resources at once
        long t0 = System.nanoTime();
        List<CompletableFuture<Void>> chains = new ArrayList<>();
        for (ResourceSpec r : rs) {
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (int i = 0; i < n; i++) {
                // enqueue all at once: the executor serialises per resource and runs resources in parallel
                CompletableFuture<OperationResult> f = executor.execute(r, probe).toCompletableFuture();
                chain = chain.thenCombine(f, (a, b) -> {
                    check(b);
                    return null;
                });
            }
            chains.add(chain);
        }
        CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new)).get(30, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%-22s %8d %10s %10s %10s %12.0f%n", agent, n, ms(lat[n / 2]), ms(lat[(int) (n * 0.99)]),
                ms((long) mean), n * resources / seconds);
        for (ResourceSpec r : rs) {
            check(executor.execute(r, OperationSpec.of("stop")).toCompletableFuture().get());
        }
    }

    private static void check(OperationResult r) {
        if (!r.result().isSuccess()) {
            throw new IllegalStateException(r.operationKey() + ": " + r.result() + " " + r.stderr());
        }
    }

    private static String ms(long nanos) {
        return String.format("%.3fms", nanos / 1e6);
    }

    /** Tandem's Java Dummy, built from its configuration annotation; loaded by name so this compiles without it. */
    private static ResourceAgent javaDummy(Path stateDirectory) throws Exception {
        Class<?> agentClass = Class.forName("io.tandem.agent.dummy.internal.DummyAgent");
        Class<?> configClass = Class.forName("io.tandem.agent.dummy.internal.DummyConfig");
        Object config = Proxy.newProxyInstance(configClass.getClassLoader(), new Class<?>[] {configClass},
                (proxy, method, a) -> switch (method.getName()) {
                    case "stateDirectory" -> stateDirectory.toString();
                    case "annotationType" -> configClass;
                    default -> method.getDefaultValue();
                });
        Files.createDirectories(stateDirectory);
        return (ResourceAgent) agentClass.getConstructor(configClass).newInstance(config);
    }
}
