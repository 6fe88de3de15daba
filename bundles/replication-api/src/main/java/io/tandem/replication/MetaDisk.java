package io.tandem.replication;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a volume's metadata lives: {@code internal} (the last part of the backing store, which shrinks the
 * volume by the metadata size) or an external file or device, where index {@code i} starts at i x 128 MiB as
 * in DRBD's {@code meta-disk /dev/x [i]}.
 *
 * @param external the metadata file or device, or null for internal metadata
 * @param index the 128 MiB slot in the external store; 0 for internal
 */
public record MetaDisk(Path external, int index) {
    /** Size of one external metadata slot, as DRBD's fixed-size external metadata. */
    public static final long EXTERNAL_SLOT_BYTES = 128L << 20;

    public MetaDisk {
        if (index < 0) {
            throw new IllegalArgumentException("meta-disk index must not be negative: " + index);
        }
        if (external == null && index != 0) {
            throw new IllegalArgumentException("internal meta-disk has no index");
        }
    }

    public static MetaDisk internal() {
        return new MetaDisk(null, 0);
    }

    public static MetaDisk external(Path file, int index) {
        return new MetaDisk(Objects.requireNonNull(file, "file"), index);
    }

    public boolean isInternal() {
        return external == null;
    }

    /** As drbd.conf writes it: {@code internal} or {@code /path [i]}. */
    @Override
    public String toString() {
        return isInternal() ? "internal" : external + " [" + index + "]";
    }
}
