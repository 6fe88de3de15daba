package io.tandem.replication;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ReplicationService#importDrbdConf} found and did.
 *
 * @param file the drbd.conf, absolute
 * @param node the node the file was read for
 * @param errors problems that stop the import (unknown keywords, bad values), each {@code file:line: message}
 * @param warnings problems that do not (obsolete options, no resource for this node)
 * @param volumes this node's volumes as the file defines them
 * @param applied whether the configuration now names this file (false for a dry run or with errors)
 */
public record DrbdConfImport(Path file, String node, List<DrbdConf.Problem> errors, List<DrbdConf.Problem> warnings,
        List<VolumeConfig> volumes, boolean applied) {
    public DrbdConfImport {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(node, "node");
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        volumes = List.copyOf(volumes);
        if (applied && !errors.isEmpty()) {
            throw new IllegalArgumentException("a drbd.conf with errors is never applied");
        }
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }
}
