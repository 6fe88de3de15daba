package io.tandem.messaging.udp.internal;

import io.tandem.common.NodeId;
import io.tandem.messaging.Message;
import io.tandem.messaging.PeerListener;
import io.tandem.messaging.config.AuthKey;
import io.tandem.messaging.config.AuthKeys;
import io.tandem.messaging.config.AuthMethod;
import io.tandem.testkit.SimNetwork;
import io.tandem.testkit.SimScheduler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Several engines on one {@link SimNetwork} and {@link SimScheduler}. Node {@code n} has one endpoint per
 * interface ({@code n/eth0}, {@code n/eth1}) and one ucast link per interface and peer, like ha.cf's
 * {@code ucast eth0 PEER} lines.
 */
final class SimCluster {
    static final AuthKeys KEYS = AuthKeys.single(new AuthKey(1, AuthMethod.SHA256, "s3cret".getBytes(StandardCharsets.UTF_8)));

    final SimScheduler clock = new SimScheduler();
    final SimNetwork net;
    final List<String> names;
    final List<String> interfaces;
    final Map<String, Node> nodes = new LinkedHashMap<>();
    long keepAliveMillis = 100;
    long linkDeadTimeMillis = 1000;
    int compressionThresholdBytes = 2048;
    int maxDatagramBytes = 1400;

    SimCluster(long seed, List<String> names, List<String> interfaces) {
        this.net = new SimNetwork(clock, seed);
        this.names = List.copyOf(names);
        this.interfaces = List.copyOf(interfaces);
    }

    /** Starts (or restarts, after {@link Node#crash()} or {@link Node#stop()}) {@code name} with {@code incarnation}. */
    Node start(String name, long incarnation) {
        return start(name, incarnation, "tandem", KEYS);
    }

    Node start(String name, long incarnation, String clusterName, AuthKeys keys) {
        Node node = new Node(name, incarnation, clusterName, keys);
        nodes.put(name, node);
        node.engine.start();
        return node;
    }

    Node node(String name) {
        return nodes.get(name);
    }

    void startAll() {
        for (String n : names) {
            start(n, 1);
        }
    }

    boolean runUntil(java.util.function.BooleanSupplier condition, long virtualMillis) {
        return clock.runUntil(condition, TimeUnit.MILLISECONDS.toNanos(virtualMillis));
    }

    final class Node {
        final String name;
        final MessagingEngine engine;
        final List<SimNetwork.Endpoint> endpoints = new ArrayList<>();
        final List<Message> received = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Long> heardTimes = new CopyOnWriteArrayList<>();
        private final List<String[]> linkEnds = new ArrayList<>(); // {local address, peer address}

        Node(String name, long incarnation, String clusterName, AuthKeys keys) {
            this.name = name;
            List<Link> links = new ArrayList<>();
            Map<String, SimNetwork.Endpoint> byIface = new LinkedHashMap<>();
            for (String iface : interfaces) {
                String local = name + "/" + iface;
                SimNetwork.Endpoint ep = net.attach(local, (from, data) -> deliver(local, from, data));
                endpoints.add(ep);
                byIface.put(iface, ep);
            }
            for (String iface : interfaces) {
                for (String peer : names) {
                    if (peer.equals(name)) {
                        continue;
                    }
                    SimNetwork.Endpoint ep = byIface.get(iface);
                    String dest = peer + "/" + iface;
                    linkEnds.add(new String[] {ep.address(), dest});
                    links.add(new SimLink("ucast:" + iface + ":" + peer, "ucast " + iface + " " + peer, ep, dest));
                }
            }
            MessengerSettings settings = new MessengerSettings(clusterName, NodeId.of(name), keepAliveMillis,
                    linkDeadTimeMillis, compressionThresholdBytes, maxDatagramBytes);
            engine = new MessagingEngine(settings, keys, incarnation, clock, links);
            engine.addPeerListener(new PeerListener() {
                @Override
                public void heard(NodeId peer, long inc, byte[] payload) {
                    heardTimes.add(clock.nanoTime());
                }

                @Override
                public void restarted(NodeId peer, long oldIncarnation, long newIncarnation) {
                    events.add("restarted " + peer + " " + oldIncarnation + "->" + newIncarnation);
                }

                @Override
                public void left(NodeId peer, long inc) {
                    events.add("left " + peer + " " + inc);
                }
            });
            engine.subscribe("test", received::add);
        }

        private void deliver(String local, String from, byte[] data) {
            int fallback = -1;
            for (int i = 0; i < linkEnds.size(); i++) {
                if (linkEnds.get(i)[0].equals(local)) {
                    if (linkEnds.get(i)[1].equals(from)) {
                        engine.receive(i, from, data, 0, data.length);
                        return;
                    }
                    if (fallback < 0) {
                        fallback = i;
                    }
                }
            }
            engine.receive(fallback, from, data, 0, data.length);
        }

        /** Clean stop: announces the leave, then detaches. */
        void stop() {
            engine.stop();
            endpoints.forEach(SimNetwork.Endpoint::close);
        }

        /** Vanishes without a word (kill -9). */
        void crash() {
            endpoints.forEach(SimNetwork.Endpoint::close);
        }

        List<String> payloads() {
            List<String> out = new ArrayList<>();
            for (Message m : received) {
                out.add(new String(m.payload(), StandardCharsets.UTF_8));
            }
            return out;
        }
    }

    private static final class SimLink implements Link {
        private final String name;
        private final String medium;
        private final SimNetwork.Endpoint endpoint;
        private final String destination;
        private boolean open = true;

        SimLink(String name, String medium, SimNetwork.Endpoint endpoint, String destination) {
            this.name = name;
            this.medium = medium;
            this.endpoint = endpoint;
            this.destination = destination;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String medium() {
            return medium;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public String error() {
            return "";
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            try {
                endpoint.send(destination, buf, off, len);
            } catch (IllegalStateException closed) {
                open = false;
            }
        }
    }
}
