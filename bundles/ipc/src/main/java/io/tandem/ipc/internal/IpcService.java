package io.tandem.ipc.internal;

import io.tandem.ipc.spi.IpcHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local API socket as a component: owns the {@link IpcServer} and feeds it the {@link IpcHandler}
 * whiteboard. It provides no service of its own; clients reach it through the socket.
 */
@Component(service = {}, configurationPid = "io.tandem.ipc", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
@Designate(ocd = IpcConfig.class)
public final class IpcService {
    private static final Logger LOG = LoggerFactory.getLogger(IpcService.class);

    private final HandlerRegistry registry = new HandlerRegistry();
    private final IpcServer server;

    @Activate
    public IpcService(IpcConfig config) {
        IpcServer.Settings settings = new IpcServer.Settings(socketPath(config.socketPath(), System.getProperty("karaf.data")),
                permissions(config.socketMode()), config.maxConnections(), config.readTimeoutMillis());
        PeerPolicy policy = ApiAuthPolicy.fromConfig(config.allowRoot(), config.allowedUsers(), config.allowedGroups(),
                config.apiAuth(), UserDatabase.system());
        server = new IpcServer(settings, policy, registry::handler);
        try {
            server.start();
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException("socketPath " + settings.socketPath() + ": cannot listen: " + e.getMessage(), e);
        }
    }

    static Path socketPath(String configured, String karafData) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.trim());
        }
        if (karafData == null || karafData.isBlank()) {
            throw new IllegalArgumentException("socketPath is empty and karaf.data is not set: configure socketPath");
        }
        return Path.of(karafData, "tandem", "tandem.sock");
    }

    /** @throws IllegalArgumentException naming socketMode if it is not an octal mode */
    static Set<PosixFilePermission> permissions(String octal) {
        int mode;
        try {
            mode = Integer.parseInt(octal.trim(), 8);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("socketMode '" + octal + "' is not an octal file mode such as 0660");
        }
        if (mode < 0 || mode > 0777) {
            throw new IllegalArgumentException("socketMode '" + octal + "' is outside 0000..0777");
        }
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                permissions.add(bits[i]);
            }
        }
        return permissions;
    }

    @Deactivate
    public void deactivate() {
        server.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void bindHandler(IpcHandler handler, Map<String, Object> properties) {
        List<String> verbs = HandlerRegistry.verbs(properties.get(IpcHandler.VERB_PROPERTY));
        if (verbs.isEmpty()) {
            LOG.warn("Ignoring IpcHandler {} without an '{}' property", handler, IpcHandler.VERB_PROPERTY);
            return;
        }
        int ranking = properties.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
        long id = properties.get(Constants.SERVICE_ID) instanceof Long l ? l : Long.MAX_VALUE;
        List<String> contested = registry.add(verbs, new HandlerRegistry.Registration(handler, ranking, id));
        if (!contested.isEmpty()) {
            LOG.warn("Several IpcHandlers claim {}: the highest service.ranking (then the oldest) answers", contested);
        }
    }

    public void unbindHandler(IpcHandler handler) {
        registry.remove(handler);
    }
}
