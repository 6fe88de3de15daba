package io.tandem.attributes.internal;

import io.tandem.attributes.AttributeLifetime;
import io.tandem.attributes.AttributeListener;
import io.tandem.attributes.ClusterOptions;
import io.tandem.attributes.NodeAttributes;
import io.tandem.common.EventLoop;
import io.tandem.common.Score;
import io.tandem.ipc.IpcMessage;
import io.tandem.ipc.spi.IpcHandler;
import io.tandem.ipc.spi.IpcRequest;
import io.tandem.membership.Membership;
import io.tandem.membership.QuorumStatus;
import io.tandem.membership.View;
import io.tandem.membership.ViewListener;
import io.tandem.messaging.ClusterMessenger;
import io.tandem.messaging.config.LocalNodeName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node attribute store as a component: an {@link AttributeStore} on its own event loop, permanent values
 * in {@code ${karaf.data}/tandem/node-attributes}, and the attribute verbs of the local socket API.
 *
 * <p>The messenger and membership are optional and dynamic: with a {@link ClusterMessenger} the transient
 * attributes are cluster-wide, with {@link Membership} views a node that leaves loses them everywhere; without
 * either the store is local. Either can come and go without losing what the store holds.
 */
@Component(service = {NodeAttributes.class, ClusterOptions.class, IpcHandler.class}, configurationPid = "io.tandem.attributes",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        property = {IpcHandler.VERB_PROPERTY + "=attr.get", IpcHandler.VERB_PROPERTY + "=attr.set",
            IpcHandler.VERB_PROPERTY + "=attr.delete", IpcHandler.VERB_PROPERTY + "=option.get",
            IpcHandler.VERB_PROPERTY + "=option.set", IpcHandler.VERB_PROPERTY + "=option.delete",
            IpcHandler.VERB_PROPERTY + "=attrd.update", IpcHandler.VERB_PROPERTY + "=attrd.query",
            IpcHandler.VERB_PROPERTY + "=attrd.refresh", IpcHandler.VERB_PROPERTY + "=node.name"})
@Designate(ocd = AttributesConfig.class)
public final class AttributesService implements NodeAttributes, ClusterOptions, IpcHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AttributesService.class);

    private final EventLoop loop;
    private final AttributeStore store;
    private final AttributeVerbs verbs;
    private final Object bindings = new Object();
    private ClusterMessenger messenger;
    private AutoCloseable messengerConnection;
    private Membership membership;
    private AutoCloseable viewRegistration;

    @Activate
    public AttributesService(AttributesConfig config,
                             @Reference(cardinality = ReferenceCardinality.OPTIONAL) ConfigurationAdmin configAdmin) {
        String node = LocalNodeName.resolve(config.nodeName(), configAdmin);
        Path directory = stateDirectory(config.stateDirectory(), System.getProperty("karaf.data"));
        loop = new EventLoop("tandem-attributes");
        try {
            store = new AttributeStore(loop, node, new FileStorage(directory.resolve(FileStorage.FILE_NAME)));
        } catch (RuntimeException e) {
            loop.close();
            throw e;
        }
        verbs = new AttributeVerbs(store);
        LOG.info("Node attributes for {} ({} permanent values in {})", node, store.all(node, AttributeLifetime.FOREVER).size(), directory);
    }

    static Path stateDirectory(String configured, String karafData) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.trim());
        }
        if (karafData == null || karafData.isBlank()) {
            throw new IllegalArgumentException("stateDirectory is empty and karaf.data is not set: configure stateDirectory");
        }
        return Path.of(karafData, "tandem");
    }

    @Deactivate
    void deactivate() {
        synchronized (bindings) {
            closeQuietly(viewRegistration);
            viewRegistration = null;
            membership = null;
            closeQuietly(messengerConnection);
            messengerConnection = null;
            messenger = null;
        }
        store.close();
        loop.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindMessenger")
    void bindMessenger(ClusterMessenger candidate) {
        synchronized (bindings) {
            closeQuietly(messengerConnection);
            messengerConnection = null;
            messenger = candidate;
            try {
                messengerConnection = store.connect(candidate);
                LOG.info("Transient node attributes are cluster-wide (channel {})", AttrdMessage.CHANNEL);
            } catch (IllegalArgumentException e) {
                LOG.error("Node attributes stay local: {}", e.getMessage());
            }
        }
    }

    void unbindMessenger(ClusterMessenger gone) {
        synchronized (bindings) {
            if (messenger == gone) {
                closeQuietly(messengerConnection);
                messengerConnection = null;
                messenger = null;
                LOG.info("No cluster messenger: node attributes are local");
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindMembership")
    void bindMembership(Membership candidate) {
        synchronized (bindings) {
            closeQuietly(viewRegistration);
            membership = candidate;
            viewRegistration = candidate.addViewListener(new ViewListener() {
                @Override
                public void viewChanged(View view, QuorumStatus quorum) {
                    store.viewChanged(view);
                }
            });
        }
    }

    void unbindMembership(Membership gone) {
        synchronized (bindings) {
            if (membership == gone) {
                closeQuietly(viewRegistration);
                viewRegistration = null;
                membership = null;
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("Closing {} failed", closeable, e);
        }
    }

    @Override
    public IpcMessage handle(IpcRequest request) {
        return verbs.handle(request);
    }

    @Override
    public Optional<String> get(String node, String name, AttributeLifetime lifetime) {
        return store.get(node, name, lifetime);
    }

    @Override
    public Map<String, String> all(String node, AttributeLifetime lifetime) {
        return store.all(node, lifetime);
    }

    @Override
    public void set(String node, String name, String value, AttributeLifetime lifetime, Duration dampening) {
        store.set(node, name, value, lifetime, dampening);
    }

    @Override
    public void delete(String node, String name, AttributeLifetime lifetime) {
        store.delete(node, name, lifetime);
    }

    @Override
    public String localNode() {
        return store.localNode();
    }

    @Override
    public void addListener(AttributeListener listener) {
        store.addListener(listener);
    }

    @Override
    public void removeListener(AttributeListener listener) {
        store.removeListener(listener);
    }

    @Override
    public Optional<String> latest(String node, String name, AttributeLifetime lifetime) {
        return store.latest(node, name, lifetime);
    }

    @Override
    public Score recordFailure(String node, String resource, String operation, long intervalMillis) {
        return store.recordFailure(node, resource, operation, intervalMillis);
    }

    @Override
    public Score failCount(String node, String resource) {
        return store.failCount(node, resource);
    }

    @Override
    public void clearFailures(String node, String resource) {
        store.clearFailures(node, resource);
    }

    @Override
    public Optional<Score> promotionScore(String node, String resourceInstance) {
        return store.promotionScore(node, resourceInstance);
    }

    @Override
    public Optional<String> option(String name) {
        return store.option(name);
    }

    @Override
    public Map<String, String> options() {
        return store.options();
    }

    @Override
    public void setOption(String name, String value) {
        store.setOption(name, value);
    }

    @Override
    public boolean deleteOption(String name) {
        return store.deleteOption(name);
    }
}
