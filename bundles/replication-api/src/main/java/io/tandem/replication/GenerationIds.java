package io.tandem.replication;

/**
 * DRBD 8's generation identifiers ("UUIDs") of a volume's data. {@code current} names the data as it is now;
 * {@code bitmap} is the current id the peer was last in sync with while this node tracks changes in its
 * bitmap (0 when not tracking); {@code history0}/{@code history1} are older current ids. Bit 0 of an id records
 * whether it was made by a Primary. Comparing these on connect decides the sync direction or finds a split brain.
 */
public record GenerationIds(long current, long bitmap, long history0, long history1) {
    /** The current id of freshly created metadata: data of unknown content. */
    public static final long JUST_CREATED = 4;

    public static GenerationIds justCreated() {
        return new GenerationIds(JUST_CREATED, 0, 0, 0);
    }

    /** As drbdadm show-gi prints them: {@code CURRENT:BITMAP:HISTORY0:HISTORY1}, 16 hex digits each. */
    @Override
    public String toString() {
        return String.format("%016X:%016X:%016X:%016X", current, bitmap, history0, history1);
    }
}
