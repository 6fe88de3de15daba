package io.tandem.common;

/**
 * The CIB version triple (admin_epoch, epoch, num_updates). Versions order lexicographically; after a
 * partition heals, the copy with the highest version wins.
 */
public record CibVersion(long adminEpoch, long epoch, long numUpdates) implements Comparable<CibVersion> {
    public static final CibVersion ZERO = new CibVersion(0, 0, 0);

    public CibVersion {
        if (adminEpoch < 0 || epoch < 0 || numUpdates < 0) {
            throw new IllegalArgumentException("CIB version parts must not be negative: " + adminEpoch + "." + epoch + "." + numUpdates);
        }
    }

    /** Parses {@code admin_epoch.epoch.num_updates} as crm_mon and cibadmin print it. */
    public static CibVersion parse(String text) {
        String[] parts = text.trim().split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("'" + text + "' is not a CIB version (admin_epoch.epoch.num_updates)");
        }
        try {
            return new CibVersion(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a CIB version (admin_epoch.epoch.num_updates)");
        }
    }

    /** A configuration change: epoch + 1, num_updates back to 0. */
    public CibVersion nextEpoch() {
        return new CibVersion(adminEpoch, epoch + 1, 0);
    }

    /** A status change: num_updates + 1. */
    public CibVersion nextUpdate() {
        return new CibVersion(adminEpoch, epoch, numUpdates + 1);
    }

    @Override
    public int compareTo(CibVersion o) {
        int c = Long.compare(adminEpoch, o.adminEpoch);
        if (c == 0) {
            c = Long.compare(epoch, o.epoch);
        }
        return c != 0 ? c : Long.compare(numUpdates, o.numUpdates);
    }

    @Override
    public String toString() {
        return adminEpoch + "." + epoch + "." + numUpdates;
    }
}
