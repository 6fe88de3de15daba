package io.tandem.replication;

import java.util.List;
import java.util.Objects;

/** Something a {@link VolumeListener} is told about. */
public sealed interface VolumeEvent {
    String volume();

    /** Any change of connection, role or disk state (of either node). */
    record StateChanged(String volume, VolumeStatus before, VolumeStatus after) implements VolumeEvent {
        public StateChanged {
            Objects.requireNonNull(before);
            Objects.requireNonNull(after);
        }
    }

    /**
     * A split brain was found on connect.
     *
     * @param resolution what happened: "disconnect" (unresolved, manual recovery needed) or which node's data was
     *        discarded by which policy
     * @param localChangedKiB this node's changes since the split, per its bitmap
     * @param peerChangedKiB the peer's
     */
    record SplitBrain(String volume, int primaries, String resolution, boolean resolved, long localChangedKiB,
            long peerChangedKiB) implements VolumeEvent {
    }

    /** A Primary lost a split-brain resolution and could not be demoted: DRBD's pri-lost-after-sb handler. */
    record PrimaryLostAfterSplitBrain(String volume) implements VolumeEvent {
    }

    /** A resync finished; {@code blocks} 4 KiB blocks were copied in {@code millis}. */
    record ResyncFinished(String volume, boolean source, long blocks, long millis) implements VolumeEvent {
    }

    /** An online verify finished; the first up to 1000 differing block numbers, now marked out of sync. */
    record VerifyFinished(String volume, long blocksChecked, long outOfSyncBlocks, List<Long> firstBlocks)
            implements VolumeEvent {
        public VerifyFinished {
            firstBlocks = List.copyOf(firstBlocks);
        }
    }

    /** The backing store failed; {@code detached} if the disk was dropped (on-io-error detach). */
    record IoError(String volume, String operation, String message, boolean detached) implements VolumeEvent {
    }
}
