package io.tandem.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The (case, level) pairs known to pass, kept in the repository as {@code passing.tsv}: one line per case,
 * {@code NAME<TAB>1,2,4}. A pair in the file that stops passing is a regression.
 */
public record PassingList(Map<String, Set<Level>> entries) {
    static final String HEADER = "# Pacemaker 2.1.5 scheduler cases Tandem passes, and at which levels"
            + " (1 transition summary, 2 executed actions as a set, 3 scores, 4 whole summary).\n"
            + "# Written by the conformance test with -Dconformance.update=true; the build fails when a listed pair stops passing.\n";

    public PassingList {
        TreeMap<String, Set<Level>> copy = new TreeMap<>();
        entries.forEach((k, v) -> {
            if (!v.isEmpty()) {
                copy.put(k, Set.copyOf(v));
            }
        });
        entries = java.util.Collections.unmodifiableMap(copy);
    }

    public static PassingList empty() {
        return new PassingList(Map.of());
    }

    public static PassingList of(Collection<CaseResult> results) {
        Map<String, Set<Level>> m = new TreeMap<>();
        for (CaseResult r : results) {
            m.put(r.name(), r.passed());
        }
        return new PassingList(m);
    }

    public static PassingList read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return empty();
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    public static PassingList parse(String text, String sourceName) {
        Map<String, Set<Level>> m = new TreeMap<>();
        List<String> lines = CrmSimulateText.lines(text);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t");
            if (cols.length != 2) {
                throw new IllegalArgumentException(sourceName + ":" + (i + 1) + ": expected NAME<TAB>LEVELS, found \"" + line + "\"");
            }
            EnumSet<Level> levels = EnumSet.noneOf(Level.class);
            for (String n : cols[1].split(",")) {
                try {
                    levels.add(Level.ofNumber(Integer.parseInt(n.strip())));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(sourceName + ":" + (i + 1) + ": bad level \"" + n + "\" (levels are 1 to 4)", e);
                }
            }
            if (m.put(cols[0], levels) != null) {
                throw new IllegalArgumentException(sourceName + ":" + (i + 1) + ": case " + cols[0] + " is listed twice");
            }
        }
        return new PassingList(m);
    }

    public String format() {
        StringBuilder sb = new StringBuilder(HEADER);
        entries.forEach((name, levels) -> {
            sb.append(name).append('\t');
            EnumSet.copyOf(levels).forEach(l -> sb.append(l.number()).append(','));
            sb.setLength(sb.length() - 1);
            sb.append('\n');
        });
        return sb.toString();
    }

    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, format(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** "case level" pairs listed here that {@code now} does not pass, for the cases {@code now} ran. */
    public List<String> lostIn(PassingList now, Set<String> ran) {
        return difference(this, now, ran);
    }

    /** "case level" pairs {@code now} passes that are not listed here. */
    public List<String> gainedIn(PassingList now, Set<String> ran) {
        return difference(now, this, ran);
    }

    private static List<String> difference(PassingList a, PassingList b, Set<String> ran) {
        List<String> out = new ArrayList<>();
        a.entries.forEach((name, levels) -> {
            if (!ran.contains(name)) {
                return;
            }
            Set<Level> other = b.entries.getOrDefault(name, Set.of());
            for (Level l : EnumSet.copyOf(levels)) {
                if (!other.contains(l)) {
                    out.add(name + " level " + l.number());
                }
            }
        });
        return out;
    }

    /** This list with the entries of the cases that ran replaced by {@code now}'s. */
    public PassingList updatedWith(PassingList now, Set<String> ran) {
        Map<String, Set<Level>> m = new TreeMap<>(entries);
        for (String name : ran) {
            m.remove(name);
        }
        m.putAll(now.entries);
        return new PassingList(m);
    }
}
