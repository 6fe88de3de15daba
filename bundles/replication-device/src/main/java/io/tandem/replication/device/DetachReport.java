package io.tandem.replication.device;

import java.util.List;
import java.util.Objects;

/**
 * What a detach did.
 *
 * @param volume the volume
 * @param steps the steps taken, in order ("losetup -d /dev/loop3", "fusermount -u ...", ...)
 * @param lazy true if a step could only be finished lazily: the loop device was still open (the kernel detaches it
 *        at its last close) or the FUSE mount had to be unmounted with {@code -z}; the volume then stays held open
 *        (refusing Secondary) until the FUSE file system is really gone
 * @param problems what did not go as planned, for the operator
 * @param volumeReleased whether the volume was released (no longer held open) when detach returned
 */
public record DetachReport(String volume, List<String> steps, boolean lazy, List<String> problems,
        boolean volumeReleased) {
    public DetachReport {
        Objects.requireNonNull(volume, "volume");
        steps = List.copyOf(steps);
        problems = List.copyOf(problems);
    }
}
