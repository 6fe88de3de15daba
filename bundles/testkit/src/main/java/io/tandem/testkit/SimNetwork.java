package io.tandem.testkit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A simulated datagram network on a {@link SimScheduler}: endpoints with string addresses exchange datagrams
 * over directed links that can drop, delay (with jitter), duplicate and reorder them, and groups of addresses
 * can be partitioned from each other. All randomness comes from one seeded {@link Random}, so a run is
 * reproducible. Not thread-safe: drive it from the test thread, like the scheduler.
 *
 * <p>Addresses are free-form; by convention {@code node/interface} (e.g. {@code n1/eth0}), so that
 * {@link #partition} can name a whole node: a group element matches an address equal to it or starting with
 * it followed by {@code /}.
 */
public final class SimNetwork {
    /** Receives datagrams delivered to an endpoint, on the scheduler. */
    @FunctionalInterface
    public interface Receiver {
        void receive(String from, byte[] datagram);
    }

    /** One datagram as sent (before faults), for taps. */
    public record Datagram(String from, String to, byte[] data) {
        public Datagram {
            Objects.requireNonNull(from);
            Objects.requireNonNull(to);
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    /** Fault settings of one directed link (from, to). Mutable; changes apply to datagrams sent afterwards. */
    public static final class LinkConditions {
        private double dropProbability;
        private double duplicateProbability;
        private double reorderProbability;
        private long delayNanos = TimeUnit.MICROSECONDS.toNanos(200);
        private long jitterNanos;

        public LinkConditions drop(double probability) {
            dropProbability = probability(probability);
            return this;
        }

        public LinkConditions duplicate(double probability) {
            duplicateProbability = probability(probability);
            return this;
        }

        /** Probability that a datagram is held back by an extra 1..3 delays, so later ones overtake it. */
        public LinkConditions reorder(double probability) {
            reorderProbability = probability(probability);
            return this;
        }

        public LinkConditions delay(long delay, TimeUnit unit) {
            delayNanos = unit.toNanos(delay);
            if (delayNanos < 0) {
                throw new IllegalArgumentException("negative delay");
            }
            return this;
        }

        /** Uniform extra delay in [0, jitter). */
        public LinkConditions jitter(long jitter, TimeUnit unit) {
            jitterNanos = unit.toNanos(jitter);
            if (jitterNanos < 0) {
                throw new IllegalArgumentException("negative jitter");
            }
            return this;
        }

        private static double probability(double p) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("probability must be in [0, 1]: " + p);
            }
            return p;
        }

        private void copyFrom(LinkConditions o) {
            dropProbability = o.dropProbability;
            duplicateProbability = o.duplicateProbability;
            reorderProbability = o.reorderProbability;
            delayNanos = o.delayNanos;
            jitterNanos = o.jitterNanos;
        }
    }

    /** An attached address. */
    public final class Endpoint {
        private final String address;
        private final Receiver receiver;
        private boolean closed;

        private Endpoint(String address, Receiver receiver) {
            this.address = address;
            this.receiver = receiver;
        }

        public String address() {
            return address;
        }

        /** Sends a copy of {@code data[off, off+len)} to {@code to}, subject to the link's conditions. */
        public void send(String to, byte[] data, int off, int len) {
            if (closed) {
                throw new IllegalStateException("endpoint " + address + " is closed");
            }
            transmit(address, to, java.util.Arrays.copyOfRange(data, off, off + len));
        }

        public void send(String to, byte[] data) {
            send(to, data, 0, data.length);
        }

        public void close() {
            closed = true;
            endpoints.remove(address, this);
        }
    }

    private final SimScheduler scheduler;
    private final Random random;
    private final Map<String, Endpoint> endpoints = new HashMap<>();
    private final Map<String, LinkConditions> links = new HashMap<>();
    private final LinkConditions defaults = new LinkConditions();
    private final List<Consumer<Datagram>> taps = new ArrayList<>();
    private final List<List<String>> partitions = new ArrayList<>();
    private long sent;
    private long delivered;
    private long dropped;
    private long bytesSent;

    public SimNetwork(SimScheduler scheduler, long seed) {
        this.scheduler = Objects.requireNonNull(scheduler);
        this.random = new Random(seed);
    }

    public Endpoint attach(String address, Receiver receiver) {
        Objects.requireNonNull(address);
        Objects.requireNonNull(receiver);
        if (endpoints.containsKey(address)) {
            throw new IllegalStateException("address " + address + " is already attached");
        }
        Endpoint e = new Endpoint(address, receiver);
        endpoints.put(address, e);
        return e;
    }

    /** Conditions for links not configured with {@link #link}; changing them affects those links. */
    public LinkConditions defaults() {
        return defaults;
    }

    /** The conditions of the directed link {@code from -> to} (created from the current defaults). */
    public LinkConditions link(String from, String to) {
        return links.computeIfAbsent(from + "\u0000" + to, k -> {
            LinkConditions c = new LinkConditions();
            c.copyFrom(defaults);
            return c;
        });
    }

    /** Both directions of a link. */
    public void bothWays(String a, String b, Consumer<LinkConditions> change) {
        change.accept(link(a, b));
        change.accept(link(b, a));
    }

    /** Cuts every address matching one group off from the addresses matching the others (both ways). */
    @SafeVarargs
    public final void partition(Collection<String>... groups) {
        partitions.clear();
        for (Collection<String> g : groups) {
            partitions.add(List.copyOf(g));
        }
    }

    public void heal() {
        partitions.clear();
    }

    /** Observes every datagram sent by an endpoint (not injected ones), before faults are applied. */
    public void tap(Consumer<Datagram> tap) {
        taps.add(Objects.requireNonNull(tap));
    }

    /** Delivers {@code data} to {@code to} as if sent from {@code from}, now, bypassing conditions and partitions. */
    public void inject(String from, String to, byte[] data) {
        byte[] copy = data.clone();
        scheduler.schedule(0, () -> deliver(from, to, copy));
    }

    public long sent() {
        return sent;
    }

    public long delivered() {
        return delivered;
    }

    public long dropped() {
        return dropped;
    }

    public long bytesSent() {
        return bytesSent;
    }

    private void transmit(String from, String to, byte[] data) {
        sent++;
        bytesSent += data.length;
        if (!taps.isEmpty()) {
            Datagram d = new Datagram(from, to, data);
            for (Consumer<Datagram> t : taps) {
                t.accept(d);
            }
        }
        LinkConditions c = links.getOrDefault(from + "\u0000" + to, defaults);
        if (partitioned(from, to) || random.nextDouble() < c.dropProbability) {
            dropped++;
            return;
        }
        int copies = random.nextDouble() < c.duplicateProbability ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            long delay = c.delayNanos + (c.jitterNanos > 0 ? (long) (random.nextDouble() * c.jitterNanos) : 0);
            if (random.nextDouble() < c.reorderProbability) {
                delay += (1 + random.nextInt(3)) * Math.max(c.delayNanos, TimeUnit.MICROSECONDS.toNanos(100));
            }
            scheduler.schedule(delay, () -> deliver(from, to, data));
        }
    }

    private void deliver(String from, String to, byte[] data) {
        Endpoint e = endpoints.get(to);
        if (e == null || e.closed) {
            dropped++;
            return;
        }
        delivered++;
        e.receiver.receive(from, data);
    }

    private boolean partitioned(String from, String to) {
        if (partitions.isEmpty()) {
            return false;
        }
        int gf = group(from);
        int gt = group(to);
        return gf >= 0 && gt >= 0 && gf != gt;
    }

    private int group(String address) {
        for (int i = 0; i < partitions.size(); i++) {
            for (String g : partitions.get(i)) {
                if (address.equals(g) || address.startsWith(g + "/")) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Addresses currently attached. */
    public Set<String> addresses() {
        return new HashSet<>(endpoints.keySet());
    }
}
