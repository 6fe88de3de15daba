package io.tandem.conformance;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders pass counts per level, per feature and per case, and the short diffs of failures. */
public final class ConformanceReport {
    private final Corpus corpus;
    private final List<CaseResult> results;
    private final Map<String, CorpusCase> byName = new HashMap<>();

    public ConformanceReport(Corpus corpus, List<CaseResult> results) {
        this.corpus = corpus;
        this.results = List.copyOf(results);
        for (CorpusCase c : corpus.cases()) {
            byName.put(c.name(), c);
        }
    }

    /** The tables printed on the console: per level (all and simple cases) and per feature (levels 1 and 2). */
    public String summary(String header) {
        StringBuilder sb = new StringBuilder();
        sb.append(header).append('\n');
        int all = results.size();
        int simple = (int) results.stream().filter(r -> isSimple(r.name())).count();
        sb.append(String.format(Locale.ROOT, "%-32s %16s %16s%n", "level", "all " + all, "simple " + simple));
        for (Level l : Level.values()) {
            int a = count(l, false);
            int s = count(l, true);
            sb.append(String.format(Locale.ROOT, "%-32s %16s %16s%n", l.number() + " " + l.description(),
                    ratio(a, all), ratio(s, simple)));
        }
        int both = (int) results.stream().filter(r -> r.passes(Level.TRANSITION_SUMMARY) && r.passes(Level.EXECUTED_ACTIONS)).count();
        int bothSimple = (int) results.stream().filter(r -> isSimple(r.name())
                && r.passes(Level.TRANSITION_SUMMARY) && r.passes(Level.EXECUTED_ACTIONS)).count();
        sb.append(String.format(Locale.ROOT, "%-32s %16s %16s%n", "1 and 2", ratio(both, all), ratio(bothSimple, simple)));
        long errors = results.stream().filter(r -> r.error().isPresent() && !r.error().get().startsWith("timeout")).count();
        long timeouts = results.stream().filter(r -> r.error().isPresent() && r.error().get().startsWith("timeout")).count();
        sb.append(String.format(Locale.ROOT, "%-32s %16d %16d%n", "exceptions", errors,
                results.stream().filter(r -> isSimple(r.name()) && r.error().isPresent() && !r.error().get().startsWith("timeout")).count()));
        sb.append(String.format(Locale.ROOT, "%-32s %16d %16d%n", "timeouts", timeouts,
                results.stream().filter(r -> isSimple(r.name()) && r.error().isPresent() && r.error().get().startsWith("timeout")).count()));
        sb.append('\n');
        sb.append(String.format(Locale.ROOT, "%-40s %6s %14s %14s%n", "feature (cases using it)", "cases", "level 1", "level 2"));
        for (String f : corpus.featureNames()) {
            int n = 0;
            int l1 = 0;
            int l2 = 0;
            for (CaseResult r : results) {
                CorpusCase c = byName.get(r.name());
                if (c != null && c.has(f)) {
                    n++;
                    l1 += r.passes(Level.TRANSITION_SUMMARY) ? 1 : 0;
                    l2 += r.passes(Level.EXECUTED_ACTIONS) ? 1 : 0;
                }
            }
            sb.append(String.format(Locale.ROOT, "%-40s %6d %14s %14s%n", f, n, ratio(l1, n), ratio(l2, n)));
        }
        return sb.toString();
    }

    /** The summary plus one line per case and the diffs of every failed level. */
    public String full(String header) {
        StringBuilder sb = new StringBuilder(summary(header));
        sb.append("\nper case (P = pass, . = fail; levels 1 2 3 4), milliseconds, error\n");
        for (CaseResult r : results) {
            sb.append(String.format(Locale.ROOT, "%-50s %s %s %s %s %7d%s%s%n", r.name(),
                    mark(r, Level.TRANSITION_SUMMARY), mark(r, Level.EXECUTED_ACTIONS), mark(r, Level.SCORES),
                    mark(r, Level.WHOLE_SUMMARY), r.millis(), isSimple(r.name()) ? "  simple" : "",
                    r.error().map(e -> "  " + e).orElse("")));
        }
        sb.append("\nfailures (- expected only, + actual only)\n");
        for (CaseResult r : results) {
            if (r.passed().size() == Level.values().length) {
                continue;
            }
            sb.append("\n== ").append(r.name()).append('\n');
            r.error().ifPresent(e -> sb.append("   error: ").append(e).append('\n'));
            for (Level l : Level.values()) {
                List<String> diff = r.diffs().get(l);
                if (diff == null) {
                    continue;
                }
                sb.append("   [").append(l.number()).append(' ').append(l.description()).append("]\n");
                for (String d : diff) {
                    sb.append("     ").append(d).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private boolean isSimple(String name) {
        CorpusCase c = byName.get(name);
        return c != null && c.simple();
    }

    private int count(Level l, boolean simpleOnly) {
        int n = 0;
        for (CaseResult r : results) {
            if (r.passes(l) && (!simpleOnly || isSimple(r.name()))) {
                n++;
            }
        }
        return n;
    }

    private static String mark(CaseResult r, Level l) {
        return r.passes(l) ? "P" : ".";
    }

    static String ratio(int n, int of) {
        return of == 0 ? n + "/0" : String.format(Locale.ROOT, "%d (%.1f%%)", n, 100.0 * n / of);
    }
}
