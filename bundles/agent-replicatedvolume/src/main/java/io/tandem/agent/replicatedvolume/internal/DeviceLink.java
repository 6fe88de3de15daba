package io.tandem.agent.replicatedvolume.internal;

import io.tandem.replication.device.BlockDevice;
import io.tandem.replication.device.DetachReport;
import io.tandem.replication.device.DeviceException;
import io.tandem.replication.device.DeviceManager;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The agent's view of the device layer ({@code /dev/tandem/<volume>}). The only class of the agent that names the
 * replication-device bundle's types: the agent's component class must load and run when that bundle is not installed
 * (its package is imported optionally), so it holds this class instead of a {@link DeviceManager}.
 */
final class DeviceLink {
    /** What a detach left behind that keeps the volume from becoming Secondary. */
    record Detached(String steps, boolean released, String problems) {
    }

    private final DeviceManager devices;

    DeviceLink(DeviceManager devices) {
        this.devices = devices;
    }

    /** Casts the service object DS located; fails with ClassCastException/NoClassDefFoundError if it is not one. */
    static DeviceLink of(Object service) {
        return new DeviceLink((DeviceManager) service);
    }

    /** Attaches the (Primary) volume; returns the device's link. */
    Path attach(String volume) throws DeviceException {
        return devices.attach(volume).link();
    }

    /** Detaches the volume's device if it has one; refused (DeviceException) while it is mounted. */
    Optional<Detached> detachIfAttached(String volume) throws DeviceException {
        if (devices.device(volume).isEmpty()) {
            return Optional.empty();
        }
        DetachReport r = devices.detach(volume);
        return Optional.of(new Detached(String.join("; ", r.steps()), r.volumeReleased(),
                String.join("; ", r.problems())));
    }

    /** "/dev/tandem/r0 -> /dev/loop3, mounted on /srv" or empty when the volume is not attached. */
    Optional<String> describe(String volume) {
        return devices.device(volume).map(DeviceLink::describe);
    }

    static String describe(BlockDevice d) {
        return d.link() + " -> " + d.loopDevice() + (d.mounted() ? ", mounted on " + d.mountPoints().stream()
                .map(Path::toString).collect(Collectors.joining(", ")) : ", not mounted");
    }
}
