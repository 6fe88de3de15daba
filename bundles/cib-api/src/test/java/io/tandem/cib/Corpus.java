package io.tandem.cib;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Pacemaker's scheduler regression inputs: {@code -Dtandem.conformance.dir}, else the checkout next to the repository
 * (../shared/conformance), else the copy the repository vendors ({@code conformance/corpus/*.tar.gz}), unpacked
 * once into this module's {@code target/} with the system's tar, so the tests run on a clean clone too.
 */
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
        return vendored();
    }

    private static Optional<Path> vendored() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path tarball = p.resolve("conformance/corpus/pacemaker-2.1.5-scheduler.tar.gz");
            if (!Files.isRegularFile(tarball)) {
                continue;
            }
            Path into = Path.of("target", "pacemaker-scheduler-corpus").toAbsolutePath();
            Path xml = into.resolve("xml");
            if (Files.isDirectory(xml)) {
                return Optional.of(xml);
            }
            try {
                Files.createDirectories(into);
                Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", into.toString())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                return tar.waitFor() == 0 && Files.isDirectory(xml) ? Optional.of(xml) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
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
