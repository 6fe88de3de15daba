package io.tandem.replication;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Automatic split-brain recovery policies (drbd.conf {@code after-sb-0pri}, {@code after-sb-1pri},
 * {@code after-sb-2pri}), with the meaning DRBD 8 gives them. Each slot accepts only some of them, see
 * {@link #allowedFor(int)}.
 */
public enum AfterSplitBrain {
    /** No automatic resolution: drop the connection and report; recover with {@code connect --discard-my-data}. */
    DISCONNECT("disconnect"),
    /** The node that became Primary after the split loses its changes. */
    DISCARD_YOUNGER_PRIMARY("discard-younger-primary"),
    /** The node that was Primary when the split happened loses its changes. */
    DISCARD_OLDER_PRIMARY("discard-older-primary"),
    /** If only one node wrote since the split, the other one syncs from it; otherwise as discard-least-changes (0pri). */
    DISCARD_ZERO_CHANGES("discard-zero-changes"),
    /** The node with fewer changed blocks loses its changes. */
    DISCARD_LEAST_CHANGES("discard-least-changes"),
    /** This node always loses (the peer's data wins). */
    DISCARD_LOCAL("discard-local"),
    /** The peer always loses. */
    DISCARD_REMOTE("discard-remote"),
    /** Apply the after-sb-0pri policy; accept its result only if it discards the Secondary. */
    CONSENSUS("consensus"),
    /** The Secondary loses. */
    DISCARD_SECONDARY("discard-secondary"),
    /** Apply the after-sb-0pri policy even though a Primary may lose its data. */
    VIOLENTLY_AS0P("violently-as0p"),
    /** Apply after-sb-0pri; a Primary that loses is demoted, or if it cannot be, reported (pri-lost-after-sb). */
    CALL_PRI_LOST_AFTER_SB("call-pri-lost-after-sb");

    private static final Set<AfterSplitBrain> ZERO_PRIMARIES = EnumSet.of(DISCONNECT, DISCARD_YOUNGER_PRIMARY,
            DISCARD_OLDER_PRIMARY, DISCARD_ZERO_CHANGES, DISCARD_LEAST_CHANGES, DISCARD_LOCAL, DISCARD_REMOTE);
    private static final Set<AfterSplitBrain> ONE_PRIMARY = EnumSet.of(DISCONNECT, CONSENSUS, DISCARD_SECONDARY,
            VIOLENTLY_AS0P, CALL_PRI_LOST_AFTER_SB);
    private static final Set<AfterSplitBrain> TWO_PRIMARIES = EnumSet.of(DISCONNECT, VIOLENTLY_AS0P,
            CALL_PRI_LOST_AFTER_SB);

    private final String drbdName;

    AfterSplitBrain(String drbdName) {
        this.drbdName = drbdName;
    }

    public String drbdName() {
        return drbdName;
    }

    /** The policies drbd.conf accepts for after-sb-{@code primaries}pri. */
    public static Set<AfterSplitBrain> allowedFor(int primaries) {
        return switch (primaries) {
            case 0 -> ZERO_PRIMARIES;
            case 1 -> ONE_PRIMARY;
            case 2 -> TWO_PRIMARIES;
            default -> throw new IllegalArgumentException("primaries must be 0, 1 or 2: " + primaries);
        };
    }

    public static AfterSplitBrain parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (AfterSplitBrain v : values()) {
            if (v.drbdName.equals(t)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown after-sb policy '" + text + "'");
    }

    @Override
    public String toString() {
        return drbdName;
    }
}
