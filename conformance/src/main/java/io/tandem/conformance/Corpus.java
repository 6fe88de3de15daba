package io.tandem.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pacemaker 2.1.5's scheduler regression cases ({@code cts/scheduler}): input CIB, expected summary and scores,
 * and the feature flags of {@code features.tsv}. Read from the vendored archive or from an unpacked directory.
 */
public final class Corpus {
    /** Has files upstream but is not in cts-scheduler's list, and its stored outputs are stale. */
    public static final Set<String> NOT_TESTS = Set.of("bundle-order-partial");

    /** Upstream's driver gives these cases a fixed "now" ({@code -t}), for the scores run only. */
    public static final Map<String, String> DATE_OPTIONS = Map.of(
            "date-1", "2005-020",
            "date-2", "2005-020T12:30",
            "date-3", "2005-020T11:30",
            "origin", "2014-05-07 00:28:00");

    /** A case is "simple" when it uses none of these features. */
    public static final List<String> ADVANCED_FEATURES = List.of("tickets", "bundle", "remote_node", "guest_node",
            "nodes_section_type_remote", "utilization_placement_strategy", "resource_sets_in_constraints",
            "fencing_topology", "date_expressions_in_rules", "resource_template", "tags", "allow_migrate");

    private final List<String> featureNames;
    private final List<CorpusCase> cases;

    private Corpus(List<String> featureNames, List<CorpusCase> cases) {
        this.featureNames = List.copyOf(featureNames);
        this.cases = List.copyOf(cases);
    }

    public List<String> featureNames() {
        return featureNames;
    }

    public List<CorpusCase> cases() {
        return cases;
    }

    /** Reads the archive, or the directory holding xml/, summary/, scores/ and features.tsv. */
    public static Corpus load(Path location) throws IOException {
        if (Files.isDirectory(location)) {
            return fromFiles(name -> {
                Path p = location.resolve(name);
                return Files.exists(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
            }, location.toString());
        }
        Map<String, byte[]> files;
        try (InputStream in = Files.newInputStream(location)) {
            files = TarGz.read(in, location.toString());
        }
        return fromFiles(name -> Optional.ofNullable(files.get(name)), location.toString());
    }

    interface FileSource {
        Optional<byte[]> read(String name) throws IOException;
    }

    static Corpus fromFiles(FileSource files, String sourceName) throws IOException {
        String tsv = text(files, "features.tsv", sourceName);
        List<String> rows = CrmSimulateText.lines(tsv);
        if (rows.isEmpty()) {
            throw new IOException(sourceName + ": features.tsv is empty");
        }
        String[] header = rows.get(0).split("\t");
        if (!header[0].equals("case")) {
            throw new IOException(sourceName + ": features.tsv:1: the first column must be \"case\", not \"" + header[0] + "\"");
        }
        List<String> featureNames = List.of(header).subList(1, header.length);
        for (String f : ADVANCED_FEATURES) {
            if (!featureNames.contains(f)) {
                throw new IOException(sourceName + ": features.tsv:1: no column \"" + f + "\"");
            }
        }
        List<CorpusCase> cases = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).isBlank()) {
                continue;
            }
            String[] cols = rows.get(i).split("\t");
            if (cols.length != header.length) {
                throw new IOException(sourceName + ": features.tsv:" + (i + 1) + ": " + cols.length + " columns, header has " + header.length);
            }
            String name = cols[0];
            if (NOT_TESTS.contains(name)) {
                continue;
            }
            Map<String, Boolean> features = new LinkedHashMap<>();
            for (int c = 1; c < cols.length; c++) {
                if (!cols[c].equals("0") && !cols[c].equals("1")) {
                    throw new IOException(sourceName + ": features.tsv:" + (i + 1) + ": column " + header[c] + " is \"" + cols[c] + "\", not 0 or 1");
                }
                features.put(header[c], cols[c].equals("1"));
            }
            cases.add(new CorpusCase(name,
                    bytes(files, "xml/" + name + ".xml", sourceName),
                    text(files, "summary/" + name + ".summary", sourceName),
                    text(files, "scores/" + name + ".scores", sourceName),
                    Optional.ofNullable(DATE_OPTIONS.get(name)),
                    Collections.unmodifiableMap(features)));
        }
        return new Corpus(featureNames, cases);
    }

    private static byte[] bytes(FileSource files, String name, String sourceName) throws IOException {
        return files.read(name).orElseThrow(() -> new IOException(sourceName + ": " + name + " is missing"));
    }

    private static String text(FileSource files, String name, String sourceName) throws IOException {
        return new String(bytes(files, name, sourceName), StandardCharsets.UTF_8);
    }

    /** Cases grouped for reporting: how many carry each feature. */
    public Map<String, Integer> featureCounts() {
        Map<String, Integer> out = new HashMap<>();
        for (CorpusCase c : cases) {
            c.features().forEach((f, on) -> {
                if (on) {
                    out.merge(f, 1, Integer::sum);
                }
            });
        }
        return out;
    }
}
