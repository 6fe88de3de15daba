package io.tandem.testkit;

import io.tandem.common.NodeId;
import io.tandem.messaging.ClusterMessenger;
import io.tandem.messaging.DropReason;
import io.tandem.messaging.HeartbeatPayloadProvider;
import io.tandem.messaging.LinkStatus;
import io.tandem.messaging.Message;
import io.tandem.messaging.MessageHandler;
import io.tandem.messaging.MessagingCounters;
import io.tandem.messaging.PeerLinkState;
import io.tandem.messaging.PeerListener;
import io.tandem.messaging.PeerStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An in-JVM model of the {@link ClusterMessenger} contract for tests of the layers above messaging (membership, attributes, the controller), on a shared {@link SimScheduler}.
 *
 * <p>Heartbeats: every live node sends one every keepalive (random phase per node) on each of its links; each copy
 * is lost with the per-link, per-direction loss probability and arrives after {@code base + uniform jitter} delay,
 * so copies may reorder. The receiver drops duplicates from redundant links and calls {@code heard} once per
 * heartbeat, as the real messenger does. Any other packet (reliable data) also counts as heard.
 *
 * <p>Reliable messages: FIFO per ordered pair; each message is delayed like a packet plus one retransmission
 * timeout per lost attempt (loss drawn as on the links); while the pair is cut (partition or block) they are held
 * and delivered in order when it heals. They are lost, as the API says, when the sender dies or restarts, or the
 * receiver's incarnation changes before delivery. Deterministic for a given seed.
 */
public final class SimMessengerNetwork {
    private final SimScheduler scheduler;
    private final Random random;
    private final long keepAliveNanos;
    private final int linkCount;
    private final Map<String, SimMessenger> current = new HashMap<>();
    private final Map<String, Long> incarnations = new HashMap<>();
    private final double[] linkLoss;
    private final Map<String, Double> pairLoss = new HashMap<>();
    private final Set<String> blocked = new HashSet<>();
    private final Map<String, Integer> side = new HashMap<>();
    private final Map<String, ArrayDeque<Pending>> streams = new HashMap<>();
    private long baseDelayNanos = TimeUnit.MICROSECONDS.toNanos(500);
    private long jitterNanos = TimeUnit.MILLISECONDS.toNanos(2);
    private long retransmitNanos = TimeUnit.MILLISECONDS.toNanos(20);

    public SimMessengerNetwork(SimScheduler scheduler, long seed, long keepAliveMillis, int linkCount) {
        this.scheduler = scheduler;
        this.random = new Random(seed);
        this.keepAliveNanos = TimeUnit.MILLISECONDS.toNanos(keepAliveMillis);
        this.linkCount = linkCount;
        this.linkLoss = new double[linkCount];
    }

    public long keepAliveNanos() {
        return keepAliveNanos;
    }

    /** Packet delay: {@code base + uniform(0, jitter)}. */
    public void setDelay(long baseMicros, long jitterMicros) {
        baseDelayNanos = TimeUnit.MICROSECONDS.toNanos(baseMicros);
        jitterNanos = TimeUnit.MICROSECONDS.toNanos(jitterMicros);
    }

    public long maxDelayNanos() {
        return baseDelayNanos + jitterNanos;
    }

    public void setLinkLoss(int link, double probability) {
        linkLoss[link] = probability;
    }

    /** Extra loss on one direction of one link, on top of the link's own. */
    public void setLoss(String from, String to, int link, double probability) {
        pairLoss.put(from + ">" + to + "#" + link, probability);
    }

    /** Cuts {@code from -> to} (one direction) until {@link #unblock}. */
    public void block(String from, String to) {
        blocked.add(from + ">" + to);
    }

    public void unblock(String from, String to) {
        blocked.remove(from + ">" + to);
        pumpAll();
    }

    /** Splits the network: nodes in different groups cannot reach each other; nodes in no group reach nobody. */
    @SafeVarargs
    public final void partition(Collection<String>... groups) {
        side.clear();
        for (int i = 0; i < groups.length; i++) {
            for (String name : groups[i]) {
                side.put(name, i);
            }
        }
    }

    public void heal() {
        side.clear();
        pumpAll();
    }

    private boolean cut(String from, String to) {
        if (blocked.contains(from + ">" + to)) {
            return true;
        }
        if (side.isEmpty()) {
            return false;
        }
        Integer a = side.get(from);
        Integer b = side.get(to);
        return a == null || !a.equals(b);
    }

    private boolean lost(String from, String to, int link) {
        double p = linkLoss[link] + pairLoss.getOrDefault(from + ">" + to + "#" + link, 0.0);
        return random.nextDouble() < p;
    }

    private long packetDelay() {
        return baseDelayNanos + (jitterNanos == 0 ? 0 : (long) (random.nextDouble() * jitterNanos));
    }

    /** Starts (or restarts, with the next incarnation) the messenger of {@code name}. */
    public SimMessenger start(String name) {
        SimMessenger old = current.get(name);
        if (old != null && old.alive) {
            throw new IllegalStateException(name + " is running; kill it first");
        }
        long incarnation = incarnations.merge(name, 1L, Long::sum);
        SimMessenger messenger = new SimMessenger(NodeId.of(name), incarnation);
        current.put(name, messenger);
        long phase = (long) (random.nextDouble() * keepAliveNanos);
        scheduler.schedule(phase, messenger::heartbeatTick);
        return messenger;
    }

    /** The process dies: no more packets, its unsent reliable messages are gone. */
    public void kill(String name) {
        SimMessenger messenger = current.get(name);
        if (messenger != null) {
            messenger.alive = false;
        }
    }

    /** Clean shutdown: peers are told (subject to cuts, not to loss: the real messenger repeats it), then it stops. */
    public void leave(String name) {
        SimMessenger messenger = current.get(name);
        for (SimMessenger peer : current.values()) {
            if (peer != messenger && peer.alive && !cut(name, peer.name())) {
                long incarnation = messenger.incarnation;
                NodeId from = messenger.node;
                scheduler.schedule(packetDelay(), () -> peer.receiveLeave(from, incarnation));
            }
        }
        kill(name);
    }

    private void pumpAll() {
        for (String key : new ArrayList<>(streams.keySet())) {
            pump(key);
        }
    }

    private void enqueue(SimMessenger from, NodeId to, long toIncarnation, Message message) {
        String key = from.name() + ">" + to.name();
        ArrayDeque<Pending> stream = streams.computeIfAbsent(key, k -> new ArrayDeque<>());
        long delay = packetDelay();
        for (int attempt = 0; attempt < 8 && lostOnEveryLink(from.name(), to.name()); attempt++) {
            delay += retransmitNanos;
            from.retransmissions++;
        }
        long readyAt = scheduler.nanoTime() + delay;
        if (!stream.isEmpty()) {
            readyAt = Math.max(readyAt, stream.peekLast().readyAt);
        }
        stream.addLast(new Pending(from, to, toIncarnation, message, readyAt));
        scheduler.schedule(readyAt - scheduler.nanoTime(), () -> pump(key));
    }

    private boolean lostOnEveryLink(String from, String to) {
        for (int link = 0; link < linkCount; link++) {
            if (!lost(from, to, link)) {
                return false;
            }
        }
        return true;
    }

    private void pump(String key) {
        ArrayDeque<Pending> stream = streams.get(key);
        while (stream != null && !stream.isEmpty() && stream.peekFirst().readyAt <= scheduler.nanoTime()) {
            Pending head = stream.peekFirst();
            SimMessenger receiver = current.get(head.to.name());
            if (!head.from.alive || head.from != current.get(head.from.name())) {
                stream.pollFirst(); // the sender died: its stream died with it
                continue;
            }
            if (receiver == null || !receiver.alive
                    || (head.toIncarnation != 0 && receiver.incarnation != head.toIncarnation)) {
                stream.pollFirst();
                continue;
            }
            if (cut(head.from.name(), receiver.name())) {
                return; // held until the cut heals
            }
            stream.pollFirst();
            receiver.receiveData(head.message);
        }
    }

    private record Pending(SimMessenger from, NodeId to, long toIncarnation, Message message, long readyAt) {
    }

    private record Heard(long incarnation, long nanos) {
    }

    /** One node's messenger (one incarnation). */
    public final class SimMessenger implements ClusterMessenger {
        private final NodeId node;
        private final long incarnation;
        private volatile boolean alive = true;
        private volatile HeartbeatPayloadProvider payloadProvider = () -> new byte[0];
        private final List<PeerListener> peerListeners = new CopyOnWriteArrayList<>();
        private final Map<String, List<MessageHandler>> handlers = new HashMap<>();
        private final Map<NodeId, Long> peerIncarnation = new HashMap<>();
        private final Map<NodeId, Long> lastHeard = new HashMap<>();
        private final Map<NodeId, long[]> lastHeardOnLink = new HashMap<>();
        private final Map<NodeId, Set<Long>> seenSequences = new HashMap<>();
        private final Map<DropReason, Long> dropped = new HashMap<>();
        private long sequence;
        private long heartbeatsSent;
        private long packetsReceived;
        private long messagesSent;
        private long messagesDelivered;
        private long retransmissions;

        SimMessenger(NodeId node, long incarnation) {
            this.node = node;
            this.incarnation = incarnation;
        }

        String name() {
            return node.name();
        }

        boolean alive() {
            return alive;
        }

        @Override
        public Subscription setHeartbeatPayloadProvider(HeartbeatPayloadProvider provider) {
            this.payloadProvider = provider;
            return () -> {
                if (payloadProvider == provider) {
                    payloadProvider = () -> new byte[0];
                }
            };
        }

        private void heartbeatTick() {
            if (!alive) {
                return;
            }
            long seq = ++sequence;
            byte[] payload = payloadProvider.heartbeatPayload().clone();
            for (SimMessenger peer : new ArrayList<>(current.values())) {
                if (peer == this || !peer.alive) {
                    continue;
                }
                for (int link = 0; link < linkCount; link++) {
                    heartbeatsSent++;
                    if (cut(name(), peer.name()) || lost(name(), peer.name(), link)) {
                        continue;
                    }
                    int onLink = link;
                    scheduler.schedule(packetDelay(), () -> peer.receiveHeartbeat(node, incarnation, seq, onLink, payload));
                }
            }
            scheduler.schedule(keepAliveNanos, this::heartbeatTick);
        }

        private boolean acceptPacket(NodeId from, long fromIncarnation) {
            Long known = peerIncarnation.get(from);
            if (known != null && fromIncarnation < known) {
                dropped.merge(DropReason.REPLAY, 1L, Long::sum);
                return false;
            }
            if (known != null && fromIncarnation > known) {
                seenSequences.remove(from);
                for (PeerListener listener : peerListeners) {
                    listener.restarted(from, known, fromIncarnation);
                }
            }
            peerIncarnation.put(from, fromIncarnation);
            lastHeard.put(from, scheduler.nanoTime());
            return true;
        }

        private void receiveHeartbeat(NodeId from, long fromIncarnation, long seq, int link, byte[] payload) {
            if (!alive) {
                return;
            }
            packetsReceived++;
            Long known = peerIncarnation.get(from);
            if (known != null && fromIncarnation == known) {
                Set<Long> seen = seenSequences.computeIfAbsent(from, k -> new HashSet<>());
                if (!seen.add(seq)) {
                    dropped.merge(DropReason.DUPLICATE, 1L, Long::sum);
                    lastHeardOnLink.computeIfAbsent(from, k -> new long[linkCount])[link] = scheduler.nanoTime();
                    return;
                }
                seen.removeIf(s -> s < seq - 256);
            }
            if (!acceptPacket(from, fromIncarnation)) {
                return;
            }
            seenSequences.computeIfAbsent(from, k -> new HashSet<>()).add(seq);
            lastHeardOnLink.computeIfAbsent(from, k -> new long[linkCount])[link] = scheduler.nanoTime();
            for (PeerListener listener : peerListeners) {
                listener.heard(from, fromIncarnation, payload);
            }
        }

        private void receiveData(Message message) {
            if (!alive || !acceptPacket(message.from(), message.fromIncarnation())) {
                return;
            }
            packetsReceived++;
            for (PeerListener listener : peerListeners) {
                listener.heard(message.from(), message.fromIncarnation(), new byte[0]);
            }
            messagesDelivered++;
            for (MessageHandler handler : List.copyOf(handlers.getOrDefault(message.channel(), List.of()))) {
                handler.onMessage(message);
            }
        }

        private void receiveLeave(NodeId from, long fromIncarnation) {
            if (!alive) {
                return;
            }
            for (PeerListener listener : peerListeners) {
                listener.left(from, fromIncarnation);
            }
        }

        @Override
        public NodeId localNode() {
            return node;
        }

        @Override
        public long incarnation() {
            return incarnation;
        }

        @Override
        public String clusterName() {
            return "sim";
        }

        @Override
        public void send(NodeId peer, String channel, byte[] payload) {
            if (payload.length > MAX_MESSAGE_BYTES) {
                throw new io.tandem.messaging.MessageTooLargeException(payload.length);
            }
            if (!alive) {
                return;
            }
            messagesSent++;
            enqueue(this, peer, peerIncarnation.getOrDefault(peer, 0L),
                    new Message(node, incarnation, channel, payload.clone()));
        }

        @Override
        public void broadcast(String channel, byte[] payload) {
            for (NodeId peer : new TreeSet<>(peerIncarnation.keySet())) {
                send(peer, channel, payload);
            }
        }

        @Override
        public Subscription subscribe(String channel, MessageHandler handler) {
            handlers.computeIfAbsent(channel, k -> new CopyOnWriteArrayList<>()).add(handler);
            return () -> handlers.getOrDefault(channel, List.of()).remove(handler);
        }

        @Override
        public Subscription addPeerListener(PeerListener listener) {
            peerListeners.add(listener);
            return () -> peerListeners.remove(listener);
        }

        @Override
        public List<PeerStatus> peers() {
            List<PeerStatus> peers = new ArrayList<>();
            for (Map.Entry<NodeId, Long> e : new java.util.TreeMap<>(peerIncarnation).entrySet()) {
                long ago = TimeUnit.NANOSECONDS.toMillis(scheduler.nanoTime() - lastHeard.get(e.getKey()));
                peers.add(new PeerStatus(e.getKey(), e.getValue(), ago, linksUp(e.getKey()), 0));
            }
            return peers;
        }

        private List<String> linksUp(NodeId peer) {
            long[] heard = lastHeardOnLink.get(peer);
            List<String> up = new ArrayList<>();
            for (int link = 0; heard != null && link < linkCount; link++) {
                if (heard[link] > 0 && scheduler.nanoTime() - heard[link] < 4 * keepAliveNanos) {
                    up.add("sim" + link);
                }
            }
            return up;
        }

        @Override
        public List<LinkStatus> links() {
            List<LinkStatus> links = new ArrayList<>();
            for (int link = 0; link < linkCount; link++) {
                List<PeerLinkState> states = new ArrayList<>();
                for (NodeId peer : new TreeSet<>(peerIncarnation.keySet())) {
                    boolean up = linksUp(peer).contains("sim" + link);
                    states.add(new PeerLinkState(peer, up, -1, "sim:" + peer, 0));
                }
                links.add(new LinkStatus("sim" + link, "simulated link " + link, true, "", states));
            }
            return links;
        }

        @Override
        public MessagingCounters counters() {
            return new MessagingCounters(heartbeatsSent + messagesSent, packetsReceived, 0, 0, messagesSent,
                    messagesDelivered, retransmissions, dropped);
        }
    }
}
