package io.tandem.replication.device.internal;

import io.tandem.replication.ReplicationService;
import io.tandem.replication.device.BlockDevice;
import io.tandem.replication.device.DetachReport;
import io.tandem.replication.device.DeviceException;
import io.tandem.replication.device.DeviceManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Opens the device layer's package-private attacher to the agent's tests (same package, test class path only). */
public final class TestDevices implements DeviceManager, AutoCloseable {
    private final DeviceAttacher attacher;

    /** The real device layer for {@code replication}'s volumes, FUSE mounts under {@code state}, links in /dev/tandem. */
    public TestDevices(ReplicationService replication, Path state) {
        attacher = new DeviceAttacher(new DeviceAttacher.Settings(state, Path.of("/dev/tandem"), true, false, 10_000,
                10_000, Optional.empty()), replication::volume);
    }

    @Override
    public BlockDevice attach(String volume) throws DeviceException {
        return attacher.attach(volume);
    }

    @Override
    public DetachReport detach(String volume) throws DeviceException {
        return attacher.detach(volume);
    }

    @Override
    public List<BlockDevice> status() {
        return attacher.status();
    }

    @Override
    public Optional<BlockDevice> device(String volume) {
        return attacher.device(volume);
    }

    @Override
    public void close() {
        attacher.close();
    }
}
