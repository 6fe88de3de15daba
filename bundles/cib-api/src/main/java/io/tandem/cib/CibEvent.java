package io.tandem.cib;

import java.util.Objects;

/**
 * A change of a node's CIB: the CIB before and after and the patch between them (which the DC sends to its peers).
 * When nothing changed, {@code previous == current} and the patch is empty.
 */
public record CibEvent(Cib previous, Cib current, CibPatch patch, Origin origin) {
    public enum Origin {
        /** {@link CibStore#apply}: a local change (on the DC). */
        LOCAL,
        /** {@link CibStore#receive}: a patch from the DC. */
        RECEIVED,
        /** {@link CibStore#replace}: a whole CIB (a resync, or a newer copy after a partition healed). */
        REPLACED
    }

    public CibEvent {
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(patch, "patch");
        Objects.requireNonNull(origin, "origin");
    }

    public boolean changed() {
        return previous != current;
    }

    /** Whether the configuration section changed (as opposed to status or root attributes only). */
    public boolean configurationChanged() {
        return !CibDigest.sameContent(previous.configuration(), current.configuration());
    }
}
