package io.tandem.replication;

/** A node's role for a volume ({@code ro:} in /proc/drbd); {@link #UNKNOWN} is the peer's while disconnected. */
public enum Role {
    PRIMARY("Primary"),
    SECONDARY("Secondary"),
    UNKNOWN("Unknown");

    private final String drbdName;

    Role(String drbdName) {
        this.drbdName = drbdName;
    }

    public String drbdName() {
        return drbdName;
    }

    @Override
    public String toString() {
        return drbdName;
    }
}
