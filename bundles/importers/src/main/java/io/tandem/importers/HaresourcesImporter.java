package io.tandem.importers;

import io.tandem.cib.Cib;
import io.tandem.importers.internal.HaresourcesParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Imports heartbeat v1's {@code haresources} into a CIB: each line becomes a group (started left to right) with a
 * location preference for the line's node, and {@code auto_failback} becomes the default resource-stickiness.
 * See the module README for the mapping of resource scripts to agents and the id scheme (that of Pacemaker's
 * haresources2cib.py). Pure apart from reading files: the result is a new Cib for the caller to store.
 */
public final class HaresourcesImporter {
    private HaresourcesImporter() {
    }

    /**
     * @param file only used to name the file in findings
     * @param text the haresources file's content
     * @param into the Cib to merge into (usually the cluster's current one)
     * @param autoFailback ha.cf's {@code auto_failback} value ({@code on}, {@code off}, {@code legacy} or another
     *        heartbeat boolean), or null when ha.cf has none (heartbeat's default, legacy)
     * @param heartbeatScripts names of the scripts in heartbeat's {@code resource.d}; a resource with one of these
     *        names and no OCF equivalent becomes a {@code heartbeat:} class resource instead of {@code lsb:}
     */
    public static HaresourcesImport importText(Path file, String text, Cib into, String autoFailback,
                                               Set<String> heartbeatScripts) {
        return HaresourcesParser.importText(file, text, into, autoFailback, heartbeatScripts);
    }

    /**
     * Reads the file and the names in {@code resource.d} beside it (heartbeat's layout: {@code /etc/ha.d/haresources}
     * and {@code /etc/ha.d/resource.d/}), then imports as {@link #importText} does.
     */
    public static HaresourcesImport importFile(Path haresources, Cib into, String autoFailback) throws IOException {
        String text = Files.readString(haresources, StandardCharsets.UTF_8);
        Set<String> scripts = new TreeSet<>();
        Path parent = haresources.toAbsolutePath().getParent();
        Path resourceD = parent == null ? null : parent.resolve("resource.d");
        if (resourceD != null && Files.isDirectory(resourceD)) {
            try (Stream<Path> list = Files.list(resourceD)) {
                list.forEach(p -> scripts.add(p.getFileName().toString()));
            }
        }
        return importText(haresources, text, into, autoFailback, scripts);
    }
}
