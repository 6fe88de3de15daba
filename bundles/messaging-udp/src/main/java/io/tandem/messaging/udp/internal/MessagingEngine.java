package io.tandem.messaging.udp.internal;

import io.tandem.common.NodeId;
import io.tandem.common.Scheduler;
import io.tandem.messaging.ClusterMessenger;
import io.tandem.messaging.DropReason;
import io.tandem.messaging.HeartbeatPayloadProvider;
import io.tandem.messaging.LinkStatus;
import io.tandem.messaging.Message;
import io.tandem.messaging.MessageHandler;
import io.tandem.messaging.MessageTooLargeException;
import io.tandem.messaging.MessagingCounters;
import io.tandem.messaging.PeerLinkState;
import io.tandem.messaging.PeerListener;
import io.tandem.messaging.PeerStatus;
import io.tandem.messaging.config.AuthKeys;
import io.tandem.messaging.config.AuthMethod;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport-independent protocol engine: framing, authentication, replay protection, heartbeats,
 * per-link peer state, reliable streams, fragmentation and compression. Runs single-threaded on a
 * {@link Scheduler}; datagrams come in through {@link #receive} (on that scheduler) and go out through
 * {@link Link}s, so the same engine runs on UDP sockets and on a simulated network.
 *
 * <p>The public {@link ClusterMessenger} methods may be called from any thread: sends are handed to the
 * scheduler, status reads see volatile state.
 */
public final class MessagingEngine implements ClusterMessenger {
    private static final Logger LOG = LoggerFactory.getLogger(MessagingEngine.class);
    private static final byte[] EMPTY = new byte[0];
    private static final long NEVER = Long.MIN_VALUE;
    /** Segments received before an acknowledgement goes out without waiting for the batch to end. */
    private static final int ACK_EVERY_SEGMENTS = 32;
    static final int MAX_QUEUED_MESSAGES_PER_PEER = 65_536;
    static final long MAX_QUEUED_BYTES_PER_PEER = 2L * MAX_MESSAGE_BYTES;

    private final MessengerSettings settings;
    private final Scheduler scheduler;
    private final List<Link> links;
    private final long incarnation;
    private final long clusterId;
    private final String localName;
    private final byte[] localNameBytes;
    private final Authenticator auth;
    private final MessageCodec codec;
    private final PacketWriter writer;
    private final Counters counters = new Counters();
    private final long keepAliveNanos;
    private final long linkDeadNanos;
    private final ConcurrentHashMap<String, Peer> peers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CopyOnWriteArrayList<MessageHandler>> handlers = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<PeerListener> listeners = new CopyOnWriteArrayList<>();
    private final long[] sackScratch = new long[2 * PacketBody.MAX_SACK_RANGES];
    private volatile HeartbeatPayloadProvider payloadProvider;
    private volatile boolean stopped;
    private long packetSequence;
    private long nextHeartbeatAt;
    private Scheduler.Cancellable heartbeatTimer;
    private boolean ackFlushScheduled;
    private boolean payloadProblemLogged;
    private long queueOverflowLoggedAt = NEVER;

    MessagingEngine(MessengerSettings settings, AuthKeys keys, long incarnation, Scheduler scheduler,
                    List<? extends Link> links) {
        if (incarnation <= 0) {
            throw new IllegalArgumentException("incarnation must be positive");
        }
        if (links.size() > 64) {
            throw new IllegalArgumentException("at most 64 links");
        }
        this.settings = Objects.requireNonNull(settings);
        this.scheduler = Objects.requireNonNull(scheduler);
        this.links = List.copyOf(links);
        this.incarnation = incarnation;
        this.clusterId = FrameHeader.clusterId(settings.clusterName());
        this.localName = settings.localNode().name();
        this.localNameBytes = localName.getBytes(StandardCharsets.UTF_8);
        this.auth = new Authenticator(keys);
        this.codec = new MessageCodec(settings.compressionThresholdBytes(), MAX_MESSAGE_BYTES);
        this.writer = new PacketWriter(settings.maxDatagramBytes());
        this.keepAliveNanos = TimeUnit.MILLISECONDS.toNanos(settings.keepAliveMillis());
        this.linkDeadNanos = TimeUnit.MILLISECONDS.toNanos(settings.linkDeadTimeMillis());
        if (FrameHeader.FIXED_BYTES + localNameBytes.length + 2 + HeartbeatPayloadProvider.MAX_BYTES
                + auth.maxSignatureBytes() > settings.maxDatagramBytes()) {
            throw new IllegalArgumentException("maxDatagramBytes " + settings.maxDatagramBytes() + " is too small");
        }
    }

    /** Starts heartbeats. May be called from any thread. */
    public void start() {
        if (auth.signingMethod() == AuthMethod.CRC) {
            LOG.warn("Cluster '{}' signs with crc: packets are NOT AUTHENTICATED, anyone on the network can forge them."
                    + " Configure a sha256 (or sha1) key in authkeys.", settings.clusterName());
        }
        scheduler.execute(() -> {
            if (!stopped) {
                nextHeartbeatAt = scheduler.nanoTime();
                heartbeat();
            }
        });
    }

    /**
     * Announces a clean leave on every link and stops all activity. Call on the scheduler's thread; the caller
     * closes the links afterwards.
     */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (heartbeatTimer != null) {
            heartbeatTimer.cancel();
        }
        startPacket(FrameHeader.TYPE_LEAVE);
        sendToAll(finishPacket());
        codec.close();
    }

    @Override
    public Subscription setHeartbeatPayloadProvider(HeartbeatPayloadProvider provider) {
        this.payloadProvider = provider;
        return () -> {
            if (payloadProvider == provider) {
                payloadProvider = null;
            }
        };
    }

    /** Counts a datagram the transport had to drop before the engine saw it. */
    void droppedByTransport(DropReason reason) {
        counters.dropped(reason);
    }

    // ---------------------------------------------------------------- ClusterMessenger

    @Override
    public NodeId localNode() {
        return settings.localNode();
    }

    @Override
    public long incarnation() {
        return incarnation;
    }

    @Override
    public String clusterName() {
        return settings.clusterName();
    }

    @Override
    public void send(NodeId peer, String channel, byte[] payload) {
        Objects.requireNonNull(peer, "peer");
        byte[] channelBytes = checkMessage(channel, payload);
        byte[] copy = payload.clone();
        scheduler.execute(() -> {
            if (stopped) {
                return;
            }
            if (peer.equals(settings.localNode())) {
                deliverLocally(channel, copy);
            } else {
                enqueue(peerFor(peer), codec.encode(channelBytes, copy));
            }
        });
    }

    @Override
    public void broadcast(String channel, byte[] payload) {
        byte[] channelBytes = checkMessage(channel, payload);
        byte[] copy = payload.clone();
        scheduler.execute(() -> {
            if (stopped) {
                return;
            }
            byte[] encoded = null;
            long now = scheduler.nanoTime();
            for (Peer p : peers.values()) {
                if (isUp(p, now)) {
                    if (encoded == null) {
                        encoded = codec.encode(channelBytes, copy);
                    }
                    enqueue(p, encoded);
                }
            }
            deliverLocally(channel, copy);
        });
    }

    private static byte[] checkMessage(String channel, byte[] payload) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(payload, "payload");
        if (payload.length > MAX_MESSAGE_BYTES) {
            throw new MessageTooLargeException(payload.length);
        }
        return MessageCodec.channelBytes(channel);
    }

    @Override
    public Subscription subscribe(String channel, MessageHandler handler) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(handler, "handler");
        CopyOnWriteArrayList<MessageHandler> list = handlers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>());
        list.add(handler);
        return () -> list.remove(handler);
    }

    @Override
    public Subscription addPeerListener(PeerListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public List<PeerStatus> peers() {
        long now = scheduler.nanoTime();
        List<PeerStatus> result = new ArrayList<>();
        for (Peer p : peers.values()) {
            if (p.lastHeard == NEVER) {
                continue;
            }
            List<String> up = new ArrayList<>();
            for (int i = 0; i < links.size(); i++) {
                if (isUp(p, i, now)) {
                    up.add(links.get(i).name());
                }
            }
            result.add(new PeerStatus(p.id, p.incarnation, ago(p.lastHeard, now), up, p.unackedMessages));
        }
        result.sort(Comparator.comparing(PeerStatus::peer));
        return result;
    }

    @Override
    public List<LinkStatus> links() {
        long now = scheduler.nanoTime();
        List<Peer> known = new ArrayList<>(peers.values());
        known.sort(Comparator.comparing(p -> p.id));
        List<LinkStatus> result = new ArrayList<>();
        for (int i = 0; i < links.size(); i++) {
            Link link = links.get(i);
            List<PeerLinkState> states = new ArrayList<>();
            for (Peer p : known) {
                PeerLink pl = p.links[i];
                if (pl.lastHeard != NEVER) {
                    states.add(new PeerLinkState(p.id, isUp(p, i, now), ago(pl.lastHeard, now), pl.address, pl.packets));
                }
            }
            result.add(new LinkStatus(link.name(), link.medium(), link.isOpen(), link.error(), states));
        }
        return result;
    }

    @Override
    public MessagingCounters counters() {
        return counters.snapshot();
    }

    private static long ago(long then, long now) {
        return then == NEVER ? -1 : TimeUnit.NANOSECONDS.toMillis(now - then);
    }

    private boolean isUp(Peer p, long now) {
        return !p.left && p.lastHeard != NEVER && now - p.lastHeard < linkDeadNanos;
    }

    private boolean isUp(Peer p, int link, long now) {
        long t = p.links[link].lastHeard;
        return !p.left && t != NEVER && now - t < linkDeadNanos;
    }

    // ---------------------------------------------------------------- receive path (scheduler thread)

    /** A datagram from link {@code linkIndex}; {@code source} is the sender's address for display. */
    void receive(int linkIndex, String source, byte[] buf, int off, int len) {
        if (stopped) {
            return;
        }
        counters.packetReceived(len);
        FrameHeader h;
        PacketBody body;
        try {
            PacketReader r = new PacketReader(buf, off, len);
            h = FrameHeader.read(r);
            if (h.clusterId() != clusterId) {
                drop(DropReason.FOREIGN_CLUSTER, source);
                return;
            }
            if (h.sender().equals(localName)) {
                drop(DropReason.OWN_PACKET, source);
                return;
            }
            int sigLen = auth.signatureBytes(h.keyIndex());
            if (sigLen < 0) {
                drop(DropReason.UNKNOWN_KEY, source);
                return;
            }
            switch (auth.verify(h.keyIndex(), buf, off, len)) {
                case OK -> { }
                case BAD_AUTH -> {
                    drop(DropReason.BAD_AUTH, source);
                    return;
                }
                default -> throw new MalformedPacketException("shorter than its signature");
            }
            r.shrink(sigLen);
            body = PacketBody.read(h.type(), r);
        } catch (MalformedPacketException e) {
            drop(DropReason.MALFORMED, source);
            return;
        }
        Peer peer = peers.get(h.sender());
        if (peer == null) {
            NodeId id;
            try {
                id = NodeId.of(h.sender());
            } catch (IllegalArgumentException e) {
                drop(DropReason.MALFORMED, source);
                return;
            }
            peer = peers.computeIfAbsent(h.sender(), n -> new Peer(id, links.size()));
        }
        if (peer.left && h.incarnation() <= peer.incarnation) {
            // That incarnation said goodbye: anything later from it is late or replayed.
            drop(DropReason.REPLAY, source);
            return;
        }
        long now = scheduler.nanoTime();
        switch (peer.replay.check(h.incarnation(), h.sequence(), linkIndex)) {
            case REPLAY -> {
                drop(DropReason.REPLAY, source);
                return;
            }
            case DUPLICATE -> {
                noteLink(peer, linkIndex, source, now);
                counters.dropped(DropReason.DUPLICATE);
                return;
            }
            case NEW_INCARNATION -> restarted(peer, h.incarnation());
            case FRESH -> {
                if (peer.incarnation == 0) {
                    firstHeard(peer, h.incarnation(), linkIndex);
                }
            }
        }
        noteLink(peer, linkIndex, source, now);
        peer.lastHeard = now;
        if (body instanceof PacketBody.Heartbeat hb) {
            heard(peer, hb.payload());
        } else if (body instanceof PacketBody.Data d) {
            heard(peer, EMPTY);
            onData(peer, d, source);
        } else if (body instanceof PacketBody.Ack a) {
            heard(peer, EMPTY);
            onAck(peer, a, source, now);
        } else {
            left(peer);
        }
    }

    private void drop(DropReason reason, String source) {
        counters.dropped(reason);
        if (LOG.isDebugEnabled()) {
            LOG.debug("dropped packet from {}: {}", source, reason);
        }
    }

    private void noteLink(Peer peer, int linkIndex, String source, long now) {
        PeerLink pl = peer.links[linkIndex];
        pl.lastHeard = now;
        pl.packets++;
        if (!source.equals(pl.address)) {
            pl.address = source;
        }
    }

    private void firstHeard(Peer peer, long inc, int linkIndex) {
        peer.incarnation = inc;
        openStreams(peer);
        LOG.info("Heard {} (incarnation {}) on {}", peer.id, inc, links.get(linkIndex).name());
    }

    private void openStreams(Peer peer) {
        peer.receive = new ReceiveStream(peer.incarnation, MAX_MESSAGE_BYTES + 512);
        int segmentBytes = settings.maxDatagramBytes() - FrameHeader.FIXED_BYTES - localNameBytes.length
                - PacketBody.dataOverhead(peer.nameBytes.length) - auth.signatureBytes();
        peer.send = new SendStream(peer.incarnation, segmentBytes, (s, seg) -> transmitSegment(peer, s, seg));
        long now = scheduler.nanoTime();
        while (!peer.pending.isEmpty()) {
            peer.send.enqueue(peer.pending.poll(), now);
        }
        peer.pendingBytes = 0;
        peer.unackedMessages = peer.send.unackedMessages();
        armTimer(peer);
    }

    private void closeStreams(Peer peer, String why) {
        SendStream s = peer.send;
        if (s != null && s.unackedMessages() > 0) {
            LOG.info("Dropped {} unacknowledged message(s) to {} incarnation {}: {}", s.unackedMessages(), peer.id,
                    s.destinationIncarnation(), why);
        }
        peer.send = null;
        peer.receive = null;
        peer.ackPending = false;
        peer.unackedMessages = 0;
    }

    private void restarted(Peer peer, long newIncarnation) {
        long old = peer.incarnation;
        closeStreams(peer, "it restarted");
        peer.left = false;
        peer.incarnation = newIncarnation;
        openStreams(peer);
        LOG.info("{} restarted: incarnation {} -> {}", peer.id, old, newIncarnation);
        for (PeerListener l : listeners) {
            try {
                l.restarted(peer.id, old, newIncarnation);
            } catch (RuntimeException e) {
                LOG.warn("Peer listener {} failed", l, e);
            }
        }
    }

    private void left(Peer peer) {
        peer.left = true;
        closeStreams(peer, "it left the cluster");
        LOG.info("{} (incarnation {}) left the cluster", peer.id, peer.incarnation);
        for (PeerListener l : listeners) {
            try {
                l.left(peer.id, peer.incarnation);
            } catch (RuntimeException e) {
                LOG.warn("Peer listener {} failed", l, e);
            }
        }
    }

    private void heard(Peer peer, byte[] payload) {
        for (PeerListener l : listeners) {
            try {
                l.heard(peer.id, peer.incarnation, payload);
            } catch (RuntimeException e) {
                LOG.warn("Peer listener {} failed", l, e);
            }
        }
    }

    private void onData(Peer peer, PacketBody.Data d, String source) {
        if (!d.destination().equals(localName)) {
            return; // on a shared medium (mcast, bcast) for another node
        }
        if (d.destIncarnation() != incarnation) {
            drop(DropReason.STALE_DESTINATION, source);
            return;
        }
        ReceiveStream rs = peer.receive;
        if (rs == null) {
            return;
        }
        switch (rs.onSegment(d.seq(), d.flags(), d.buf(), d.off(), d.len(), peer.sink)) {
            case BEYOND_WINDOW, OVERSIZED -> drop(DropReason.OVERLOAD, source);
            default -> { }
        }
        if (peer.receive != rs) {
            return; // a handler's callback... cannot replace streams, but stay defensive
        }
        peer.ackPending = true;
        if (rs.unackedSegments() >= ACK_EVERY_SEGMENTS) {
            sendAck(peer);
        } else if (!ackFlushScheduled) {
            // Runs after the datagrams already queued, so one ack answers a whole burst.
            ackFlushScheduled = true;
            scheduler.execute(this::flushAcks);
        }
    }

    private void flushAcks() {
        ackFlushScheduled = false;
        if (stopped) {
            return;
        }
        for (Peer p : peers.values()) {
            if (p.ackPending) {
                sendAck(p);
            }
        }
    }

    private void sendAck(Peer peer) {
        ReceiveStream rs = peer.receive;
        peer.ackPending = false;
        if (rs == null) {
            return;
        }
        int n = rs.sackRanges(sackScratch, PacketBody.MAX_SACK_RANGES);
        startPacket(FrameHeader.TYPE_ACK);
        PacketBody.writeAck(writer, peer.nameBytes, rs.senderIncarnation(), rs.cumulative(), sackScratch, n);
        sendToPeer(peer, finishPacket());
        rs.ackSent();
    }

    private void onAck(Peer peer, PacketBody.Ack a, String source, long now) {
        if (!a.destination().equals(localName)) {
            return;
        }
        if (a.destIncarnation() != incarnation) {
            drop(DropReason.STALE_DESTINATION, source);
            return;
        }
        SendStream s = peer.send;
        if (s == null) {
            return;
        }
        s.onAck(a.cumulative(), a.ranges(), now);
        peer.unackedMessages = s.unackedMessages();
        armTimer(peer);
    }

    private void deliver(Peer peer, byte[] buf, int off, int len) {
        MessageCodec.Decoded m;
        try {
            m = codec.decode(buf, off, len);
        } catch (MalformedPacketException e) {
            drop(DropReason.MALFORMED, peer.id.name());
            return;
        }
        dispatch(new Message(peer.id, peer.incarnation, m.channel(), m.payload()));
    }

    private void deliverLocally(String channel, byte[] payload) {
        dispatch(new Message(settings.localNode(), incarnation, channel, payload));
    }

    private void dispatch(Message message) {
        counters.messageDelivered();
        List<MessageHandler> list = handlers.get(message.channel());
        if (list == null) {
            return;
        }
        for (MessageHandler h : list) {
            try {
                h.onMessage(message);
            } catch (RuntimeException e) {
                LOG.warn("Handler {} of channel '{}' failed", h, message.channel(), e);
            }
        }
    }

    // ---------------------------------------------------------------- send path (scheduler thread)

    private Peer peerFor(NodeId id) {
        return peers.computeIfAbsent(id.name(), n -> new Peer(id, links.size()));
    }

    private void enqueue(Peer peer, byte[] encoded) {
        long queued = peer.send != null ? peer.send.queuedBytes() : peer.pendingBytes;
        int count = peer.send != null ? peer.send.unackedMessages() : peer.pending.size();
        if (count >= MAX_QUEUED_MESSAGES_PER_PEER || queued + encoded.length > MAX_QUEUED_BYTES_PER_PEER) {
            long now = scheduler.nanoTime();
            if (queueOverflowLoggedAt == NEVER || now - queueOverflowLoggedAt > TimeUnit.SECONDS.toNanos(10)) {
                queueOverflowLoggedAt = now;
                LOG.warn("Send queue to {} is full ({} messages, {} bytes): dropping new messages", peer.id, count, queued);
            }
            return;
        }
        counters.messageSent();
        if (peer.send == null) {
            peer.pending.add(encoded);
            peer.pendingBytes += encoded.length;
            return;
        }
        peer.send.enqueue(encoded, scheduler.nanoTime());
        peer.unackedMessages = peer.send.unackedMessages();
        armTimer(peer);
    }

    private void transmitSegment(Peer peer, SendStream stream, SendStream.Segment seg) {
        if (seg.transmissions > 1) {
            counters.retransmission();
        }
        startPacket(FrameHeader.TYPE_DATA);
        PacketBody.writeData(writer, peer.nameBytes, stream.destinationIncarnation(), seg.seq, seg.flags, seg.data,
                seg.off, seg.len);
        sendToPeer(peer, finishPacket());
    }

    private void armTimer(Peer peer) {
        SendStream s = peer.send;
        if (s == null || peer.timerArmed || stopped) {
            return;
        }
        long deadline = s.rtoDeadline();
        if (deadline == Long.MAX_VALUE) {
            return;
        }
        peer.timerArmed = true;
        scheduler.schedule(Math.max(0, deadline - scheduler.nanoTime()), () -> onTimer(peer));
    }

    private void onTimer(Peer peer) {
        peer.timerArmed = false;
        SendStream s = peer.send;
        if (stopped || s == null) {
            return;
        }
        long now = scheduler.nanoTime();
        if (now >= s.rtoDeadline()) {
            s.onTimeout(now);
        }
        armTimer(peer);
    }

    private void heartbeat() {
        if (stopped) {
            return;
        }
        long now = scheduler.nanoTime();
        startPacket(FrameHeader.TYPE_HEARTBEAT);
        PacketBody.writeHeartbeat(writer, heartbeatPayload());
        sendToAll(finishPacket());
        logLinkTransitions(now);
        nextHeartbeatAt += keepAliveNanos;
        if (nextHeartbeatAt < now) {
            nextHeartbeatAt = now + keepAliveNanos; // we were stalled: do not burst to catch up
        }
        heartbeatTimer = scheduler.schedule(nextHeartbeatAt - now, this::heartbeat);
    }

    private byte[] heartbeatPayload() {
        HeartbeatPayloadProvider p = payloadProvider;
        if (p == null) {
            return EMPTY;
        }
        try {
            byte[] payload = p.heartbeatPayload();
            if (payload == null) {
                return EMPTY;
            }
            if (payload.length > HeartbeatPayloadProvider.MAX_BYTES) {
                if (!payloadProblemLogged) {
                    payloadProblemLogged = true;
                    LOG.warn("Heartbeat payload provider {} returned {} bytes (limit {}): sending heartbeats without payload",
                            p, payload.length, HeartbeatPayloadProvider.MAX_BYTES);
                }
                return EMPTY;
            }
            return payload;
        } catch (RuntimeException e) {
            if (!payloadProblemLogged) {
                payloadProblemLogged = true;
                LOG.warn("Heartbeat payload provider {} failed: sending heartbeats without payload", p, e);
            }
            return EMPTY;
        }
    }

    private void logLinkTransitions(long now) {
        for (Peer p : peers.values()) {
            for (int i = 0; i < links.size(); i++) {
                boolean up = isUp(p, i, now);
                PeerLink pl = p.links[i];
                if (up != pl.reportedUp && pl.lastHeard != NEVER) {
                    pl.reportedUp = up;
                    if (up) {
                        LOG.info("Link {} to {} is up", links.get(i).name(), p.id);
                    } else {
                        LOG.warn("Link {} to {} is down: not heard for {} ms", links.get(i).name(), p.id,
                                ago(pl.lastHeard, now));
                    }
                }
            }
        }
    }

    private void startPacket(int type) {
        FrameHeader.write(writer, type, clusterId, localNameBytes, incarnation, ++packetSequence, auth.signingIndex());
    }

    private int finishPacket() {
        return auth.sign(writer.array(), writer.position());
    }

    private void sendToAll(int len) {
        for (Link link : links) {
            if (link.isOpen()) {
                link.send(writer.array(), 0, len);
                counters.packetSent(len);
            }
        }
    }

    /** On every link the peer is heard on; on all links if it is heard on none. */
    private void sendToPeer(Peer peer, int len) {
        long now = scheduler.nanoTime();
        boolean sent = false;
        for (int i = 0; i < links.size(); i++) {
            Link link = links.get(i);
            if (link.isOpen() && isUp(peer, i, now)) {
                link.send(writer.array(), 0, len);
                counters.packetSent(len);
                sent = true;
            }
        }
        if (!sent) {
            sendToAll(len);
        }
    }

    // ---------------------------------------------------------------- per-peer state

    private final class Peer {
        final NodeId id;
        final byte[] nameBytes;
        final ReplayWindow replay = new ReplayWindow();
        final PeerLink[] links;
        final ArrayDeque<byte[]> pending = new ArrayDeque<>();
        final ReceiveStream.MessageSink sink = (b, o, l) -> deliver(this, b, o, l);
        volatile long incarnation;
        volatile long lastHeard = NEVER;
        volatile boolean left;
        volatile int unackedMessages;
        long pendingBytes;
        SendStream send;
        ReceiveStream receive;
        boolean ackPending;
        boolean timerArmed;

        Peer(NodeId id, int linkCount) {
            this.id = id;
            this.nameBytes = id.name().getBytes(StandardCharsets.UTF_8);
            this.links = new PeerLink[linkCount];
            for (int i = 0; i < linkCount; i++) {
                links[i] = new PeerLink();
            }
        }
    }

    private static final class PeerLink {
        volatile long lastHeard = NEVER;
        volatile String address = "";
        volatile long packets;
        boolean reportedUp;
    }
}
