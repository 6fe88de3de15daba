package io.tandem.replication;

/** A disk's state ({@code ds:} in /proc/drbd), in DRBD's order: worse states first. */
public enum DiskState {
    DISKLESS("Diskless"),
    ATTACHING("Attaching"),
    FAILED("Failed"),
    NEGOTIATING("Negotiating"),
    INCONSISTENT("Inconsistent"),
    OUTDATED("Outdated"),
    UNKNOWN("DUnknown"),
    CONSISTENT("Consistent"),
    UP_TO_DATE("UpToDate");

    private final String drbdName;

    DiskState(String drbdName) {
        this.drbdName = drbdName;
    }

    public String drbdName() {
        return drbdName;
    }

    /** True for a disk that holds data worth syncing from (Consistent, UpToDate). */
    public boolean isConsistent() {
        return this == CONSISTENT || this == UP_TO_DATE;
    }

    public boolean hasDisk() {
        return ordinal() >= INCONSISTENT.ordinal() && this != UNKNOWN;
    }

    @Override
    public String toString() {
        return drbdName;
    }
}
