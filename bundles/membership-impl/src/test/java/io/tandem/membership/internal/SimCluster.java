package io.tandem.membership.internal;

import io.tandem.common.NodeId;
import io.tandem.membership.NoQuorumPolicy;
import io.tandem.membership.QuorumStatus;
import io.tandem.membership.View;
import io.tandem.membership.ViewListener;
import io.tandem.testkit.SimMessengerNetwork;
import io.tandem.testkit.SimMessengerNetwork.SimMessenger;
import io.tandem.testkit.SimScheduler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** Several {@link MembershipEngine}s on one {@link SimMessengerNetwork} and one virtual clock, with recorders. */
final class SimCluster {
    final SimScheduler scheduler = new SimScheduler();
    final SimMessengerNetwork network;
    final List<String> names;
    private final Path stateRoot;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<Node> retired = new ArrayList<>();
    private UnaryOperator<MembershipSettings> settingsCustomizer = UnaryOperator.identity();
    long deadTimeMillis = 500;
    long warnTimeMillis = 250;
    long initDeadMillis = 1000;
    int expectedVotes;
    boolean twoNode = true;
    boolean waitForAll = true;
    /** Ping addresses each node can reach (the simulated outside world). */
    final Map<String, Set<String>> reachable = new HashMap<>();

    SimCluster(long seed, Path stateRoot, long keepAliveMillis, int links, String... names) {
        this.network = new SimMessengerNetwork(scheduler, seed, keepAliveMillis, links);
        this.names = List.of(names);
        this.stateRoot = stateRoot;
    }

    void customize(UnaryOperator<MembershipSettings> customizer) {
        this.settingsCustomizer = customizer;
    }

    MembershipSettings settings() {
        List<NodeId> ids = names.stream().map(NodeId::of).toList();
        return settingsCustomizer.apply(new MembershipSettings(ids, deadTimeMillis, warnTimeMillis, initDeadMillis,
                expectedVotes, twoNode, waitForAll, NoQuorumPolicy.STOP, List.of(), 1000, 30000, 1));
    }

    SimCluster startAll() {
        names.forEach(this::start);
        return this;
    }

    Node start(String name) {
        Node old = nodes.get(name);
        if (old != null) {
            retired.add(old);
        }
        SimMessenger messenger = network.start(name);
        Node node = new Node(name, messenger);
        MembershipEngine engine = new MembershipEngine(scheduler, messenger, settings(),
                new ViewIdFile(stateRoot.resolve(name)),
                (address, timeout) -> reachable.getOrDefault(name, Set.of()).contains(address), scheduler, node.events);
        node.engine = engine;
        engine.addViewListener(node.views);
        engine.start();
        nodes.put(name, node);
        return node;
    }

    /** kill -9: the messenger stops sending, the engine stops. */
    long kill(String name) {
        Node node = nodes.get(name);
        network.kill(name);
        node.engine.close();
        node.killedAtNanos = scheduler.nanoTime();
        return node.killedAtNanos;
    }

    void leave(String name) {
        Node node = nodes.get(name);
        network.leave(name);
        node.engine.close();
    }

    Node restart(String name) {
        kill(name);
        return start(name);
    }

    Node node(String name) {
        return nodes.get(name);
    }

    MembershipEngine engine(String name) {
        return nodes.get(name).engine;
    }

    void runMillis(long millis) {
        scheduler.advanceMillis(millis);
    }

    long nowNanos() {
        return scheduler.nanoTime();
    }

    /** Runs until every named (live) node has installed one and the same view with exactly those members. */
    boolean runUntilConverged(long timeoutMillis, String... members) {
        List<NodeId> expected = java.util.Arrays.stream(members).map(NodeId::of).sorted().toList();
        return scheduler.runUntil(() -> {
            View first = engine(members[0]).currentView();
            if (!first.members().equals(expected) || first.id() == 0) {
                return false;
            }
            for (String m : members) {
                if (!engine(m).currentView().equals(first)) {
                    return false;
                }
            }
            return true;
        }, TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
    }

    /**
     * The safety invariants over everything every engine (including killed and restarted ones) installed: the
     * same (id, coordinator) always has the same members, and each engine's view ids strictly increase.
     */
    void assertViewsConsistent() {
        Map<String, List<NodeId>> byIdentity = new HashMap<>();
        List<Node> all = new ArrayList<>(retired);
        all.addAll(nodes.values());
        for (Node node : all) {
            long lastId = -1;
            for (View view : node.views.installed) {
                if (view.id() <= lastId) {
                    throw new AssertionError(node.name + " installed view " + view.id() + " after " + lastId + ": "
                            + node.views.installed);
                }
                lastId = view.id();
                if (view.id() == 0) {
                    continue;
                }
                String identity = view.id() + "@" + view.coordinator();
                List<NodeId> previous = byIdentity.putIfAbsent(identity, view.members());
                if (previous != null && !previous.equals(view.members())) {
                    throw new AssertionError("view " + identity + " has members " + previous + " on one node and "
                            + view.members() + " on " + node.name);
                }
                if (!view.contains(NodeId.of(node.name))) {
                    throw new AssertionError(node.name + " installed a view without itself: " + view);
                }
                for (NodeId member : view.members()) {
                    boolean accepted = all.stream().anyMatch(n -> n.name.equals(member.name())
                            && n.views.changing.contains(view.id()));
                    if (!accepted) {
                        throw new AssertionError(node.name + " installed " + view + " but " + member
                                + " never accepted a proposal of id " + view.id());
                    }
                }
            }
        }
    }

    /** One simulated node: its engine and what it reported. */
    final class Node {
        final String name;
        final SimMessenger messenger;
        final ViewRecorder views = new ViewRecorder();
        final EventRecorder events;
        MembershipEngine engine;
        long killedAtNanos = -1;

        Node(String name, SimMessenger messenger) {
            this.name = name;
            this.messenger = messenger;
            this.events = new EventRecorder();
        }
    }

    final class ViewRecorder implements ViewListener {
        final List<View> installed = new ArrayList<>();
        final List<QuorumStatus> quorums = new ArrayList<>();
        final List<Long> changing = new ArrayList<>();
        final List<String> sequence = new ArrayList<>();

        @Override
        public void viewChanging(View current, long proposedViewId) {
            changing.add(proposedViewId);
            sequence.add("CHANGING " + proposedViewId);
        }

        @Override
        public void viewChanged(View view, QuorumStatus quorum) {
            installed.add(view);
            quorums.add(quorum);
            sequence.add("CHANGED " + view.id());
        }

        View last() {
            return installed.get(installed.size() - 1);
        }

        /** Views installed since a position in {@link #installed}. */
        List<View> since(int index) {
            return installed.subList(index, installed.size());
        }
    }

    final class EventRecorder implements MembershipEvents {
        final List<Death> deaths = new ArrayList<>();
        final List<Late> lates = new ArrayList<>();
        final Set<NodeId> everActive = new HashSet<>();

        @Override
        public void lateHeartbeat(NodeId node, long silentNanos) {
            lates.add(new Late(node, scheduler.nanoTime(), silentNanos));
        }

        @Override
        public void nodeDead(NodeId node, long sinceLastHeartbeatNanos, String reason) {
            deaths.add(new Death(node, scheduler.nanoTime(), sinceLastHeartbeatNanos, reason));
        }

        @Override
        public void nodeActive(NodeId node) {
            everActive.add(node);
        }

        List<Death> deathsOf(String name) {
            return deaths.stream().filter(d -> d.node().name().equals(name)).toList();
        }
    }

    record Death(NodeId node, long atNanos, long sinceLastHeartbeatNanos, String reason) {
    }

    record Late(NodeId node, long atNanos, long silentNanos) {
    }
}
