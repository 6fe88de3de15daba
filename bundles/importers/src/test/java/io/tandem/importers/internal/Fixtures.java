package io.tandem.importers.internal;

import io.tandem.importers.ImportFinding;
import io.tandem.importers.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** The seeds' files, copied verbatim into test resources, and a compact form of findings to compare. */
final class Fixtures {
    private Fixtures() {
    }

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "LINE SEVERITY directive", sorted by line, for exact comparison. */
    static List<String> summary(List<ImportFinding> findings) {
        return findings.stream()
                .sorted(java.util.Comparator.comparingInt(ImportFinding::line))
                .map(f -> f.line() + " " + f.severity() + " " + f.directive())
                .collect(Collectors.toList());
    }

    static List<ImportFinding> withSeverity(List<ImportFinding> findings, Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).collect(Collectors.toList());
    }
}
