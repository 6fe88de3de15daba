package io.tandem.conformance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Short human-readable differences between expected and actual lines, compared by a key. */
public final class LineDiff {
    private LineDiff() {
    }

    /** An ordered diff (longest common subsequence), "-" expected only, "+" actual only, at most maxLines lines. */
    public static List<String> ordered(List<String> expected, List<String> actual, Function<String, String> key, int maxLines) {
        int n = expected.size();
        int m = actual.size();
        String[] a = expected.stream().map(key).toArray(String[]::new);
        String[] b = actual.stream().map(key).toArray(String[]::new);
        // Trim the common head and tail so that the quadratic table covers only the changed middle.
        int head = 0;
        while (head < n && head < m && a[head].equals(b[head])) {
            head++;
        }
        int tail = 0;
        while (tail < n - head && tail < m - head && a[n - 1 - tail].equals(b[m - 1 - tail])) {
            tail++;
        }
        int rn = n - head - tail;
        int rm = m - head - tail;
        List<String> out = new ArrayList<>();
        if ((long) rn * rm > 4_000_000L) {
            return unordered(expected, actual, key, maxLines);
        }
        int[][] lcs = new int[rn + 1][rm + 1];
        for (int i = rn - 1; i >= 0; i--) {
            for (int j = rm - 1; j >= 0; j--) {
                lcs[i][j] = a[head + i].equals(b[head + j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        int shown = 0;
        int hidden = 0;
        while (i < rn || j < rm) {
            String line = null;
            if (i < rn && j < rm && a[head + i].equals(b[head + j])) {
                i++;
                j++;
            } else if (i < rn && (j == rm || lcs[i + 1][j] >= lcs[i][j + 1])) {
                line = "- " + expected.get(head + i++);
            } else {
                line = "+ " + actual.get(head + j++);
            }
            if (line != null) {
                if (shown < maxLines) {
                    out.add(line);
                    shown++;
                } else {
                    hidden++;
                }
            }
        }
        if (hidden > 0) {
            out.add("... " + hidden + " more differing lines");
        }
        return out;
    }

    /** A multiset diff: which lines are missing and which are extra, ignoring order. */
    public static List<String> unordered(List<String> expected, List<String> actual, Function<String, String> key, int maxLines) {
        Map<String, Integer> counts = new HashMap<>();
        for (String e : expected) {
            counts.merge(key.apply(e), 1, Integer::sum);
        }
        List<String> extra = new ArrayList<>();
        for (String x : actual) {
            String k = key.apply(x);
            Integer c = counts.get(k);
            if (c == null || c == 0) {
                extra.add(x);
            } else {
                counts.put(k, c - 1);
            }
        }
        List<String> missing = new ArrayList<>();
        for (String e : expected) {
            String k = key.apply(e);
            Integer c = counts.get(k);
            if (c != null && c > 0) {
                missing.add(e);
                counts.put(k, c - 1);
            }
        }
        List<String> out = new ArrayList<>();
        int shown = 0;
        for (String e : missing) {
            if (shown++ < maxLines) {
                out.add("- " + e);
            }
        }
        for (String x : extra) {
            if (shown++ < maxLines) {
                out.add("+ " + x);
            }
        }
        if (shown > maxLines) {
            out.add("... " + (shown - maxLines) + " more differing lines");
        }
        return out;
    }

    /** A set diff: duplicates do not count. */
    public static List<String> asSets(List<String> expected, List<String> actual, Function<String, String> key, int maxLines) {
        return unordered(dedupe(expected, key), dedupe(actual, key), key, maxLines);
    }

    private static List<String> dedupe(List<String> lines, Function<String, String> key) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            if (seen.add(key.apply(l))) {
                out.add(l);
            }
        }
        return out;
    }
}
