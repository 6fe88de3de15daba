package io.tandem.attributes.internal;

import io.tandem.attributes.AttributeLifetime;
import io.tandem.common.NodeId;
import io.tandem.membership.View;
import io.tandem.testkit.SimMessengerNetwork;
import io.tandem.testkit.SimScheduler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Several {@link AttributeStore}s on one simulated messenger network and one virtual clock. Views are installed
 * by the test, as membership would install them (on each live member, in the order given).
 */
final class AttrdCluster {
    final SimScheduler scheduler = new SimScheduler();
    final SimMessengerNetwork network;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, MemoryStorage> disks = new HashMap<>();
    private long viewId;

    /** One node: its store and the transient changes its listener heard, applied to a replica of the table. */
    final class Node {
        final String name;
        final SimMessengerNetwork.SimMessenger messenger;
        final AttributeStore store;
        final AutoCloseable connection;
        final List<String> heard = new ArrayList<>();
        /** The table as a listener (the DC writing the CIB status) would rebuild it from the changes alone. */
        final Map<String, Map<String, String>> listenerReplica = new TreeMap<>();
        boolean alive = true;

        Node(String name) {
            this.name = name;
            this.messenger = network.start(name);
            this.store = new AttributeStore(scheduler, name, disks.computeIfAbsent(name, n -> new MemoryStorage()));
            store.addListener((node, attr, value, lifetime) -> {
                heard.add(node + " " + attr + "=" + value + " " + lifetime);
                if (lifetime == AttributeLifetime.REBOOT) {
                    Map<String, String> attrs = listenerReplica.computeIfAbsent(node, k -> new TreeMap<>());
                    if (value == null) {
                        attrs.remove(attr);
                        if (attrs.isEmpty()) {
                            listenerReplica.remove(node);
                        }
                    } else {
                        attrs.put(attr, value);
                    }
                }
            });
            connection = store.connect(messenger);
        }
    }

    AttrdCluster(long seed, String... names) {
        network = new SimMessengerNetwork(scheduler, seed, 100, 2);
        for (String name : names) {
            start(name);
        }
    }

    Node start(String name) {
        Node old = nodes.get(name);
        if (old != null && old.alive) {
            throw new IllegalStateException(name + " is running");
        }
        Node node = new Node(name);
        nodes.put(name, node);
        return node;
    }

    /** The process dies: messenger and store (its memory) are gone; permanent attributes stay on its disk. */
    void kill(String name) {
        Node node = nodes.get(name);
        network.kill(name);
        node.store.close();
        node.alive = false;
    }

    void restart(String name) {
        kill(name);
        start(name);
    }

    AttributeStore store(String name) {
        return nodes.get(name).store;
    }

    Node node(String name) {
        return nodes.get(name);
    }

    List<Node> live() {
        return nodes.values().stream().filter(n -> n.alive).toList();
    }

    /** Installs a new view with these members on each of them that is alive. */
    View view(String... members) {
        List<NodeId> ids = Arrays.stream(members).map(NodeId::of).sorted().toList();
        View view = new View(++viewId, ids, ids.get(0));
        for (String m : members) {
            Node node = nodes.get(m);
            if (node != null && node.alive) {
                node.store.viewChanged(view);
            }
        }
        return view;
    }

    void runMillis(long millis) {
        scheduler.advanceMillis(millis);
    }

    /** Runs until every live node (or those named) holds the same transient table and its listener agrees. */
    boolean converge(long timeoutMillis, String... among) {
        List<Node> group = among.length == 0 ? live() : Arrays.stream(among).map(nodes::get).toList();
        return scheduler.runUntil(() -> {
            Map<String, Map<String, String>> first = group.get(0).store.transientTable();
            for (Node n : group) {
                if (!n.store.transientTable().equals(first) || !n.listenerReplica.equals(first)) {
                    return false;
                }
            }
            return true;
        }, TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
    }

    Map<String, Map<String, String>> table(String name) {
        return nodes.get(name).store.transientTable();
    }

    String describe() {
        StringBuilder b = new StringBuilder();
        for (Node n : live()) {
            b.append(n.name).append(": ").append(n.store.transientTable()).append('\n');
        }
        return b.toString();
    }
}
