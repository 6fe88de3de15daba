package io.tandem.replication.device.internal;

import io.tandem.replication.ReplicationService;
import io.tandem.replication.device.BlockDevice;
import io.tandem.replication.device.DetachReport;
import io.tandem.replication.device.DeviceException;
import io.tandem.replication.device.DeviceManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@link DeviceManager} of this node: attaches the volumes of the {@link ReplicationService} as
 * {@code /dev/tandem/<volume>}. Deactivation detaches what it can; a mounted device stays attached (and its volume
 * held open) and is logged, since pulling a mounted disk away would be worse.
 */
@Component(service = DeviceManager.class, configurationPid = DeviceManagerImpl.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DeviceConfig.class)
public final class DeviceManagerImpl implements DeviceManager {
    static final String PID = "io.tandem.replication.device";

    private final DeviceAttacher attacher;

    @Activate
    public DeviceManagerImpl(DeviceConfig config, BundleContext context, @Reference ReplicationService replication) {
        this.attacher = new DeviceAttacher(settings(config, context), replication::volume);
    }

    static DeviceAttacher.Settings settings(DeviceConfig config, BundleContext context) {
        String state = config.stateDirectory() == null ? "" : config.stateDirectory().strip();
        Path stateDirectory;
        if (state.isEmpty()) {
            String data = context.getProperty("karaf.data");
            stateDirectory = Path.of(data != null ? data : "data").toAbsolutePath().resolve("tandem").resolve("devices");
        } else {
            stateDirectory = Path.of(state);
        }
        String dev = config.deviceDirectory() == null ? "" : config.deviceDirectory().strip();
        String nbd = config.nbdDirectory() == null ? "" : config.nbdDirectory().strip();
        try {
            return new DeviceAttacher.Settings(stateDirectory, Path.of(dev.isEmpty() ? "/dev/tandem" : dev),
                    config.loopDirectIo(), config.fuseDirectIo(), config.commandTimeoutMillis(),
                    config.detachTimeoutMillis(), nbd.isEmpty() ? Optional.empty() : Optional.of(Path.of(nbd)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + ": " + e.getMessage(), e);
        }
    }

    @Deactivate
    void deactivate() {
        attacher.close();
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
}
