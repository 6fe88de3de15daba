package io.tandem.membership;

import java.util.Locale;

/** What the resource manager does in a partition without quorum (Pacemaker's no-quorum-policy). */
public enum NoQuorumPolicy {
    /** Carry on as if quorate. */
    IGNORE,
    /** Keep running resources, start nothing new. */
    FREEZE,
    /** Stop all resources in the partition (Pacemaker's default). */
    STOP,
    /** Fence all nodes in the partition. */
    SUICIDE,
    /** Demote promotable resources, stop the rest. */
    DEMOTE;

    /** The value as written in the CIB: {@code ignore}, {@code freeze}, ... */
    public String cibValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static NoQuorumPolicy parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no-quorum-policy '" + text + "' is not one of ignore, freeze, stop, suicide, demote");
        }
    }
}
