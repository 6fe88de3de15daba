package io.tandem.messaging.udp.internal;

import io.tandem.common.NodeId;
import io.tandem.messaging.ClusterMessenger;
import io.tandem.messaging.HeartbeatPayloadProvider;
import io.tandem.messaging.LinkStatus;
import io.tandem.messaging.MessageHandler;
import io.tandem.messaging.MessagingCounters;
import io.tandem.messaging.PeerListener;
import io.tandem.messaging.PeerStatus;
import io.tandem.messaging.config.AuthKeys;
import io.tandem.messaging.config.AuthKeysException;
import io.tandem.messaging.config.AuthKeysParser;
import io.tandem.messaging.config.Medium;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messaging component: reads authkeys, bumps the incarnation, opens the UDP media and runs a
 * {@link MessagingEngine} on its own {@link SelectorLoop}, whose one thread also reads the media. Without a
 * configuration it does not start (a node that has not been configured must not talk to a cluster).
 */
@Component(configurationPid = UdpMessenger.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = ClusterMessenger.class, immediate = true)
@Designate(ocd = UdpMessenger.Config.class)
public final class UdpMessenger implements ClusterMessenger {
    static final String PID = "io.tandem.messaging";
    private static final Logger LOG = LoggerFactory.getLogger(UdpMessenger.class);

    @ObjectClassDefinition(name = "Tandem messaging", description = "Heartbeat media, authentication and timing")
    public @interface Config {
        @AttributeDefinition(description = "Cluster name; nodes of other clusters on the same network are ignored")
        String clusterName() default "tandem";

        @AttributeDefinition(description = "This node's name; empty means the host name (uname -n)")
        String nodeName() default "";

        @AttributeDefinition(description = "UDP port of ucast and bcast media (ha.cf udpport)")
        int udpPort() default 694;

        @AttributeDefinition(description = "ha.cf media lines: 'ucast DEV PEER[:PORT]', 'mcast DEV GROUP PORT TTL LOOP', 'bcast DEV'")
        String[] media() default {};

        @AttributeDefinition(description = "Local address for ucast media; empty means the address of DEV")
        String bindAddress() default "";

        @AttributeDefinition(description = "authkeys file, relative to karaf.base; must be mode 600 or 400")
        String authKeysFile() default "etc/authkeys";

        @AttributeDefinition(description = "Heartbeat interval in milliseconds")
        long keepAliveMillis() default 1000;

        @AttributeDefinition(description = "A link is down for a peer not heard on it for this long (milliseconds)")
        long linkDeadTimeMillis() default 30000;

        @AttributeDefinition(description = "Messages larger than this are Deflate-compressed")
        int compressionThresholdBytes() default 2048;

        @AttributeDefinition(description = "Largest datagram sent; larger messages are fragmented")
        int maxDatagramBytes() default 1400;

        @AttributeDefinition(description = "Directory of the incarnation file; empty means ${karaf.data}/tandem")
        String stateDirectory() default "";
    }

    private final SelectorLoop loop;
    private final UdpTransport transport;
    private final MessagingEngine engine;
    private final Map<MessageHandler, List<Subscription>> whiteboard = new ConcurrentHashMap<>();

    @Activate
    public UdpMessenger(Config config) {
        String base = System.getProperty("karaf.base", ".");
        MessengerSettings settings;
        AuthKeys keys;
        List<Medium> media;
        long incarnation;
        try {
            settings = new MessengerSettings(config.clusterName(), nodeName(config.nodeName()), config.keepAliveMillis(),
                    config.linkDeadTimeMillis(), config.compressionThresholdBytes(), config.maxDatagramBytes());
            if (config.udpPort() < 1 || config.udpPort() > 65535) {
                throw new IllegalArgumentException("udpPort " + config.udpPort() + " must be in 1..65535");
            }
            media = Medium.parseAll(config.media(), config.udpPort());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + ": " + e.getMessage(), e);
        }
        Path authKeys = resolve(base, config.authKeysFile());
        try {
            keys = AuthKeysParser.parse(authKeys);
        } catch (AuthKeysException e) {
            throw new IllegalStateException(PID + ": authKeysFile: " + e.getMessage(), e);
        }
        keys.warnings().forEach(w -> LOG.warn("{}", w.format(authKeys.toString())));
        Path stateDir = config.stateDirectory().isBlank()
                ? Paths.get(System.getProperty("karaf.data", base + "/data"), "tandem")
                : resolve(base, config.stateDirectory());
        try {
            incarnation = IncarnationStore.next(stateDir, System.currentTimeMillis());
        } catch (IOException e) {
            throw new IllegalStateException(PID + ": stateDirectory: cannot update the incarnation in " + stateDir + ": " + e.getMessage(), e);
        }
        if (media.isEmpty()) {
            LOG.warn("{}: no heartbeat media configured: this node can hear no peers", PID);
        }
        transport = new UdpTransport(media, config.bindAddress().strip(), config.udpPort(), settings.maxDatagramBytes());
        SelectorLoop started = null;
        try {
            // One thread both reads the sockets and runs the engine: no hand-off per datagram.
            started = new SelectorLoop("tandem-messaging");
            engine = new MessagingEngine(settings, keys, incarnation, started, transport.links());
            transport.start(started, engine);
        } catch (IOException | RuntimeException e) {
            if (started != null) {
                started.close();
            }
            transport.close();
            throw new IllegalStateException(PID + ": cannot start messaging: " + e.getMessage(), e);
        }
        loop = started;
        engine.start();
        LOG.info("Messaging started: node {} incarnation {} cluster '{}' media {} (auth key {} {})", settings.localNode(),
                incarnation, settings.clusterName(), media.stream().map(Medium::line).toList(), keys.signingIndex(),
                keys.signingKey().method().keyword());
    }

    static NodeId nodeName(String configured) {
        String name = configured.strip();
        if (name.isEmpty()) {
            name = hostName();
        }
        try {
            return NodeId.of(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("nodeName: " + e.getMessage());
        }
    }

    private static String hostName() {
        try {
            // What uname -n prints, without a DNS lookup.
            return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).strip();
        } catch (IOException | RuntimeException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e2) {
                throw new IllegalArgumentException("nodeName is empty and the host name cannot be read");
            }
        }
    }

    private static Path resolve(String base, String path) {
        Path p = Paths.get(path);
        return p.isAbsolute() ? p : Paths.get(base).resolve(p).normalize();
    }

    @Deactivate
    void deactivate() {
        CountDownLatch stopped = new CountDownLatch(1);
        loop.execute(() -> {
            try {
                engine.stop();
            } finally {
                stopped.countDown();
            }
        });
        try {
            if (!stopped.await(5, TimeUnit.SECONDS)) {
                LOG.warn("Messaging engine did not stop within 5 s; closing anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop.close();
        transport.close();
        whiteboard.clear();
        LOG.info("Messaging stopped (incarnation {})", engine.incarnation());
    }

    @Reference(service = MessageHandler.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + MessageHandler.CHANNEL_PROPERTY + "=*)")
    void bindMessageHandler(MessageHandler handler, Map<String, Object> properties) {
        List<Subscription> subs = new ArrayList<>();
        for (String channel : channels(properties.get(MessageHandler.CHANNEL_PROPERTY))) {
            subs.add(engine.subscribe(channel, handler));
        }
        List<Subscription> previous = whiteboard.put(handler, subs);
        if (previous != null) {
            previous.forEach(Subscription::close);
        }
    }

    void unbindMessageHandler(MessageHandler handler) {
        List<Subscription> subs = whiteboard.remove(handler);
        if (subs != null) {
            subs.forEach(Subscription::close);
        }
    }

    private static List<String> channels(Object property) {
        List<String> result = new ArrayList<>();
        if (property instanceof String s) {
            result.add(s);
        } else if (property instanceof String[] a) {
            result.addAll(List.of(a));
        } else if (property instanceof Iterable<?> it) {
            it.forEach(o -> result.add(String.valueOf(o)));
        }
        return result;
    }

    @Override
    public Subscription setHeartbeatPayloadProvider(HeartbeatPayloadProvider provider) {
        return engine.setHeartbeatPayloadProvider(provider);
    }

    @Override
    public NodeId localNode() {
        return engine.localNode();
    }

    @Override
    public long incarnation() {
        return engine.incarnation();
    }

    @Override
    public String clusterName() {
        return engine.clusterName();
    }

    @Override
    public void send(NodeId peer, String channel, byte[] payload) {
        engine.send(peer, channel, payload);
    }

    @Override
    public void broadcast(String channel, byte[] payload) {
        engine.broadcast(channel, payload);
    }

    @Override
    public Subscription subscribe(String channel, MessageHandler handler) {
        return engine.subscribe(channel, handler);
    }

    @Override
    public Subscription addPeerListener(PeerListener listener) {
        return engine.addPeerListener(listener);
    }

    @Override
    public List<PeerStatus> peers() {
        return engine.peers();
    }

    @Override
    public List<LinkStatus> links() {
        return engine.links();
    }

    @Override
    public MessagingCounters counters() {
        return engine.counters();
    }
}
