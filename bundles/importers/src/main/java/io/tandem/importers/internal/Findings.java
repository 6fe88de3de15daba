package io.tandem.importers.internal;

import io.tandem.importers.ImportFinding;
import io.tandem.importers.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the findings of one parse of one file. */
final class Findings {
    private final Path file;
    private final List<ImportFinding> list = new ArrayList<>();

    Findings(Path file) {
        this.file = file;
    }

    void info(int line, String directive, String message) {
        add(line, Severity.INFO, directive, message);
    }

    void warning(int line, String directive, String message) {
        add(line, Severity.WARNING, directive, message);
    }

    void error(int line, String directive, String message) {
        add(line, Severity.ERROR, directive, message);
    }

    void add(int line, Severity severity, String directive, String message) {
        list.add(new ImportFinding(file, line, severity, directive, message));
    }

    /** In line order (file-wide findings first), and in the order found within a line. */
    List<ImportFinding> toList() {
        return list.stream().sorted(Comparator.comparingInt(ImportFinding::line)).toList();
    }
}
