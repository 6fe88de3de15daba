package io.tandem.controller.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.attributes.internal.SimAttributeStores;
import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import io.tandem.cib.CibUpdate;
import io.tandem.cib.CibXml;
import io.tandem.cib.internal.CibFiles;
import io.tandem.cib.internal.CibStoreEngine;
import io.tandem.common.CibVersion;
import io.tandem.common.NodeId;
import io.tandem.controller.ControllerState;
import io.tandem.membership.NoQuorumPolicy;
import io.tandem.membership.internal.MembershipEngine;
import io.tandem.membership.internal.MembershipEvents;
import io.tandem.membership.internal.MembershipSettings;
import io.tandem.membership.internal.ViewIdFile;
import io.tandem.scheduler.internal.PacemakerSimulator;
import io.tandem.testkit.SimMessengerNetwork;
import io.tandem.testkit.SimScheduler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The whole stack of several nodes in one JVM on virtual time: simulated messaging, the real membership engine,
 * CIB store, scheduler and controller, and {@link SimExecutor} agents. Checks the safety invariants after every
 * step: no primitive active on two live nodes of one quorate partition, CIB versions never go backwards on a node.
 */
final class SimStack implements AutoCloseable {
    final SimScheduler clock = new SimScheduler();
    final SimMessengerNetwork network;
    final List<String> names;
    private final Path root;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<String> violations = new ArrayList<>();
    long deadTimeMillis = 300;
    boolean twoNode = true;
    /** Per node: how long after membership its controller comes up (a bundle that starts late). */
    final Map<String, Long> controllerDelayMillis = new HashMap<>();
    /** Whether nodes run the real cluster-wide attribute store (fail counts, migration-threshold) or none. */
    boolean withAttributes = true;

    final class Node {
        final String name;
        final SimMessengerNetwork.SimMessenger messenger;
        final MembershipEngine membership;
        final CibStoreEngine cib;
        final SimExecutor executor;
        Controller controller;
        final SimAttributeStores.Handle attributes;
        boolean alive = true;
        long viewSinceNanos;
        CibVersion highest = CibVersion.ZERO;

        Node(String name, int generation) throws Exception {
            this.name = name;
            messenger = network.start(name);
            Path dir = root.resolve(name);
            cib = new CibStoreEngine(clock, new CibFiles(dir.resolve("cib"), 3, clock::currentTimeMillis, "pacemaker-3.7"), 100);
            executor = new SimExecutor(clock, name, name.hashCode() * 31L + generation);
            List<NodeId> ids = names.stream().map(NodeId::of).toList();
            MembershipSettings ms = new MembershipSettings(ids, deadTimeMillis, deadTimeMillis / 2, deadTimeMillis * 2,
                    0, twoNode, true, NoQuorumPolicy.STOP, List.of(), 1000, 30000, 1);
            membership = new MembershipEngine(clock, messenger, ms, new ViewIdFile(dir), (a, t) -> false, clock, MembershipEvents.NONE);
            attributes = withAttributes ? SimAttributeStores.create(clock, name, messenger) : null;
            if (attributes != null) {
                membership.addViewListener((v, q) -> attributes.views().accept(v));
            }
            membership.addViewListener((v, q) -> viewSinceNanos = clock.nanoTime());
            long delay = controllerDelayMillis.getOrDefault(name, 0L);
            if (delay == 0) {
                startController();
            } else {
                // a controller bundle that starts late: until then nobody on this node reads controller messages
                clock.schedule(TimeUnit.MILLISECONDS.toNanos(delay), () -> {
                    if (alive) {
                        startController();
                    }
                });
            }
            cib.addListener(e -> {
                CibVersion v = e.current().version();
                if (v.compareTo(highest) < 0) {
                    violations.add(name + ": CIB version went back from " + highest + " to " + v + " (" + e.origin() + ")");
                }
                if (v.compareTo(highest) > 0) {
                    highest = v;
                }
            });
            membership.start();
        }

        private void startController() {
            controller = new Controller(clock, messenger, cib, new PacemakerSimulator(), executor,
                    attributes == null ? null : attributes.attributes(), new ControllerSettings(1000, 5000, 2000, 30000));
            membership.addViewListener(controller);
        }

        /** The controller's state, or null while it is not running yet. */
        ControllerState state() {
            return controller == null ? null : await(controller.state());
        }
    }

    SimStack(Path root, long seed, String... names) {
        this.root = root;
        this.names = List.of(names);
        this.network = new SimMessengerNetwork(clock, seed, 50, 1);
    }

    SimStack startAll() throws Exception {
        for (String n : names) {
            start(n);
        }
        return this;
    }

    private int generation;

    Node start(String name) throws Exception {
        Node n = new Node(name, generation++);
        nodes.put(name, n);
        return n;
    }

    Node node(String name) {
        return nodes.get(name);
    }

    /** kill -9: the node stops at once; its resources die with it. */
    void kill(String name) {
        Node n = nodes.get(name);
        n.alive = false;
        network.kill(name);
        n.membership.close();
        if (n.controller != null) {
            n.controller.close();
        }
        n.executor.kill();
        n.cib.close();
        if (n.attributes != null) {
            n.attributes.close().run();
        }
    }

    List<Node> live() {
        return nodes.values().stream().filter(n -> n.alive).toList();
    }

    <T> T await(CompletableFuture<T> f) {
        clock.runUntil(f::isDone, TimeUnit.SECONDS.toNanos(30));
        assertTrue(f.isDone(), "no answer within 30 s of virtual time");
        return f.join();
    }

    Optional<Node> dc() {
        return live().stream().filter(n -> n.state() != null && n.state().isDc()).findFirst();
    }

    /** Changes the configuration through a node's controller (sent to the DC when it is not DC). */
    CibVersion configure(String via, String description, Function<Cib, Cib> edit) {
        return await(node(via).controller.change(CibUpdate.of(description, edit::apply)));
    }

    static Cib withResources(Cib cib, String resourcesXml) {
        try {
            CibElement res = CibXml.parse("<resources>" + resourcesXml + "</resources>", "test");
            CibElement config = cib.configuration();
            CibElement existing = config.child("resources").orElse(CibElement.of("resources"));
            List<CibElement> list = new ArrayList<>(existing.children());
            list.addAll(res.children());
            return StatusEdits.withConfiguration(cib, config.withReplacedChild(existing.withChildren(list)));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Cib withProperty(Cib cib, String name, String value) {
        CibElement config = cib.configuration();
        CibElement crm = config.child("crm_config").orElse(CibElement.of("crm_config"));
        CibElement set = crm.children("cluster_property_set").stream().findFirst()
                .orElse(CibElement.of("cluster_property_set", "id", "cib-bootstrap-options"));
        List<CibElement> pairs = new ArrayList<>(set.children("nvpair"));
        pairs.removeIf(p -> name.equals(p.attr("name")));
        pairs.add(CibElement.of("nvpair", "id", "cib-bootstrap-options-" + name, "name", name, "value", value));
        return StatusEdits.withConfiguration(cib, config.withReplacedChild(crm.withReplacedChild(set.withChildren(pairs))));
    }

    /** Advances virtual time in steps, checking the invariants after each. */
    void run(long millis) {
        long end = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (clock.nanoTime() < end) {
            clock.advanceMillis(Math.min(10, TimeUnit.NANOSECONDS.toMillis(end - clock.nanoTime()) + 1));
            checkInvariants();
        }
    }

    /** Runs until the condition holds (checking invariants), false on timeout. */
    boolean runUntil(java.util.function.BooleanSupplier condition, long timeoutMillis) {
        long end = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (clock.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            clock.advanceMillis(5);
            checkInvariants();
        }
        return condition.getAsBoolean();
    }

    void checkInvariants() {
        // per partition: the live nodes that share a view
        Map<io.tandem.membership.View, List<Node>> partitions = new HashMap<>();
        for (Node n : live()) {
            partitions.computeIfAbsent(n.membership.currentView(), k -> new ArrayList<>()).add(n);
        }
        for (List<Node> part : partitions.values()) {
            if (part.isEmpty() || !part.get(0).membership.quorum().quorate()) {
                continue;
            }
            // a resource found active on two nodes that were apart when it started (a healed split brain) is
            // the DC's to recover; starting it while both are together is the violation
            Map<String, Node> where = new HashMap<>();
            for (Node n : part) {
                for (String rsc : n.executor.active().keySet()) {
                    Node other = where.put(rsc, n);
                    if (other != null) {
                        long together = Math.max(other.viewSinceNanos, n.viewSinceNanos);
                        long started = Math.max(other.executor.activatedAt(rsc), n.executor.activatedAt(rsc));
                        if (started > together) {
                            String v = rsc + " started on both " + other.name + " and " + n.name + " (at "
                                    + TimeUnit.NANOSECONDS.toMillis(started) + " ms) in one partition";
                            if (!violations.contains(v)) {
                                violations.add(v);
                            }
                        }
                    }
                }
            }
        }
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    /** Where each resource runs among the live nodes. */
    Map<String, List<String>> placement() {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        for (Node n : live()) {
            for (String rsc : n.executor.active().keySet()) {
                out.computeIfAbsent(rsc, k -> new ArrayList<>()).add(n.name);
            }
        }
        return out;
    }

    /** Whether the DC is idle with nothing to do (the cluster converged). */
    boolean settled() {
        Optional<Node> dc = dc();
        if (dc.isEmpty()) {
            return false;
        }
        ControllerState s = dc.get().state();
        return s.phase() == ControllerState.Phase.IDLE
                && live().stream().allMatch(n -> n.state() != null && n.state().dc().equals(s.dc())
                        && n.cib.current().version().equals(s.cibVersion()));
    }

    /**
     * Converged: settled, and the scheduler has nothing left to do on the DC's CIB (so every resource is where the
     * policy wants it, or stopped because its fail counts or constraints forbid every node).
     */
    boolean converged() {
        if (!settled()) {
            return false;
        }
        Cib cib = dc().get().cib.current();
        return new PacemakerSimulator().schedule(cib, java.time.Instant.ofEpochMilli(clock.currentTimeMillis())).isEmpty();
    }

    @Override
    public void close() {
        for (Node n : nodes.values()) {
            if (n.alive) {
                n.membership.close();
                if (n.controller != null) {
                    n.controller.close();
                }
                n.executor.kill();
                n.cib.close();
                if (n.attributes != null) {
                    n.attributes.close().run();
                }
            }
        }
    }
}
