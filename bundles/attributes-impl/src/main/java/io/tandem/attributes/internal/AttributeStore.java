package io.tandem.attributes.internal;

import io.tandem.attributes.AttributeLifetime;
import io.tandem.attributes.AttributeListener;
import io.tandem.attributes.AttributeNames;
import io.tandem.attributes.ClusterOptions;
import io.tandem.attributes.NodeAttributes;
import io.tandem.common.NodeId;
import io.tandem.common.Scheduler;
import io.tandem.common.Score;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node attribute store: transient attributes in memory, permanent ones and cluster options through a
 * {@link PermanentStorage}, dampened writes on the {@link Scheduler}, listeners told of every committed change
 * in commit order on the scheduler's thread. Callable from any thread (one lock); dampening timers and
 * listener delivery run as scheduler tasks, so tests drive them in virtual time.
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
    private final Map<String, Map<String, String>> transientValues = new TreeMap<>();
    private final Map<String, Map<String, String>> permanentValues = new TreeMap<>();
    private final Map<String, String> options = new TreeMap<>();
    private final Map<Key, Pending> pending = new HashMap<>();
    /** attrd's per-attribute dampening, set by attrd_updater -d on creation, -B and -Y. */
    private final Map<String, Duration> attrdDelays = new HashMap<>();
    private final ArrayDeque<Change> undelivered = new ArrayDeque<>();
    private final List<AttributeListener> listeners = new CopyOnWriteArrayList<>();

    /** @throws UncheckedIOException if the permanent attributes cannot be read */
    AttributeStore(Scheduler scheduler, String localNode, PermanentStorage storage) {
        this.scheduler = scheduler;
        this.localNode = NodeId.of(localNode).name();
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

    private Map<String, Map<String, String>> table(AttributeLifetime lifetime) {
        return lifetime == AttributeLifetime.REBOOT ? transientValues : permanentValues;
    }

    @Override
    public Optional<String> get(String node, String name, AttributeLifetime lifetime) {
        synchronized (lock) {
            return Optional.ofNullable(table(lifetime).getOrDefault(node(node), Map.of()).get(name));
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
            table(lifetime).forEach((node, attrs) -> {
                if (attrs.containsKey(name)) {
                    values.put(node, attrs.get(name));
                }
            });
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
            return Map.copyOf(table(lifetime).getOrDefault(node(node), Map.of()));
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

    /** Under the lock. A permanent value that cannot be saved is not applied. */
    private void commit(Key key, String value) {
        Map<String, String> attrs = table(key.lifetime).computeIfAbsent(key.node, n -> new TreeMap<>());
        String old = attrs.put(key.name, value);
        if (value.equals(old)) {
            return;
        }
        if (key.lifetime == AttributeLifetime.FOREVER) {
            persistOrUndo(() -> restore(attrs, key.name, old));
        }
        announce(new Change(key.node, key.name, value, key.lifetime));
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
            Map<String, String> attrs = table(lifetime).get(key.node);
            String old = attrs == null ? null : attrs.remove(name);
            if (old == null) {
                return false;
            }
            if (lifetime == AttributeLifetime.FOREVER) {
                persistOrUndo(() -> attrs.put(name, old));
            }
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
        synchronized (lock) {
            pending.values().forEach(p -> p.timer.cancel());
            pending.clear();
        }
    }
}
