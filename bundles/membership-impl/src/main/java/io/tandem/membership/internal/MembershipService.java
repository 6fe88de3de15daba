package io.tandem.membership.internal;

import io.tandem.common.EventLoop;
import io.tandem.common.NodeId;
import io.tandem.membership.Membership;
import io.tandem.membership.NodeStatus;
import io.tandem.membership.PingNodeStatus;
import io.tandem.membership.QuorumStatus;
import io.tandem.membership.View;
import io.tandem.membership.ViewListener;
import io.tandem.messaging.ClusterMessenger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
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
 * The membership service of a node: a {@link MembershipEngine} on its own event loop, fed by the cluster
 * messenger, whose heartbeats carry the engine's payload. {@link ViewListener} services are told of views.
 */
@Component(service = Membership.class, configurationPid = "io.tandem.membership",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = MembershipConfig.class)
public final class MembershipService implements Membership {
    private static final Logger LOG = LoggerFactory.getLogger(MembershipService.class);

    private final EventLoop loop;
    private final ExecutorService probes;
    private final MembershipEngine engine;
    private final Map<ViewListener, AutoCloseable> whiteboard = new ConcurrentHashMap<>();

    @Activate
    public MembershipService(@Reference(name = "messenger") ClusterMessenger messenger, MembershipConfig config) {
        MembershipSettings settings = MembershipSettings.from(config);
        Path stateDirectory = stateDirectory(config.stateDirectory(), System.getProperty("karaf.data"));
        ViewIdFile viewIdFile = new ViewIdFile(stateDirectory);
        viewIdFile.load(); // fail activation on an unreadable file, before any thread starts
        loop = new EventLoop("tandem-membership");
        int probeThreads = Math.max(1, Math.min(4, settings.pingTargets().stream().mapToInt(t -> t.addresses().size()).sum()));
        AtomicInteger counter = new AtomicInteger();
        probes = Executors.newFixedThreadPool(probeThreads, r -> {
            Thread t = new Thread(r, "tandem-ping-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            engine = new MembershipEngine(loop, messenger, settings, viewIdFile, new InetAddressProber(), probes,
                    MembershipEvents.NONE);
            engine.start();
        } catch (RuntimeException e) {
            probes.shutdownNow();
            loop.close();
            throw e;
        }
    }

    /** {@code ""} means {@code ${karaf.data}/tandem}, shared with the messenger's incarnation file. */
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
        engine.close();
        probes.shutdownNow();
        loop.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindViewListener(ViewListener listener) {
        whiteboard.put(listener, engine.addViewListener(listener));
    }

    void unbindViewListener(ViewListener listener) {
        AutoCloseable registration = whiteboard.remove(listener);
        if (registration != null) {
            try {
                registration.close();
            } catch (Exception e) {
                LOG.debug("Closing view listener registration failed", e);
            }
        }
    }

    @Override
    public NodeId localNode() {
        return engine.localNode();
    }

    @Override
    public View currentView() {
        return engine.currentView();
    }

    @Override
    public List<NodeStatus> nodes() {
        return engine.nodes();
    }

    @Override
    public Optional<NodeStatus> node(NodeId node) {
        return engine.node(node);
    }

    @Override
    public QuorumStatus quorum() {
        return engine.quorum();
    }

    @Override
    public List<PingNodeStatus> pingNodes() {
        return engine.pingNodes();
    }

    @Override
    public Map<String, String> nodeAttributes(NodeId node) {
        return engine.nodeAttributes(node);
    }

    @Override
    public AutoCloseable addViewListener(ViewListener listener) {
        return engine.addViewListener(listener);
    }
}
