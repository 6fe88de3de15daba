package io.tandem.replication.device.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code io.tandem.replication.device} ({@code etc/io.tandem.replication.device.config}). */
@ObjectClassDefinition(id = DeviceManagerImpl.PID, name = "Tandem replicated block devices",
        description = "How replicated volumes are exposed as block devices (FUSE file + loop device, and NBD)")
public @interface DeviceConfig {
    @AttributeDefinition(description = "Where the FUSE mount points live (one directory per attached volume). "
            + "Empty: ${karaf.data}/tandem/devices")
    String stateDirectory() default "";

    @AttributeDefinition(description = "Where the device links go: DIRECTORY/VOLUME -> /dev/loopN")
    String deviceDirectory() default "/dev/tandem";

    @AttributeDefinition(description = "Attach the loop device with direct I/O (losetup --direct-io=on): no second "
            + "page-cache copy of the volume, and the loop device can keep several requests in flight")
    boolean loopDirectIo() default true;

    @AttributeDefinition(description = "Mount the FUSE file with direct_io (requests bypass the FUSE file's page cache)")
    boolean fuseDirectIo() default false;

    @AttributeDefinition(description = "Where attached volumes are also exported over NBD, one UNIX socket per "
            + "volume (DIRECTORY/VOLUME.sock, mode 0600), for kernels with the nbd driver "
            + "(nbd-client -unix DIRECTORY/VOLUME.sock /dev/nbd0) and user-space NBD clients. Empty: no NBD export")
    String nbdDirectory() default "/run/tandem/nbd";

    @AttributeDefinition(description = "Time limit of one losetup or fusermount call and of the FUSE handshake")
    long commandTimeoutMillis() default 10_000;

    @AttributeDefinition(description = "How long detach waits for the loop device to let go and the FUSE file "
            + "system to unmount before it reports and finishes lazily")
    long detachTimeoutMillis() default 10_000;
}
