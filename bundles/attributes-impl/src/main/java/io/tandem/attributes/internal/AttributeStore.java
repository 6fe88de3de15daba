package io.tandem.attributes.internal;

import io.tandem.attributes.AttributeLifetime;
import io.tandem.attributes.AttributeListener;
import io.tandem.attributes.AttributeNames;
import io.tandem.attributes.ClusterOptions;
import io.tandem.attributes.NodeAttributes;
import io.tandem.attributes.internal.TransientState.Entry;
import io.tandem.attributes.internal.TransientState.NodeBatch;
import io.tandem.attributes.internal.TransientState.Version;
import io.tandem.common.NodeId;
import io.tandem.common.Scheduler;
import io.tandem.common.Score;
import io.tandem.membership.View;
import io.tandem.messaging.ClusterMessenger;
import io.tandem.messaging.Message;
import io.tandem.messaging.PeerListener;
import io.tandem.messaging.PeerStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node attribute store: transient attributes in memory, permanent ones and cluster options through a
 * {@link PermanentStorage}, dampened writes on the {@link Scheduler}, listeners told of every committed change
 * in commit order on the scheduler's thread. Callable from any thread (one lock); dampening timers, listener
 * delivery and outgoing messages run as scheduler tasks, so tests drive them in virtual time.
 *
 * <p>Cluster-wide like pacemaker-attrd once {@link #connect connected} to a {@link ClusterMessenger}: every
 * node holds every node's transient attributes ({@link TransientState}); a local write is broadcast on channel
 * {@value AttrdMessage#CHANNEL}, a peer that restarts or joins the view gets this node's whole table, and a
 * node that leaves the view ({@link #viewChanged}) or restarts loses its transient attributes everywhere.
 * Permanent attributes and cluster options stay with the {@link PermanentStorage}.
 *
 * <p>Dampening: the first change starts a timer of the attribute's delay; later changes before it fires
 * replace the pending value without restarting it, so a value that keeps flapping is still written once per
 * delay (pacemaker-attrd restarts the timer, which can postpone a flapping value forever).
 */
final class AttributeStore implements NodeAttributes, ClusterOptions {
    private static final Logger LOG = LoggerFactory.getLogger(AttributeStore.class);

    private record Key(String node, String name, AttributeLifetime lifetime) {
    }

    private static final class Pending {
        String value;
        final Scheduler.Cancellable timer;

        Pending(String value, Scheduler.Cancellable timer) {
            this.value = value;
            this.timer = timer;
        }
    }

    private record Change(String node, String name, String value, AttributeLifetime lifetime) {
    }

    private final Scheduler scheduler;
    private final String localNode;
    private final PermanentStorage storage;
    private final Object lock = new Object();
    private final TransientState transientValues;
    private final Map<String, Map<String, String>> permanentValues = new TreeMap<>();
    private final Map<String, String> options = new TreeMap<>();
    private final Map<Key, Pending> pending = new HashMap<>();
    /** attrd's per-attribute dampening, set by attrd_updater -d on creation, -B and -Y. */
    private final Map<String, Duration> attrdDelays = new HashMap<>();
    private final ArrayDeque<Change> undelivered = new ArrayDeque<>();
    private final List<AttributeListener> listeners = new CopyOnWriteArrayList<>();

    // ---- replication state (guarded by lock unless noted)
    /** Hybrid logical clock: above every stamp seen, and at least the wall clock in milliseconds. */
    private long clock;
    private Connection connection;
    /** Incarnation of each peer heard directly; read without the lock on the heartbeat fast path. */
    private final Map<String, Long> contacted = new ConcurrentHashMap<>();
    /** Local writes not yet broadcast, by (node, epoch at write time): sent as one update per scheduler turn. */
    private final Map<NodeEpoch, List<Entry>> unsent = new LinkedHashMap<>();
    private final ArrayDeque<Outgoing> outbox = new ArrayDeque<>();
    private View lastView;

    private record NodeEpoch(String node, long epoch) {
    }

    /** {@code to == null}: broadcast. */
    private record Outgoing(ClusterMessenger messenger, NodeId to, byte[] payload) {
    }

    /** @throws UncheckedIOException if the permanent attributes cannot be read */
    AttributeStore(Scheduler scheduler, String localNode, PermanentStorage storage) {
        this.scheduler = scheduler;
        this.localNode = NodeId.of(localNode).name();
        this.transientValues = new TransientState(this.localNode);
        this.storage = storage;
        PermanentStorage.Snapshot snapshot;
        try {
            snapshot = storage.load();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        snapshot.nodes().forEach((node, attrs) -> permanentValues.put(node, new TreeMap<>(attrs)));
        options.putAll(snapshot.options());
    }

    @Override
    public String localNode() {
        return localNode;
    }

    /** {@code null} means the local node; anything else must be a valid node name. */
    String node(String node) {
        return node == null || node.isEmpty() ? localNode : NodeId.of(node).name();
    }

    private static String name(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("invalid attribute name '" + name + "'");
        }
        return name;
    }

    @Override
    public Optional<String> get(String node, String name, AttributeLifetime lifetime) {
        synchronized (lock) {
            String n = node(node);
            return Optional.ofNullable(lifetime == AttributeLifetime.REBOOT ? transientValues.value(n, name)
                    : permanentValues.getOrDefault(n, Map.of()).get(name));
        }
    }

    @Override
    public Optional<String> latest(String node, String name, AttributeLifetime lifetime) {
        synchronized (lock) {
            Pending p = pending.get(new Key(node(node), name, lifetime));
            return p != null ? Optional.of(p.value) : get(node, name, lifetime);
        }
    }

    /** attrd_updater -A: the newest value of one attribute on every node that has it. */
    Map<String, String> latestOnAllNodes(String name, AttributeLifetime lifetime) {
        synchronized (lock) {
            Map<String, String> values = new TreeMap<>();
            if (lifetime == AttributeLifetime.REBOOT) {
                for (String node : transientValues.nodes()) {
                    String value = transientValues.value(node, name);
                    if (value != null) {
                        values.put(node, value);
                    }
                }
            } else {
                permanentValues.forEach((node, attrs) -> {
                    if (attrs.containsKey(name)) {
                        values.put(node, attrs.get(name));
                    }
                });
            }
            pending.forEach((key, p) -> {
                if (key.name.equals(name) && key.lifetime == lifetime) {
                    values.put(key.node, p.value);
                }
            });
            return values;
        }
    }

    @Override
    public Map<String, String> all(String node, AttributeLifetime lifetime) {
        synchronized (lock) {
            String n = node(node);
            return Map.copyOf(lifetime == AttributeLifetime.REBOOT ? transientValues.values(n)
                    : permanentValues.getOrDefault(n, Map.of()));
        }
    }

    @Override
    public void set(String node, String name, String value, AttributeLifetime lifetime, Duration dampening) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(lifetime, "lifetime");
        Key key = new Key(node(node), name(name), lifetime);
        long delayNanos = dampening == null || dampening.isNegative() ? 0 : dampening.toNanos();
        synchronized (lock) {
            String expanded = expand(name, value, latest(key.node, name, lifetime).orElse(null));
            Pending p = pending.get(key);
            if (delayNanos == 0) {
                if (p != null) {
                    p.timer.cancel();
                    pending.remove(key);
                }
                commit(key, expanded);
            } else if (p != null) {
                p.value = expanded; // the write already under way takes the newest value
            } else {
                pending.put(key, new Pending(expanded, scheduler.schedule(delayNanos, () -> flush(key))));
            }
        }
    }

    /**
     * pacemaker-attrd's value expansion: {@code NAME++} adds one to the current value, {@code NAME+=N} adds N;
     * a missing or non-numeric current value counts as 0; INFINITY arithmetic.
     */
    static String expand(String name, String value, String current) {
        String increment;
        if (value.equals(name + "++")) {
            increment = "1";
        } else if (value.startsWith(name + "+=")) {
            increment = value.substring(name.length() + 2);
        } else {
            return value;
        }
        return scoreOrZero(current).plus(scoreOrZero(increment)).toString();
    }

    private static Score scoreOrZero(String text) {
        if (text == null) {
            return Score.ZERO;
        }
        try {
            return Score.parse(text);
        } catch (IllegalArgumentException e) {
            return Score.ZERO;
        }
    }

    private void flush(Key key) {
        synchronized (lock) {
            Pending p = pending.remove(key);
            if (p == null) {
                return;
            }
            try {
                commit(key, p.value);
            } catch (UncheckedIOException e) {
                LOG.error("Could not write dampened attribute {}={} of {}: {}", key.name, p.value, key.node, e.getMessage());
            }
        }
    }

    /** Under the lock. A permanent value that cannot be saved is not applied; a transient one goes to the peers. */
    private void commit(Key key, String value) {
        if (key.lifetime == AttributeLifetime.REBOOT) {
            if (!value.equals(transientValues.value(key.node, key.name))) {
                writeTransient(key.node, key.name, value);
            }
            return;
        }
        Map<String, String> attrs = permanentValues.computeIfAbsent(key.node, n -> new TreeMap<>());
        String old = attrs.put(key.name, value);
        if (value.equals(old)) {
            return;
        }
        persistOrUndo(() -> restore(attrs, key.name, old));
        announce(new Change(key.node, key.name, value, key.lifetime));
    }

    /** Under the lock: a local write (null = delete) with a fresh version, announced and queued for the peers. */
    private void writeTransient(String node, String name, String value) {
        clock = Math.max(clock + 1, scheduler.currentTimeMillis());
        Entry entry = new Entry(name, value, new Version(clock, localNode));
        TransientState.Change change = transientValues.write(node, entry);
        if (change != null) {
            announce(new Change(node, name, value, AttributeLifetime.REBOOT));
        }
        if (connection != null) {
            NodeEpoch target = new NodeEpoch(node, transientValues.epoch(node));
            boolean first = unsent.isEmpty();
            unsent.computeIfAbsent(target, k -> new ArrayList<>()).add(entry);
            if (first) {
                scheduler.execute(this::broadcastUnsent);
            }
        }
    }

    private static void restore(Map<String, String> attrs, String name, String old) {
        if (old == null) {
            attrs.remove(name);
        } else {
            attrs.put(name, old);
        }
    }

    private void persistOrUndo(Runnable undo) {
        try {
            storage.save(new PermanentStorage.Snapshot(permanentValues, options));
        } catch (IOException e) {
            undo.run();
            throw new UncheckedIOException("cannot save permanent attributes: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String node, String name, AttributeLifetime lifetime) {
        remove(node, name, lifetime);
    }

    /** @return whether a committed value existed */
    boolean remove(String node, String name, AttributeLifetime lifetime) {
        Key key = new Key(node(node), name, lifetime);
        synchronized (lock) {
            Pending p = pending.remove(key);
            if (p != null) {
                p.timer.cancel();
            }
            if (lifetime == AttributeLifetime.REBOOT) {
                if (transientValues.value(key.node, name) == null) {
                    return false;
                }
                writeTransient(key.node, name, null);
                return true;
            }
            Map<String, String> attrs = permanentValues.get(key.node);
            String old = attrs == null ? null : attrs.remove(name);
            if (old == null) {
                return false;
            }
            persistOrUndo(() -> attrs.put(name, old));
            announce(new Change(key.node, name, null, lifetime));
            return true;
        }
    }

    Optional<Duration> attrdDelay(String name) {
        synchronized (lock) {
            return Optional.ofNullable(attrdDelays.get(name));
        }
    }

    void setAttrdDelay(String name, Duration delay) {
        synchronized (lock) {
            attrdDelays.put(name(name), delay);
        }
    }

    /** Whether attrd knows the attribute (on any node, committed or pending), as for -U with -d on a new one. */
    boolean attrdKnows(String name) {
        synchronized (lock) {
            return attrdDelays.containsKey(name) || !latestOnAllNodes(name, AttributeLifetime.REBOOT).isEmpty();
        }
    }

    // ---- listeners: delivered in commit order on the scheduler, outside the lock

    private void announce(Change change) {
        undelivered.add(change);
        scheduler.execute(this::deliver);
    }

    private void announceTransient(List<TransientState.Change> changes) {
        for (TransientState.Change c : changes) {
            announce(new Change(c.node(), c.name(), c.value(), AttributeLifetime.REBOOT));
        }
    }

    private void deliver() {
        Change change;
        synchronized (lock) {
            change = undelivered.poll();
        }
        if (change == null) {
            return;
        }
        for (AttributeListener l : listeners) {
            try {
                l.attributeChanged(change.node, change.name, change.value, change.lifetime);
            } catch (RuntimeException e) {
                LOG.warn("Attribute listener {} failed on {}", l, change.name, e);
            }
        }
    }

    @Override
    public void addListener(AttributeListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    @Override
    public void removeListener(AttributeListener listener) {
        listeners.remove(listener);
    }

    // ---- fail counts and promotion scores

    @Override
    public Score recordFailure(String node, String resource, String operation, long intervalMillis) {
        String countName = AttributeNames.failCount(resource, operation, intervalMillis);
        String stampName = AttributeNames.lastFailure(resource, operation, intervalMillis);
        synchronized (lock) {
            set(node, countName, countName + "++", AttributeLifetime.REBOOT, Duration.ZERO);
            set(node, stampName, Long.toString(scheduler.currentTimeMillis() / 1000), AttributeLifetime.REBOOT, Duration.ZERO);
            return Score.parse(get(node, countName, AttributeLifetime.REBOOT).orElseThrow());
        }
    }

    @Override
    public Score failCount(String node, String resource) {
        Score total = Score.ZERO;
        for (Map.Entry<String, String> e : all(node, AttributeLifetime.REBOOT).entrySet()) {
            if (AttributeNames.belongsTo(e.getKey(), AttributeNames.FAIL_COUNT_PREFIX, resource)) {
                Score s = scoreOrZero(e.getValue());
                if (s.value() > 0) {
                    total = total.plus(s);
                }
            }
        }
        return total;
    }

    @Override
    public void clearFailures(String node, String resource) {
        synchronized (lock) {
            for (String name : all(node, AttributeLifetime.REBOOT).keySet()) {
                if (AttributeNames.belongsTo(name, AttributeNames.FAIL_COUNT_PREFIX, resource)
                        || AttributeNames.belongsTo(name, AttributeNames.LAST_FAILURE_PREFIX, resource)) {
                    remove(node, name, AttributeLifetime.REBOOT);
                }
            }
        }
    }

    @Override
    public Optional<Score> promotionScore(String node, String resourceInstance) {
        Optional<String> value = get(node, AttributeNames.promotionScore(resourceInstance), AttributeLifetime.REBOOT);
        String anonymous = AttributeNames.stripCloneInstance(resourceInstance);
        if (value.isEmpty() && !anonymous.equals(resourceInstance)) {
            value = get(node, AttributeNames.promotionScore(anonymous), AttributeLifetime.REBOOT);
        }
        try {
            return value.map(Score::parse);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    // ---- cluster options

    @Override
    public Optional<String> option(String name) {
        synchronized (lock) {
            return Optional.ofNullable(options.get(name));
        }
    }

    @Override
    public Map<String, String> options() {
        synchronized (lock) {
            return Map.copyOf(options);
        }
    }

    @Override
    public void setOption(String name, String value) {
        Objects.requireNonNull(value, "value");
        synchronized (lock) {
            String old = options.put(name(name), value);
            if (!value.equals(old)) {
                persistOrUndo(() -> restore(options, name, old));
            }
        }
    }

    @Override
    public boolean deleteOption(String name) {
        synchronized (lock) {
            String old = options.remove(name);
            if (old == null) {
                return false;
            }
            persistOrUndo(() -> options.put(name, old));
            return true;
        }
    }

    /** Stops pending dampening timers (their values are dropped, as attrd drops them when it stops). */
    void close() {
        Connection c;
        synchronized (lock) {
            pending.values().forEach(p -> p.timer.cancel());
            pending.clear();
            c = connection;
        }
        if (c != null) {
            c.close();
        }
    }

    // ---- the cluster: messenger, peers and views

    /**
     * Makes the transient attributes cluster-wide through {@code messenger} (replacing an earlier connection).
     * Values held so far stay and are offered to the peers. Closing the handle makes the store local again,
     * keeping what it holds.
     *
     * @throws IllegalArgumentException if the messenger runs under another node name than this store
     */
    AutoCloseable connect(ClusterMessenger messenger) {
        if (!messenger.localNode().name().equals(localNode)) {
            throw new IllegalArgumentException("the messenger runs as node '" + messenger.localNode()
                    + "' but the attribute store as '" + localNode + "': configure the same nodeName");
        }
        Connection previous;
        Connection next = new Connection(messenger);
        synchronized (lock) {
            previous = connection;
            connection = next;
            contacted.clear();
            // our own values are still valid under the new incarnation: peers erase the old one and get them back
            transientValues.adoptEpoch(localNode, messenger.incarnation());
        }
        if (previous != null) {
            previous.close();
        }
        next.open();
        for (PeerStatus peer : messenger.peers()) {
            next.heard(peer.peer(), peer.incarnation(), new byte[0]);
        }
        return next::close;
    }

    /**
     * A membership view was installed: nodes that left it lose their transient attributes here (every member
     * installs the same view, so everywhere), nodes that joined get this node's whole table.
     */
    void viewChanged(View view) {
        if (view.id() == 0 || !view.contains(NodeId.of(localNode))) {
            return; // no view formed yet: nothing to conclude about the others
        }
        synchronized (lock) {
            View previous = lastView;
            lastView = view;
            if (previous != null) {
                for (NodeId gone : previous.members()) {
                    if (!view.contains(gone) && !gone.name().equals(localNode)) {
                        List<TransientState.Change> erased = transientValues.drop(gone.name());
                        if (!erased.isEmpty()) {
                            LOG.info("{} left the view: forgetting its {} transient attributes", gone, erased.size());
                        }
                        announceTransient(erased);
                    }
                }
            }
            for (NodeId member : view.members()) {
                if (!member.name().equals(localNode) && (previous == null || !previous.contains(member))) {
                    sendSync(member);
                }
            }
        }
    }

    /** Every node's visible transient values (for tests and diagnostics). */
    Map<String, Map<String, String>> transientTable() {
        synchronized (lock) {
            return transientValues.allValues();
        }
    }

    /** Under the lock. */
    private void sendSync(NodeId peer) {
        if (connection != null) {
            post(new Outgoing(connection.messenger, peer, new AttrdMessage(AttrdMessage.Kind.SYNC, transientValues.snapshot()).encode()));
        }
    }

    /** Under the lock. */
    private void post(Outgoing message) {
        outbox.add(message);
        scheduler.execute(this::sendOne);
    }

    private void broadcastUnsent() {
        synchronized (lock) {
            if (unsent.isEmpty() || connection == null) {
                unsent.clear();
                return;
            }
            List<NodeBatch> batches = new ArrayList<>();
            unsent.forEach((target, entries) -> batches.add(new NodeBatch(target.node, target.epoch, entries)));
            unsent.clear();
            post(new Outgoing(connection.messenger, null, new AttrdMessage(AttrdMessage.Kind.UPDATE, batches).encode()));
        }
    }

    /** Outside the lock: the messenger may take its own. */
    private void sendOne() {
        Outgoing message;
        synchronized (lock) {
            message = outbox.poll();
        }
        if (message == null) {
            return;
        }
        try {
            if (message.to == null) {
                message.messenger.broadcast(AttrdMessage.CHANNEL, message.payload);
            } else {
                message.messenger.send(message.to, AttrdMessage.CHANNEL, message.payload);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not send attribute message to {}: {}", message.to == null ? "all peers" : message.to, e.toString());
        }
    }

    /** Under the lock: {@code peer} runs {@code incarnation}; a new one (restart or first contact) gets our table. */
    private void contact(NodeId peer, long incarnation) {
        if (peer.name().equals(localNode)) {
            return;
        }
        Long known = contacted.get(peer.name());
        if (known != null && known >= incarnation) {
            return;
        }
        contacted.put(peer.name(), incarnation);
        List<TransientState.Change> erased = transientValues.observe(peer.name(), incarnation);
        if (!erased.isEmpty()) {
            LOG.info("{} restarted (incarnation {}): forgetting its {} transient attributes", peer, incarnation, erased.size());
        }
        announceTransient(erased);
        sendSync(peer);
    }

    private void receive(Connection from, Message message) {
        AttrdMessage m;
        try {
            m = AttrdMessage.decode(message.payload());
        } catch (IllegalArgumentException e) {
            LOG.warn("Dropping a malformed attribute message from {}: {}", message.from(), e.getMessage());
            return;
        }
        synchronized (lock) {
            if (connection != from) {
                return;
            }
            contact(message.from(), message.fromIncarnation());
            for (NodeBatch b : m.nodes()) {
                for (Entry e : b.entries()) {
                    clock = Math.max(clock, e.version().stamp());
                }
            }
            announceTransient(transientValues.merge(m.nodes()));
            if (m.kind() == AttrdMessage.Kind.SYNC) {
                List<NodeBatch> missing = transientValues.missingFrom(m.nodes());
                if (!missing.isEmpty()) {
                    post(new Outgoing(from.messenger, message.from(), new AttrdMessage(AttrdMessage.Kind.UPDATE, missing).encode()));
                }
            }
        }
    }

    /** One attachment to a messenger: its subscription and peer listener. */
    private final class Connection implements PeerListener {
        final ClusterMessenger messenger;
        private final List<ClusterMessenger.Subscription> subscriptions = new ArrayList<>();
        private boolean closed;

        Connection(ClusterMessenger messenger) {
            this.messenger = messenger;
        }

        void open() {
            ClusterMessenger.Subscription channel = messenger.subscribe(AttrdMessage.CHANNEL, m -> receive(this, m));
            ClusterMessenger.Subscription peers = messenger.addPeerListener(this);
            synchronized (lock) {
                subscriptions.add(channel);
                subscriptions.add(peers);
                if (!closed) {
                    return;
                }
            }
            channel.close();
            peers.close();
        }

        void close() {
            List<ClusterMessenger.Subscription> toClose;
            synchronized (lock) {
                closed = true;
                if (connection == this) {
                    connection = null;
                    unsent.clear();
                }
                toClose = new ArrayList<>(subscriptions);
                subscriptions.clear();
            }
            toClose.forEach(ClusterMessenger.Subscription::close);
        }

        @Override
        public void heard(NodeId peer, long incarnation, byte[] payload) {
            Long known = contacted.get(peer.name());
            if (known != null && known == incarnation) {
                return; // every heartbeat lands here: the usual case takes no lock
            }
            synchronized (lock) {
                if (connection == this) {
                    contact(peer, incarnation);
                }
            }
        }

        @Override
        public void restarted(NodeId peer, long oldIncarnation, long newIncarnation) {
            heard(peer, newIncarnation, new byte[0]);
        }

        @Override
        public void left(NodeId peer, long incarnation) {
            synchronized (lock) {
                if (connection != this || peer.name().equals(localNode) || transientValues.epoch(peer.name()) > incarnation) {
                    return;
                }
                contacted.remove(peer.name());
                List<TransientState.Change> erased = transientValues.drop(peer.name());
                if (!erased.isEmpty()) {
                    LOG.info("{} shut down: forgetting its {} transient attributes", peer, erased.size());
                }
                announceTransient(erased);
            }
        }
    }
}
