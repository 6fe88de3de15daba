package io.tandem.attributes.internal;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where permanent node attributes and cluster options live between restarts. Today a local file
 * ({@link FileStorage}); the controller will back it with the CIB's nodes and crm_config sections, which is
 * why the store only ever hands over whole snapshots.
 */
interface PermanentStorage {
    /** Everything permanent: node -> name -> value, and the cluster options. */
    record Snapshot(Map<String, Map<String, String>> nodes, Map<String, String> options) {
        public Snapshot {
            Map<String, Map<String, String>> copy = new TreeMap<>();
            nodes.forEach((node, attrs) -> {
                if (!attrs.isEmpty()) {
                    copy.put(node, Map.copyOf(attrs));
                }
            });
            nodes = Map.copyOf(copy);
            options = Map.copyOf(options);
        }

        public static Snapshot empty() {
            return new Snapshot(Map.of(), Map.of());
        }
    }

    Snapshot load() throws IOException;

    /** Replaces what is stored; either all of it is kept or none (a crash leaves the previous snapshot). */
    void save(Snapshot snapshot) throws IOException;
}
