/**
 * Replicated volumes as block devices the OS can format and mount: {@link io.tandem.replication.device.DeviceManager}
 * attaches a Primary volume as {@code /dev/tandem/<volume>} (a FUSE file on a loop device) and detaches it again.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.tandem.replication.device;
