package io.tandem.cib;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Pacemaker's scheduler regression inputs, found next to the repository (../shared/conformance) when present. */
final class Corpus {
    private Corpus() {
    }

    static Optional<Path> directory() {
        String configured = System.getProperty("tandem.conformance.dir");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured, "pacemaker-scheduler", "xml");
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/conformance/pacemaker-scheduler/xml");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".xml")).sorted().toList();
        }
    }

    static String caseName(Path file) {
        String n = file.getFileName().toString();
        return n.substring(0, n.length() - ".xml".length());
    }
}
