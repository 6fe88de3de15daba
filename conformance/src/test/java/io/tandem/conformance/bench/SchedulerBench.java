package io.tandem.conformance.bench;

import io.tandem.cib.Cib;
import io.tandem.cib.CibXml;
import io.tandem.conformance.CrmSimulateText;
import io.tandem.conformance.SimulatorLocator;
import io.tandem.scheduler.EffectiveTime;
import io.tandem.scheduler.SimulationReport;
import io.tandem.scheduler.Simulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Times Tandem's scheduler in this (warm) JVM against {@code crm_simulate -R} and {@code -S} on generated CIBs.
 * Tandem's time is one transition: parse the file, schedule, simulate the graph and render the text (what
 * crm_simulate -S does), the median of several runs after warm-up runs.
 *
 * <p>Arguments: {@code WORKDIR SIZE...} with SIZE as NODESxRESOURCES; system properties {@code bench.timeoutSeconds}
 * (300) and {@code bench.crm} (true: also run crm_simulate).
 */
public final class SchedulerBench {
    private static final int TIMEOUT = Integer.getInteger("bench.timeoutSeconds", 300);
    private static final boolean RUN_CRM = Boolean.parseBoolean(System.getProperty("bench.crm", "true"));
    private static final long WARMUP_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(20);
    private static final long MEASURE_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(60);

    private SchedulerBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: SchedulerBench WORKDIR NODESxRESOURCES...");
            System.exit(64);
        }
        Path work = Path.of(args[0]);
        Files.createDirectories(work);
        Class<? extends Simulator> type = SimulatorLocator.find(SchedulerBench.class.getClassLoader());
        Supplier<Simulator> simulators = SimulatorLocator.factory(type);
        ExecutorService worker = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench");
            t.setDaemon(true);
            return t;
        });
        System.out.println("Tandem scheduler: " + type.getName() + "; Java " + System.getProperty("java.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        System.out.println("Tandem = parse + schedule + simulate + render, median after warm-up, same JVM; crm_simulate 2.1.5 = one process per run; timeout " + TIMEOUT + " s");
        System.out.println();
        String header = String.format(Locale.ROOT, "%-12s %9s %8s %8s %12s %12s %12s %7s %10s %10s",
                "nodes x rsc", "CIB", "actions", "(Tandem)", "crm -R", "crm -S", "Tandem", "runs", "-R/Tandem", "-S/Tandem");
        System.out.println(header);
        List<String> rows = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String size = args[i];
            String[] nr = size.split("x");
            int nodes = Integer.parseInt(nr[0]);
            int resources = Integer.parseInt(nr[1]);
            Path cib = work.resolve(size + ".xml");
            CibGenerator.write(nodes, resources, 1L, cib);

            Timing crmR = RUN_CRM ? crm(cib, work, "-R", size) : Timing.notRun();
            Timing crmS = RUN_CRM ? crm(cib, work, "-S", size) : Timing.notRun();
            Timing tandem = tandem(cib, simulators, worker);
            String row = String.format(Locale.ROOT, "%-12s %9s %8s %8s %12s %12s %12s %7s %10s %10s",
                    size, human(Files.size(cib)), crmR.actions.map(String::valueOf).orElse("-"),
                    tandem.actions.map(String::valueOf).orElse("-"), crmR.show(), crmS.show(), tandem.show(),
                    tandem.runs, ratio(crmR, tandem), ratio(crmS, tandem));
            System.out.println(row);
            rows.add(row);
            tandem.error.ifPresent(e -> System.out.println("    Tandem: " + e));
            crmR.error.ifPresent(e -> System.out.println("    crm_simulate -R: " + e));
            crmS.error.ifPresent(e -> System.out.println("    crm_simulate -S: " + e));
        }
        Files.writeString(work.resolve("bench-table.txt"), header + "\n" + String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
        worker.shutdownNow();
        System.exit(0);
    }

    record Timing(Optional<Double> seconds, boolean timedOut, boolean skipped, Optional<Integer> actions, int runs,
                  Optional<String> error) {
        static Timing notRun() {
            return new Timing(Optional.empty(), false, true, Optional.empty(), 0, Optional.empty());
        }

        String show() {
            if (skipped) {
                return "-";
            }
            if (timedOut) {
                return ">" + TIMEOUT + " s";
            }
            return seconds.map(SchedulerBench::secs).orElse("failed");
        }
    }

    private static String ratio(Timing crm, Timing tandem) {
        if (tandem.seconds.isEmpty() || crm.skipped) {
            return "-";
        }
        if (crm.timedOut) {
            return String.format(Locale.ROOT, ">%.0fx", TIMEOUT / tandem.seconds.get());
        }
        return crm.seconds.map(c -> String.format(Locale.ROOT, "%.1fx", c / tandem.seconds.get())).orElse("-");
    }

    private static Timing crm(Path cib, Path work, String mode, String size) throws IOException, InterruptedException {
        List<Double> times = new ArrayList<>();
        Integer actions = null;
        String error = null;
        Path shadow = Files.createDirectories(work.resolve("shadow"));
        int maxRuns = 3;
        for (int run = 0; run < maxRuns; run++) {
            Path out = work.resolve(size + mode + ".out");
            Path err = work.resolve(size + mode + ".err");
            ProcessBuilder pb = new ProcessBuilder("crm_simulate", "-x", cib.toString(), mode)
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("CIB_shadow_dir", shadow.toString());
            pb.environment().put("LC_ALL", "C");
            long start = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                return new Timing(Optional.empty(), true, false, Optional.ofNullable(actions), run, Optional.ofNullable(error));
            }
            double s = (System.nanoTime() - start) / 1e9;
            String stderr = Files.readString(err).strip();
            if (p.exitValue() != 0 || !stderr.isEmpty()) {
                error = "exit " + p.exitValue() + (stderr.isEmpty() ? "" : ", stderr: " + stderr.lines().findFirst().orElse(""));
            }
            times.add(s);
            actions = CrmSimulateText.section(Files.readString(out), CrmSimulateText.TRANSITION_SUMMARY).map(List::size).orElse(null);
            if (s > 20) {
                break; // one slow run says enough
            }
        }
        return new Timing(Optional.of(median(times)), false, false, Optional.ofNullable(actions), times.size(), Optional.ofNullable(error));
    }

    private static Timing tandem(Path cib, Supplier<Simulator> simulators, ExecutorService worker) throws InterruptedException {
        List<Double> times = new ArrayList<>();
        Integer actions = null;
        long warmStart = System.nanoTime();
        int warm = 0;
        try {
            // warm-up: at least two runs, more while they are cheap
            while (warm < 2 || (warm < 10 && System.nanoTime() - warmStart < WARMUP_BUDGET_NANOS)) {
                double s = once(cib, simulators, worker).seconds;
                warm++;
                if (s > TIMEOUT / 4.0) {
                    times.add(s);
                    break;
                }
            }
            long measureStart = System.nanoTime();
            while (times.size() < 3 || (times.size() < 7 && System.nanoTime() - measureStart < MEASURE_BUDGET_NANOS)) {
                Run r = once(cib, simulators, worker);
                times.add(r.seconds);
                actions = CrmSimulateText.section(r.report.text(), CrmSimulateText.TRANSITION_SUMMARY).map(List::size).orElse(null);
                if (r.seconds > TIMEOUT / 4.0) {
                    break;
                }
            }
        } catch (TimeoutException e) {
            return new Timing(Optional.empty(), true, false, Optional.empty(), times.size(), Optional.empty());
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            return new Timing(Optional.empty(), false, false, Optional.empty(), times.size(),
                    Optional.of(c.getClass().getSimpleName() + ": " + String.valueOf(c.getMessage()).lines().findFirst().orElse("")));
        }
        return new Timing(Optional.of(median(times)), false, false, Optional.ofNullable(actions), times.size(), Optional.empty());
    }

    private record Run(double seconds, SimulationReport report) {
    }

    private static Run once(Path cib, Supplier<Simulator> simulators, ExecutorService worker)
            throws InterruptedException, ExecutionException, TimeoutException {
        Future<Run> f = worker.submit(() -> {
            long start = System.nanoTime();
            Cib parsed = new Cib(CibXml.parse(cib));
            SimulationReport report = simulators.get().simulate(parsed, EffectiveTime.of(parsed, Optional.empty(), Instant.now()));
            return new Run((System.nanoTime() - start) / 1e9, report);
        });
        try {
            return f.get(TIMEOUT, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw e;
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static String secs(double s) {
        if (s < 0.01) {
            return String.format(Locale.ROOT, "%.2f ms", s * 1000);
        }
        if (s < 1) {
            return String.format(Locale.ROOT, "%.1f ms", s * 1000);
        }
        return String.format(Locale.ROOT, "%.2f s", s);
    }

    private static String human(long bytes) {
        if (bytes < 1 << 20) {
            return (bytes + 512) / 1024 + " KB";
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1 << 20));
    }
}
