package io.tandem.simtests;

import io.tandem.common.NodeId;
import io.tandem.membership.NoQuorumPolicy;
import io.tandem.membership.QuorumStatus;
import io.tandem.membership.View;
import io.tandem.membership.ViewListener;
import io.tandem.membership.internal.MembershipEngine;
import io.tandem.membership.internal.MembershipEvents;
import io.tandem.membership.internal.MembershipSettings;
import io.tandem.membership.internal.ViewIdFile;
import io.tandem.messaging.DropReason;
import io.tandem.messaging.PeerListener;
import io.tandem.messaging.config.AuthKey;
import io.tandem.messaging.config.AuthKeys;
import io.tandem.messaging.config.AuthMethod;
import io.tandem.messaging.udp.internal.MessagingEngine;
import io.tandem.messaging.udp.internal.SimWire;
import io.tandem.testkit.SimNetwork;
import io.tandem.testkit.SimScheduler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A cluster of real nodes in one JVM: each node runs the real {@link MessagingEngine} (framing, HMAC, replay
 * window, heartbeats, reliable streams) under the real {@link MembershipEngine}, and the nodes talk through
 * datagrams on one {@link SimNetwork}, all on one seeded {@link SimScheduler}. Node {@code n} has two interfaces,
 * {@code n/eth0} and {@code n/eth1}, and one ucast link per interface and peer (ha.cf {@code ucast eth0 PEER} +
 * {@code ucast eth1 PEER}): two redundant links per node pair, each with its own loss, delay, duplication and
 * reordering per direction.
 *
 * <p>Every installed view of every incarnation goes through {@link ViewInvariants}; {@link #run} and the
 * {@code runUntil} methods fail as soon as one is violated.
 */
final class SimClusterHarness {
    static final String CLUSTER_NAME = "tandem";
    static final AuthKeys KEYS = AuthKeys.single(
            new AuthKey(1, AuthMethod.SHA256, "sim-cluster-secret".getBytes(StandardCharsets.UTF_8)));
    static final List<String> INTERFACES = List.of("eth0", "eth1");

    final SimScheduler clock = new SimScheduler();
    final SimNetwork net;
    final List<String> names;
    final ViewInvariants invariants = new ViewInvariants();
    private final Path stateRoot;
    private final Map<String, Node> current = new LinkedHashMap<>();
    private final List<Node> incarnations = new ArrayList<>();

    // Settings of nodes started from now on (issue 2: keepalive 100 ms, warntime 300 ms, deadtime 500 ms).
    long keepAliveMillis = 100;
    long warnTimeMillis = 300;
    long deadTimeMillis = 500;
    long initDeadMillis = 1000;
    long linkDeadTimeMillis = 1000;
    int expectedVotes;
    boolean twoNode = true;
    boolean waitForAll = true;

    SimClusterHarness(long seed, Path stateRoot, String... names) {
        this.net = new SimNetwork(clock, seed);
        this.stateRoot = stateRoot;
        this.names = List.of(names);
        // A switched LAN: half a millisecond plus up to 1.5 ms of queueing.
        net.defaults().delay(500, TimeUnit.MICROSECONDS).jitter(1500, TimeUnit.MICROSECONDS);
    }

    // ---------------------------------------------------------------- node life cycle

    SimClusterHarness startAll() {
        names.forEach(this::start);
        return this;
    }

    /** Starts {@code name} with the next incarnation from its state directory (a restart when it ran before). */
    Node start(String name) {
        if (!names.contains(name)) {
            throw new IllegalArgumentException("not a configured node: " + name);
        }
        Node old = current.get(name);
        if (old != null && old.alive) {
            throw new IllegalStateException(name + " is running");
        }
        Node node = new Node(name);
        current.put(name, node);
        incarnations.add(node);
        node.messaging.start();
        node.membership.start();
        return node;
    }

    /** kill -9: no LEAVE, every timer of the node stops; packets already on the wire still arrive. */
    long kill(String name) {
        Node node = running(name);
        node.die();
        node.killedAtNanos = clock.nanoTime();
        return node.killedAtNanos;
    }

    /** Clean shutdown: membership stops, then the messenger announces LEAVE on every link. */
    void stop(String name) {
        Node node = running(name);
        node.membership.close();
        node.messaging.stop();
        node.die();
    }

    /** Crash and start again at once: only the new incarnation tells the peers. */
    Node restart(String name) {
        kill(name);
        return start(name);
    }

    Node node(String name) {
        Node node = current.get(name);
        if (node == null) {
            throw new IllegalArgumentException(name + " was never started");
        }
        return node;
    }

    private Node running(String name) {
        Node node = node(name);
        if (!node.alive) {
            throw new IllegalStateException(name + " is not running");
        }
        return node;
    }

    boolean isAlive(String name) {
        Node node = current.get(name);
        return node != null && node.alive;
    }

    List<String> live() {
        return names.stream().filter(this::isAlive).toList();
    }

    /** Every incarnation of every node, in start order. */
    List<Node> incarnations() {
        return List.copyOf(incarnations);
    }

    // ---------------------------------------------------------------- network

    /** The directed link {@code from -> to} on {@code iface}. */
    SimNetwork.LinkConditions link(String from, String to, String iface) {
        return net.link(from + "/" + iface, to + "/" + iface);
    }

    /** Both directions of the {@code a <-> b} link on {@code iface}. */
    void bothWays(String a, String b, String iface, Consumer<SimNetwork.LinkConditions> change) {
        net.bothWays(a + "/" + iface, b + "/" + iface, change);
    }

    /** Every directed link between two configured nodes on {@code iface}. */
    void everyLink(String iface, Consumer<SimNetwork.LinkConditions> change) {
        for (String from : names) {
            for (String to : names) {
                if (!from.equals(to)) {
                    change.accept(link(from, to, iface));
                }
            }
        }
    }

    @SafeVarargs
    final void partition(Collection<String>... groups) {
        net.partition(groups);
    }

    void heal() {
        net.heal();
    }

    // ---------------------------------------------------------------- running

    void run(long millis) {
        clock.advanceMillis(millis);
        assertInvariants();
    }

    boolean runUntil(java.util.function.BooleanSupplier condition, long timeoutMillis) {
        boolean held = clock.runUntil(() -> {
            assertInvariants();
            return condition.getAsBoolean();
        }, TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        assertInvariants();
        return held;
    }

    /** Runs until exactly {@code members} (all running) have installed one and the same view of themselves. */
    boolean runUntilConverged(long timeoutMillis, String... members) {
        List<String> expected = Arrays.stream(members).sorted().toList();
        return runUntil(() -> converged(expected), timeoutMillis);
    }

    /** Runs until every running node has installed the same view, whose members are exactly the running nodes. */
    boolean runUntilLiveConverged(long timeoutMillis) {
        return runUntil(() -> converged(live()), timeoutMillis);
    }

    boolean converged(List<String> members) {
        if (members.isEmpty()) {
            return true;
        }
        View first = null;
        for (String m : members) {
            if (!isAlive(m)) {
                return false;
            }
            View v = current.get(m).view();
            if (first == null) {
                first = v;
                if (v.id() == 0 || !v.members().stream().map(NodeId::name).toList().equals(members)) {
                    return false;
                }
            } else if (!v.equals(first)) {
                return false;
            }
        }
        return true;
    }

    long nowNanos() {
        return clock.nanoTime();
    }

    long nowMillis() {
        return TimeUnit.NANOSECONDS.toMillis(clock.nanoTime());
    }

    void assertInvariants() {
        List<String> violations = invariants.violations();
        if (!violations.isEmpty()) {
            throw new AssertionError("view invariants violated:\n  " + String.join("\n  ", violations));
        }
    }

    /** What one node's membership decided about a peer. */
    record Death(String peer, long atNanos, long sinceLastHeartbeatNanos, String reason) {
    }

    record Late(String peer, long atNanos, long silentNanos) {
    }

    /** One incarnation of one node: its two engines, its endpoints and what it reported. */
    final class Node implements ViewListener, MembershipEvents, PeerListener {
        final String name;
        final long incarnation;
        final NodeScheduler scheduler = new NodeScheduler(clock);
        final MessagingEngine messaging;
        final MembershipEngine membership;
        final List<View> installed = new ArrayList<>();
        final List<QuorumStatus> quorums = new ArrayList<>();
        final List<Long> changing = new ArrayList<>();
        final List<Death> deaths = new ArrayList<>();
        final List<Late> lates = new ArrayList<>();
        /** Peer name -> virtual time the messenger last passed on an authenticated packet of it. */
        final Map<String, Long> lastHeardNanos = new HashMap<>();
        /** Messenger peer events in order: "left b 17", "restarted b 17->18". */
        final List<String> peerEvents = new ArrayList<>();
        private final List<SimNetwork.Endpoint> endpoints = new ArrayList<>();
        private final List<String[]> linkEnds = new ArrayList<>(); // {local address, peer address}
        boolean alive = true;
        long killedAtNanos = -1;

        Node(String name) {
            this.name = name;
            Path state = stateRoot.resolve(name);
            this.incarnation = SimWire.nextIncarnation(state, clock.currentTimeMillis());
            Map<String, SimNetwork.Endpoint> byInterface = new LinkedHashMap<>();
            for (String iface : INTERFACES) {
                String local = name + "/" + iface;
                SimNetwork.Endpoint endpoint = net.attach(local, (from, data) -> receive(local, from, data));
                endpoints.add(endpoint);
                byInterface.put(iface, endpoint);
            }
            List<SimWire.LinkSpec> links = new ArrayList<>();
            for (String iface : INTERFACES) {
                for (String peer : names) {
                    if (peer.equals(name)) {
                        continue;
                    }
                    SimNetwork.Endpoint endpoint = byInterface.get(iface);
                    String destination = peer + "/" + iface;
                    linkEnds.add(new String[] {endpoint.address(), destination});
                    links.add(new SimWire.LinkSpec("ucast:" + iface + ":" + peer, "ucast " + iface + " " + peer,
                            datagram -> {
                                if (alive) {
                                    endpoint.send(destination, datagram);
                                }
                            }));
                }
            }
            messaging = SimWire.engine(CLUSTER_NAME, name, keepAliveMillis, linkDeadTimeMillis, KEYS, incarnation,
                    scheduler, links);
            messaging.addPeerListener(this);
            MembershipSettings settings = new MembershipSettings(names.stream().map(NodeId::of).toList(),
                    deadTimeMillis, warnTimeMillis, initDeadMillis, expectedVotes, twoNode, waitForAll,
                    NoQuorumPolicy.STOP, List.of(), 1000, 30000, 1);
            membership = new MembershipEngine(scheduler, messaging, settings, new ViewIdFile(state),
                    (address, timeout) -> false, scheduler, this);
            membership.addViewListener(this);
        }

        /** A datagram arrived at {@code local}: it belongs to the link whose peer address sent it. */
        private void receive(String local, String from, byte[] datagram) {
            if (!alive) {
                return;
            }
            int fallback = -1;
            for (int i = 0; i < linkEnds.size(); i++) {
                if (linkEnds.get(i)[0].equals(local)) {
                    if (linkEnds.get(i)[1].equals(from)) {
                        SimWire.receive(messaging, i, from, datagram);
                        return;
                    }
                    if (fallback < 0) {
                        fallback = i;
                    }
                }
            }
            SimWire.receive(messaging, fallback, from, datagram);
        }

        private void die() {
            alive = false;
            scheduler.kill();
            endpoints.forEach(SimNetwork.Endpoint::close);
        }

        View view() {
            return membership.currentView();
        }

        QuorumStatus quorum() {
            return membership.quorum();
        }

        long dropped(DropReason reason) {
            return messaging.counters().dropped(reason);
        }

        List<Death> deathsOf(String peer) {
            return deaths.stream().filter(d -> d.peer().equals(peer)).toList();
        }

        /** The installed views (without the initial placeholder) from position {@code index} of {@link #installed}. */
        List<View> viewsSince(int index) {
            return installed.subList(index, installed.size()).stream().filter(v -> v.id() > 0).toList();
        }

        Set<String> viewMembers() {
            return new TreeSet<>(view().members().stream().map(NodeId::name).toList());
        }

        // ViewListener (membership thread)
        @Override
        public void viewChanging(View view, long proposedViewId) {
            changing.add(proposedViewId);
            invariants.changing(name, proposedViewId);
        }

        @Override
        public void viewChanged(View view, QuorumStatus quorum) {
            installed.add(view);
            quorums.add(quorum);
            invariants.installed(name, incarnation, view, quorum, clock.nanoTime());
        }

        // MembershipEvents
        @Override
        public void nodeDead(NodeId node, long sinceLastHeartbeatNanos, String reason) {
            deaths.add(new Death(node.name(), clock.nanoTime(), sinceLastHeartbeatNanos, reason));
        }

        @Override
        public void lateHeartbeat(NodeId node, long silentNanos) {
            lates.add(new Late(node.name(), clock.nanoTime(), silentNanos));
        }

        // PeerListener (messaging thread)
        @Override
        public void heard(NodeId peer, long peerIncarnation, byte[] payload) {
            lastHeardNanos.put(peer.name(), clock.nanoTime());
        }

        @Override
        public void restarted(NodeId peer, long oldIncarnation, long newIncarnation) {
            peerEvents.add("restarted " + peer.name() + " " + oldIncarnation + "->" + newIncarnation);
        }

        @Override
        public void left(NodeId peer, long peerIncarnation) {
            peerEvents.add("left " + peer.name() + " " + peerIncarnation);
        }

        @Override
        public String toString() {
            return name + "#" + incarnation + (alive ? "" : " (down)");
        }
    }
}
