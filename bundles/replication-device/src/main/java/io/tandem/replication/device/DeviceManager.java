package io.tandem.replication.device;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Exposes Primary replicated volumes of this node as block devices ({@code /dev/tandem/<volume>}). While a volume is
 * attached it is held open, so it refuses to become Secondary or go down, as DRBD refuses while its device is in use.
 */
@ProviderType
public interface DeviceManager {
    /**
     * Attaches the volume (which must be up and Primary) as a block device. Attaching an attached volume returns its
     * device. Leftovers of an earlier run (a dead FUSE mount, its loop device, the link) are cleaned up first.
     *
     * @throws DeviceException if the volume is not up or not Primary, or the device cannot be set up (the message
     *         names the step and the system's error); nothing stays behind
     */
    BlockDevice attach(String volume) throws DeviceException;

    /**
     * Detaches the device and releases the volume. Refused while the device is mounted (in this mount namespace) or
     * held by another block device (dm, md). Steps that could only be finished lazily are reported, not hidden.
     *
     * @throws DeviceException if the volume is not attached or the device is busy
     */
    DetachReport detach(String volume) throws DeviceException;

    /** The attached devices, with where each is mounted now. */
    List<BlockDevice> status();

    Optional<BlockDevice> device(String volume);
}
