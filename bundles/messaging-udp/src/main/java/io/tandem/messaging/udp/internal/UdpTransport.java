package io.tandem.messaging.udp.internal;

import io.tandem.messaging.DropReason;
import io.tandem.messaging.config.Medium;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real media: UDP sockets for ucast, mcast and bcast lines, read on the engine's own {@link SelectorLoop}
 * thread, which hands every datagram to the engine directly. ucast lines on the same local address share one socket; a datagram
 * on a shared socket belongs to the link whose peer sent it. An mcast socket is bound to its group and a bcast
 * socket to its device's broadcast address, never to the wildcard address: a wildcard socket on udpPort would also
 * get every broadcast, every joined group and every unicast datagram for that port, and count them as life on its
 * link. A medium that cannot be opened (no such device) stays closed with its error, and the others work.
 */
final class UdpTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpTransport.class);
    /** Datagrams read from one socket before the loop turns to its timers and other sockets. */
    static final int MAX_DATAGRAMS_PER_ROUND = 64;
    private static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

    private final List<UdpLink> links = new ArrayList<>();
    private final Map<DatagramChannel, List<Integer>> channels = new LinkedHashMap<>();
    /** Per link (index as in {@link #links}), what attribution needs; null where the medium did not open. */
    private final List<Endpoint> endpoints;
    private final int maxDatagramBytes;

    UdpTransport(List<Medium> media, String bindAddress, int udpPort, int maxDatagramBytes) {
        this.maxDatagramBytes = maxDatagramBytes;
        boolean sharedPort = media.stream().anyMatch(m -> !(m instanceof Medium.Ucast));
        Map<InetSocketAddress, DatagramChannel> ucastSockets = new LinkedHashMap<>();
        for (Medium m : media) {
            UdpLink link = new UdpLink(m);
            links.add(link);
            DatagramChannel fresh = null;
            try {
                if (m instanceof Medium.Ucast u) {
                    InetAddress local = bindAddress.isBlank() ? deviceAddress(u.device()) : InetAddress.getByName(bindAddress);
                    InetSocketAddress bind = new InetSocketAddress(local, udpPort);
                    link.endpoint = new Endpoint(false, resolve(u.host(), u.port()), List.of());
                    DatagramChannel ch = ucastSockets.get(bind);
                    if (ch == null) {
                        ch = fresh = DatagramChannel.open(StandardProtocolFamily.INET);
                        ch.setOption(StandardSocketOptions.SO_REUSEADDR, sharedPort);
                        tune(ch);
                        ch.bind(bind);
                        ucastSockets.put(bind, ch);
                    }
                    link.open(ch);
                } else if (m instanceof Medium.Mcast mc) {
                    NetworkInterface nif = device(mc.device());
                    InetAddress group = InetAddress.getByName(mc.group());
                    DatagramChannel ch = fresh = DatagramChannel.open(StandardProtocolFamily.INET);
                    ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    tune(ch);
                    // Bound to the group: the socket gets this group's datagrams only. The kernel still hands it the
                    // group's datagrams from every device on which any socket joined it; attribute() sorts those out.
                    ch.bind(new InetSocketAddress(group, mc.port()));
                    ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
                    ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, mc.ttl());
                    // LOOP 0 (the usual ha.cf value): the node does not receive its own heartbeats back
                    ch.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, mc.loop());
                    ch.join(group, nif);
                    link.endpoint = new Endpoint(true, new InetSocketAddress(group, mc.port()), subnets(nif));
                    link.open(ch);
                } else if (m instanceof Medium.Bcast b) {
                    NetworkInterface nif = device(b.device());
                    InetAddress broadcast = broadcastAddress(nif);
                    DatagramChannel ch = fresh = DatagramChannel.open(StandardProtocolFamily.INET);
                    ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    ch.setOption(StandardSocketOptions.SO_BROADCAST, true);
                    tune(ch);
                    // Bound to the broadcast address (Linux allows it): only broadcasts of this device's network
                    // arrive here. Sending still uses the device's own address as source (chosen by routing).
                    ch.bind(new InetSocketAddress(broadcast, b.port()));
                    link.endpoint = new Endpoint(true, new InetSocketAddress(broadcast, b.port()), subnets(nif));
                    link.open(ch);
                }
                channels.computeIfAbsent(link.channel, c -> new ArrayList<>()).add(links.size() - 1);
            } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
                link.fail(e.getMessage() == null ? e.toString() : e.getMessage());
                LOG.error("Heartbeat medium '{}' is not usable: {}", m.line(), link.error);
                if (fresh != null && !channels.containsKey(fresh)) {
                    closeQuietly(fresh);
                }
            }
        }
        endpoints = links.stream().map(l -> l.isOpen() ? l.endpoint : null).toList();
    }

    private static void closeQuietly(DatagramChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.debug("closing {}", ch, e);
        }
    }

    private static void tune(DatagramChannel ch) throws IOException {
        ch.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
        ch.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
    }

    private static InetSocketAddress resolve(String host, int port) throws IOException {
        InetSocketAddress a = new InetSocketAddress(host, port);
        if (a.isUnresolved()) {
            throw new IOException("cannot resolve peer '" + host + "'");
        }
        return a;
    }

    private static NetworkInterface device(String name) throws IOException {
        NetworkInterface nif = NetworkInterface.getByName(name);
        if (nif == null) {
            throw new IOException("no such network device '" + name + "'");
        }
        return nif;
    }

    private static InetAddress deviceAddress(String name) throws IOException {
        for (InetAddress a : Collections.list(device(name).getInetAddresses())) {
            if (a instanceof Inet4Address) {
                return a;
            }
        }
        throw new IOException("network device '" + name + "' has no IPv4 address");
    }

    private static List<Ipv4Subnet> subnets(NetworkInterface nif) {
        List<Ipv4Subnet> result = new ArrayList<>();
        for (InterfaceAddress a : nif.getInterfaceAddresses()) {
            if (a.getAddress() instanceof Inet4Address) {
                result.add(Ipv4Subnet.of(a.getAddress(), a.getNetworkPrefixLength()));
            }
        }
        return List.copyOf(result);
    }

    private static InetAddress broadcastAddress(NetworkInterface nif) throws IOException {
        for (InterfaceAddress a : nif.getInterfaceAddresses()) {
            if (a.getAddress() instanceof Inet4Address) {
                InetAddress configured = a.getBroadcast();
                // An address added without "brd" (ip addr add 10.1.1.1/24 dev eth1) reports none or 0.0.0.0, yet
                // the kernel routes the network's broadcast address all the same.
                if (configured != null && !configured.isAnyLocalAddress()) {
                    return configured;
                }
                return Ipv4Subnet.of(a.getAddress(), a.getNetworkPrefixLength()).broadcast();
            }
        }
        throw new IOException("network device '" + nif.getName() + "' has no IPv4 address");
    }

    List<Link> links() {
        return List.copyOf(links);
    }

    /**
     * Registers the sockets with {@code loop}, whose thread reads them and hands each datagram straight to
     * {@code engine} (which runs on that loop). One receive buffer serves every socket: the engine copies what it
     * keeps.
     */
    void start(SelectorLoop loop, MessagingEngine engine) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(65536);
        byte[] data = new byte[65536];
        for (Map.Entry<DatagramChannel, List<Integer>> e : channels.entrySet()) {
            Reader reader = new Reader(e.getKey(), e.getValue(), buf, data, engine);
            loop.register(e.getKey(), reader::read);
        }
    }

    /** Reads one socket on the loop thread. */
    private final class Reader {
        private final DatagramChannel channel;
        private final List<Integer> onChannel;
        private final ByteBuffer buf;
        private final byte[] data;
        private final MessagingEngine engine;
        private InetSocketAddress lastSource;
        private String lastSourceText;

        Reader(DatagramChannel channel, List<Integer> onChannel, ByteBuffer buf, byte[] data, MessagingEngine engine) {
            this.channel = channel;
            this.onChannel = onChannel;
            this.buf = buf;
            this.data = data;
            this.engine = engine;
        }

        void read() throws IOException {
            // Bounded, so that a flood on one socket leaves room for timers and the other sockets; the rest is
            // reported ready again in the loop's next round.
            for (int i = 0; i < MAX_DATAGRAMS_PER_ROUND; i++) {
                buf.clear();
                InetSocketAddress src = (InetSocketAddress) channel.receive(buf);
                if (src == null) {
                    return;
                }
                buf.flip();
                int len = buf.remaining();
                if (len > maxDatagramBytes + 1024) {
                    engine.droppedByTransport(DropReason.MALFORMED);
                    continue;
                }
                int index = attribute(endpoints, onChannel, src);
                if (index < 0) {
                    continue;
                }
                buf.get(data, 0, len);
                engine.receive(index, sourceText(src), data, 0, len);
            }
        }

        private String sourceText(InetSocketAddress src) {
            // Heartbeats come from the same few peers over and over: build the display string once per sender.
            if (!src.equals(lastSource)) {
                lastSource = src;
                lastSourceText = src.getAddress().getHostAddress() + ":" + src.getPort();
            }
            return lastSourceText;
        }
    }

    /**
     * What attribution knows of a link: whether it is an mcast/bcast medium, where it sends to (peer, group or
     * broadcast address) and the networks of its device (empty for ucast).
     */
    record Endpoint(boolean groupOrBroadcast, InetSocketAddress destination, List<Ipv4Subnet> deviceSubnets) {
        Endpoint {
            deviceSubnets = List.copyOf(deviceSubnets);
        }

        boolean onDeviceNetwork(InetAddress a) {
            return deviceSubnets.stream().anyMatch(s -> s.contains(a));
        }
    }

    /**
     * The link a datagram from {@code src} belongs to, as an index into {@code all} (null where a medium failed to
     * open), given the links of the socket it arrived on; -1 when the datagram is another socket's copy.
     * On a socket shared by ucast lines it is the line whose peer sent it. An mcast socket also receives its group
     * from the other devices on which the same group and port are configured (every joining socket gets every
     * copy), so a datagram from the network of such another link's device, and not of its own, is that link's,
     * which receives its own copy. Sources on no local network (routed multicast) stay with the socket's link.
     */
    static int attribute(List<Endpoint> all, List<Integer> onSocket, InetSocketAddress src) {
        if (onSocket.size() > 1) {
            for (int i : onSocket) {
                if (src.equals(all.get(i).destination())) {
                    return i;
                }
            }
            for (int i : onSocket) {
                if (src.getAddress().equals(all.get(i).destination().getAddress())) {
                    return i;
                }
            }
            return onSocket.get(0);
        }
        int own = onSocket.get(0);
        Endpoint e = all.get(own);
        if (!e.groupOrBroadcast() || e.onDeviceNetwork(src.getAddress())) {
            return own;
        }
        for (int i = 0; i < all.size(); i++) {
            Endpoint other = all.get(i);
            if (i != own && other != null && other.groupOrBroadcast() && other.destination().equals(e.destination())
                    && other.onDeviceNetwork(src.getAddress())) {
                return -1;
            }
        }
        return own;
    }

    /** Closes the sockets; the loop they were registered with is closed by its owner. */
    @Override
    public void close() {
        channels.keySet().forEach(UdpTransport::closeQuietly);
        links.forEach(l -> l.open = false);
    }

    private static final class UdpLink implements Link {
        private final Medium medium;
        private DatagramChannel channel;
        private Endpoint endpoint;
        private volatile boolean open;
        private volatile String error = "";
        private ByteBuffer wrapped;
        private long lastSendErrorLog = Long.MIN_VALUE;

        UdpLink(Medium medium) {
            this.medium = medium;
        }

        void open(DatagramChannel ch) {
            channel = ch;
            open = true;
        }

        void fail(String why) {
            error = why;
            open = false;
        }

        @Override
        public String name() {
            return medium.name();
        }

        @Override
        public String medium() {
            return medium.line();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public String error() {
            return error;
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            if (!open) {
                return;
            }
            if (wrapped == null || wrapped.array() != buf) {
                wrapped = ByteBuffer.wrap(buf);
            }
            wrapped.limit(off + len).position(off);
            try {
                channel.send(wrapped, endpoint.destination());
                if (!error.isEmpty()) {
                    error = "";
                }
            } catch (IOException e) {
                // Transient (unreachable network, full buffer): the protocol retransmits; say so now and then.
                error = "send failed: " + e.getMessage();
                long now = System.nanoTime();
                if (lastSendErrorLog == Long.MIN_VALUE || now - lastSendErrorLog > 10_000_000_000L) {
                    lastSendErrorLog = now;
                    LOG.warn("Sending on {} failed: {}", name(), e.toString());
                }
            }
        }
    }
}
