package io.tandem.scheduler.internal;

import io.tandem.cib.Cib;
import io.tandem.cib.CibXml;
import io.tandem.scheduler.EffectiveTime;
import io.tandem.scheduler.SimulationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Developer tool, not a test: runs the scheduler on the Pacemaker corpus and prints pass counts per level.
 * Usage: QuickCheck CORPUS_DIR [SIMPLE_LIST] [-v NAME...]
 */
public final class QuickCheck {
    private QuickCheck() {
    }

    static List<String> section(String text, String start, String end) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String l : text.split("\n", -1)) {
            if (l.startsWith(start)) {
                in = true;
                continue;
            }
            if (in && end != null && l.startsWith(end)) {
                break;
            }
            if (in) {
                String n = l.replaceAll("\\s+", "");
                if (!n.isEmpty()) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    static String norm(String text) {
        StringBuilder b = new StringBuilder();
        for (String l : text.split("\n")) {
            String n = l.replaceAll("\\s+", "");
            if (!n.isEmpty()) {
                b.append(n).append('\n');
            }
        }
        return b.toString();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Set<String> simple = new HashSet<>(args.length > 1 ? Files.readAllLines(Path.of(args[1])) : List.of());
        Set<String> verbose = new HashSet<>();
        for (int i = 2; i < args.length; i++) {
            verbose.add(args[i]);
        }
        PacemakerSimulator sim = new PacemakerSimulator();
        int all = 0;
        int s = 0;
        int[] passAll = new int[5];
        int[] passSimple = new int[5];
        TreeMap<String, String> failures = new TreeMap<>();
        List<String> names = new ArrayList<>();
        try (var st = Files.list(dir.resolve("xml"))) {
            st.forEach(p -> names.add(p.getFileName().toString().replace(".xml", "")));
        }
        names.sort(null);
        long t0 = System.nanoTime();
        StringBuilder failL1 = new StringBuilder();
        for (String name : names) {
            if (name.equals("bundle-order-partial")) {
                continue;
            }
            if (!verbose.isEmpty() && !verbose.contains(name)) {
                continue;
            }
            all++;
            boolean isSimple = simple.contains(name);
            if (isSimple) {
                s++;
            }
            String expected = Files.readString(dir.resolve("summary/" + name + ".summary"));
            List<String> expScores = new ArrayList<>(Files.readAllLines(dir.resolve("scores/" + name + ".scores")));
            boolean[] ok = new boolean[5];
            String actual;
            SimulationReport rep = null;
            try {
                Cib cib = new Cib(CibXml.parse(dir.resolve("xml/" + name + ".xml")));
                Instant now = EffectiveTime.of(cib, Optional.empty(), Instant.parse("2024-01-01T00:00:00Z"));
                rep = sim.simulate(cib, now);
                actual = rep.text();
            } catch (RuntimeException e) {
                actual = "EXCEPTION " + e;
                if (!verbose.isEmpty()) {
                    e.printStackTrace();
                }
            }
            ok[1] = section(expected, "Transition Summary:", "Executing Cluster Transition:")
                    .equals(section(actual, "Transition Summary:", "Executing Cluster Transition:"));
            ok[2] = new HashSet<>(section(expected, "Executing Cluster Transition:", "Revised Cluster Status:"))
                    .equals(new HashSet<>(section(actual, "Executing Cluster Transition:", "Revised Cluster Status:")));
            if (rep != null) {
                List<String> a = new ArrayList<>();
                for (String l : rep.scoreLines()) {
                    a.add(l.replaceAll("\\s+", ""));
                }
                List<String> e = new ArrayList<>();
                for (String l : expScores) {
                    if (!l.isBlank()) {
                        e.add(l.replaceAll("\\s+", ""));
                    }
                }
                a.sort(null);
                e.sort(null);
                ok[3] = a.equals(e);
            }
            ok[4] = norm(expected).equals(norm(actual));
            for (int l = 1; l <= 4; l++) {
                if (ok[l]) {
                    passAll[l]++;
                    if (isSimple) {
                        passSimple[l]++;
                    }
                }
            }
            if (isSimple && !ok[1]) {
                failL1.append(name).append(' ');
            }
            if (!verbose.isEmpty()) {
                System.out.println("=== " + name + " L1=" + ok[1] + " L2=" + ok[2] + " L3=" + ok[3] + " L4=" + ok[4]);
                System.out.println(actual);
                if (rep != null && verbose.size() == 1) {
                    System.out.println("--- scores");
                    List<String> sc = new ArrayList<>(rep.scoreLines());
                    sc.sort(null);
                    sc.forEach(System.out::println);
                }
            }
            failures.put(name, (ok[1] ? "1" : "-") + (ok[2] ? "2" : "-") + (ok[3] ? "3" : "-") + (ok[4] ? "4" : "-"));
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("simple %d: L1 %d (%.1f%%) L2 %d (%.1f%%) L3 %d L4 %d%n", s, passSimple[1], 100.0 * passSimple[1] / Math.max(1, s),
                passSimple[2], 100.0 * passSimple[2] / Math.max(1, s), passSimple[3], passSimple[4]);
        System.out.printf("all %d: L1 %d (%.1f%%) L2 %d (%.1f%%) L3 %d L4 %d   (%d ms)%n", all, passAll[1], 100.0 * passAll[1] / Math.max(1, all),
                passAll[2], 100.0 * passAll[2] / Math.max(1, all), passAll[3], passAll[4], ms);
        if (System.getenv("QC_OUT") != null) {
            StringBuilder b = new StringBuilder();
            failures.forEach((k, v) -> b.append(k).append('\t').append(v).append('\n'));
            Files.writeString(Path.of(System.getenv("QC_OUT")), b.toString());
        }
    }
}
