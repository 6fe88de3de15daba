package io.tandem.importers;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an import found and what it applied (or would apply, on a dry run).
 *
 * @param configurations per ConfigAdmin PID, the properties this import sets (keys it does not mention keep their
 *        current values). Values are ConfigAdmin types: {@code String}, {@code Long}, {@code Integer},
 *        {@code Boolean}, {@code String[]}. Sorted by PID and key.
 * @param applied whether the configurations and the authkeys file were written: never on a dry run or with an
 *        {@link Severity#ERROR}
 * @param authKeysWritten where the authkeys file was written, when applied
 */
public record ImportReport(Path haCf, Path authKeys, List<ImportFinding> findings,
                           Map<String, Map<String, Object>> configurations, boolean dryRun, boolean applied,
                           Optional<Path> authKeysWritten) {
    public ImportReport {
        Objects.requireNonNull(haCf, "haCf");
        Objects.requireNonNull(authKeys, "authKeys");
        Objects.requireNonNull(authKeysWritten, "authKeysWritten");
        findings = List.copyOf(findings);
        TreeMap<String, Map<String, Object>> sorted = new TreeMap<>();
        configurations.forEach((pid, properties) -> sorted.put(pid, Collections.unmodifiableMap(new TreeMap<>(properties))));
        configurations = Collections.unmodifiableMap(sorted);
        if (applied && (dryRun || findings.stream().anyMatch(f -> f.severity() == Severity.ERROR))) {
            throw new IllegalArgumentException("a dry run or an import with errors cannot have been applied");
        }
        if (authKeysWritten.isPresent() && !applied) {
            throw new IllegalArgumentException("authkeys cannot have been written by an import that was not applied");
        }
    }

    public boolean hasErrors() {
        return count(Severity.ERROR) > 0;
    }

    public long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }
}
