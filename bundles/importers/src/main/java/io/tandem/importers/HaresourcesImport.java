package io.tandem.importers;

import io.tandem.cib.Cib;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The result of importing a haresources file: the findings and the Cib with the imported resources merged in.
 *
 * @param cib the given Cib with the groups, constraints and rsc_defaults added; the given Cib itself, unchanged,
 *        when any finding is an {@link Severity#ERROR}
 */
public record HaresourcesImport(Path file, List<ImportFinding> findings, Cib cib) {
    public HaresourcesImport {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(cib, "cib");
        findings = List.copyOf(findings);
    }

    public boolean hasErrors() {
        return count(Severity.ERROR) > 0;
    }

    public long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }
}
