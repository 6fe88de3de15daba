package io.tandem.messaging.udp.internal;

import io.tandem.common.Scheduler;
import io.tandem.messaging.DropReason;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real media: UDP sockets for ucast, mcast and bcast lines, and one reader thread (NIO selector) that hands
 * every datagram to the engine's scheduler. ucast lines on the same local address share one socket; a datagram
 * on a shared socket belongs to the link whose peer sent it. A medium that cannot be opened (no such device)
 * stays closed with its error, and the others work.
 */
final class UdpTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpTransport.class);
    /** Datagrams waiting for the engine beyond which new ones are dropped (engine stalled or flooded). */
    static final int MAX_QUEUED_DATAGRAMS = 20_000;
    private static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

    private final List<UdpLink> links = new ArrayList<>();
    private final Map<DatagramChannel, List<UdpLink>> channels = new LinkedHashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final int maxDatagramBytes;
    private Selector selector;
    private Thread reader;
    private volatile boolean closed;

    UdpTransport(List<Medium> media, String bindAddress, int udpPort, int maxDatagramBytes) {
        this.maxDatagramBytes = maxDatagramBytes;
        boolean sharedPort = media.stream().anyMatch(m -> !(m instanceof Medium.Ucast));
        Map<InetSocketAddress, DatagramChannel> ucastSockets = new LinkedHashMap<>();
        for (Medium m : media) {
            UdpLink link = new UdpLink(m);
            links.add(link);
            try {
                if (m instanceof Medium.Ucast u) {
                    InetAddress local = bindAddress.isBlank() ? deviceAddress(u.device()) : InetAddress.getByName(bindAddress);
                    InetSocketAddress bind = new InetSocketAddress(local, udpPort);
                    link.destination = resolve(u.host(), u.port());
                    DatagramChannel ch = ucastSockets.get(bind);
                    if (ch == null) {
                        ch = DatagramChannel.open(StandardProtocolFamily.INET);
                        ch.setOption(StandardSocketOptions.SO_REUSEADDR, sharedPort);
                        tune(ch);
                        ch.bind(bind);
                        ucastSockets.put(bind, ch);
                    }
                    link.open(ch);
                } else if (m instanceof Medium.Mcast mc) {
                    NetworkInterface nif = device(mc.device());
                    InetAddress group = InetAddress.getByName(mc.group());
                    DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
                    ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    tune(ch);
                    ch.bind(new InetSocketAddress(mc.port()));
                    ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
                    ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, mc.ttl());
                    ch.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, mc.loop());
                    ch.join(group, nif);
                    link.destination = new InetSocketAddress(group, mc.port());
                    link.open(ch);
                } else if (m instanceof Medium.Bcast b) {
                    InetAddress broadcast = broadcastAddress(b.device());
                    DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
                    ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    ch.setOption(StandardSocketOptions.SO_BROADCAST, true);
                    tune(ch);
                    ch.bind(new InetSocketAddress(b.port()));
                    link.destination = new InetSocketAddress(broadcast, b.port());
                    link.open(ch);
                }
                channels.computeIfAbsent(link.channel, c -> new ArrayList<>()).add(link);
            } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
                link.fail(e.getMessage() == null ? e.toString() : e.getMessage());
                LOG.error("Heartbeat medium '{}' is not usable: {}", m.line(), link.error);
            }
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

    private static InetAddress broadcastAddress(String name) throws IOException {
        for (InterfaceAddress a : device(name).getInterfaceAddresses()) {
            if (a.getAddress() instanceof Inet4Address && a.getBroadcast() != null) {
                return a.getBroadcast();
            }
        }
        throw new IOException("network device '" + name + "' has no IPv4 broadcast address");
    }

    List<Link> links() {
        return List.copyOf(links);
    }

    /** Starts the reader thread, which hands datagrams to {@code engine} on {@code scheduler}. */
    void start(Scheduler scheduler, MessagingEngine engine) throws IOException {
        selector = Selector.open();
        for (DatagramChannel ch : channels.keySet()) {
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ, channels.get(ch));
        }
        reader = new Thread(() -> readLoop(scheduler, engine), "tandem-messaging-rx");
        reader.setDaemon(true);
        reader.start();
    }

    @SuppressWarnings("unchecked")
    private void readLoop(Scheduler scheduler, MessagingEngine engine) {
        ByteBuffer buf = ByteBuffer.allocateDirect(65536);
        while (!closed) {
            try {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    DatagramChannel ch = (DatagramChannel) key.channel();
                    List<UdpLink> onChannel = (List<UdpLink>) key.attachment();
                    SocketAddress from;
                    buf.clear();
                    while ((from = ch.receive(buf)) != null) {
                        buf.flip();
                        int len = buf.remaining();
                        if (queued.get() >= MAX_QUEUED_DATAGRAMS || len > maxDatagramBytes + 1024) {
                            engine.droppedByTransport(len > maxDatagramBytes + 1024 ? DropReason.MALFORMED : DropReason.OVERLOAD);
                        } else {
                            byte[] data = new byte[len];
                            buf.get(data);
                            InetSocketAddress src = (InetSocketAddress) from;
                            int index = links.indexOf(attribute(onChannel, src));
                            String source = src.getAddress().getHostAddress() + ":" + src.getPort();
                            queued.incrementAndGet();
                            scheduler.execute(() -> {
                                queued.decrementAndGet();
                                engine.receive(index, source, data, 0, len);
                            });
                        }
                        buf.clear();
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.warn("Receiving heartbeat packets failed; continuing", e);
                }
            }
        }
    }

    private static UdpLink attribute(List<UdpLink> onChannel, InetSocketAddress src) {
        if (onChannel.size() == 1) {
            return onChannel.get(0);
        }
        for (UdpLink l : onChannel) {
            if (src.equals(l.destination)) {
                return l;
            }
        }
        for (UdpLink l : onChannel) {
            if (l.destination != null && src.getAddress().equals(l.destination.getAddress())) {
                return l;
            }
        }
        return onChannel.get(0);
    }

    @Override
    public void close() {
        closed = true;
        if (selector != null) {
            selector.wakeup();
        }
        if (reader != null) {
            try {
                reader.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (DatagramChannel ch : channels.keySet()) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.debug("closing {}", ch, e);
            }
        }
        if (selector != null) {
            try {
                selector.close();
            } catch (IOException e) {
                LOG.debug("closing selector", e);
            }
        }
        links.forEach(l -> l.open = false);
    }

    private static final class UdpLink implements Link {
        private final Medium medium;
        private DatagramChannel channel;
        private InetSocketAddress destination;
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
                channel.send(wrapped, destination);
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
