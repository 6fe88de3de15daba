package io.tandem.scheduler.internal;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stage: picks the actions that make up the transition graph (should_add_action_to_graph), "executes" them in
 * dependency order as crm_simulate does, and writes their results into a copy of the CIB status.
 */
final class GraphSimulation {
    private final WorkingSet ws;
    final List<Action> graph = new ArrayList<>();
    final List<String> lines = new ArrayList<>();

    GraphSimulation(WorkingSet ws) {
        this.ws = ws;
    }

    static boolean inGraph(Action a) {
        if (!a.runnable || (a.optional && !a.printAlways)) {
            return false;
        }
        if (a.rsc != null && !a.rsc.managed && !"monitor".equals(a.task)) {
            if (a.intervalMs == 0) {
                return false;
            }
        }
        if (a.pseudo || a.dcAction || "stonith".equals(a.task) || "do_shutdown".equals(a.task)) {
            return true;
        }
        if (a.node == null) {
            return false;
        }
        return a.node.online;
    }

    /** Each graph action's inputs (deduplicated, only those in the graph and that really gate it), after plan(). */
    final Map<Action, List<Action>> inputs = new HashMap<>();

    /** Selects the graph's actions in synapse order and their inputs, without executing anything. */
    void plan() {
        graph.addAll(synapseOrder());
        Set<Action> in = new HashSet<>(graph);
        for (Action a : graph) {
            // pcmk__deduplicate_action_inputs: several orderings from one action count once, their flags combined
            Map<Action, Integer> merged = new java.util.LinkedHashMap<>();
            for (Action.Edge e : a.before) {
                merged.merge(e.action, e.type, (x, y) -> x | y);
            }
            List<Action> l = new ArrayList<>();
            for (Map.Entry<Action, Integer> e : merged.entrySet()) {
                if (e.getKey() != a && in.contains(e.getKey()) && input(new Action.Edge(e.getKey(), e.getValue()), a)) {
                    l.add(e.getKey());
                    if (e.getValue() == Constraints.LOAD) {
                        loadInputs.add(new Action[] {e.getKey(), a});
                    }
                }
            }
            for (Action first : a.graphOnlyInputs) {
                if (first != a && in.contains(first) && !l.contains(first)) {
                    l.add(first);
                }
            }
            inputs.put(a, l);
        }
        // pcmk__graph_has_loop: a load ordering that would close a loop (the "then" action already waits for the
        // "first" one through other inputs, as with migrations between nodes short of capacity) is left out
        for (Action[] edge : loadInputs) {
            if (waitsFor(edge[0], edge[1])) {
                inputs.get(edge[1]).remove(edge[0]);
            }
        }
    }

    private final List<Action[]> loadInputs = new ArrayList<>();

    /** Whether {@code a} waits, directly or through other graph inputs, for {@code target}. */
    private boolean waitsFor(Action a, Action target) {
        Set<Action> seen = new HashSet<>();
        List<Action> todo = new ArrayList<>();
        todo.add(a);
        while (!todo.isEmpty()) {
            Action cur = todo.remove(todo.size() - 1);
            for (Action first : inputs.getOrDefault(cur, List.of())) {
                if (first == target) {
                    return true;
                }
                if (seen.add(first)) {
                    todo.add(first);
                }
            }
        }
        return false;
    }

    void run() {
        plan();
        execute();
    }

    /** Executes the planned graph as crm_simulate does (see {@link #plan()}). */
    void execute() {
        // pcmk__execute_graph: repeated passes over the synapses in graph order; crm_simulate confirms each action
        // as it fires, so a synapse later in the same pass can already see it
        Set<Action> done = new LinkedHashSet<>();
        while (done.size() < graph.size()) {
            boolean fired = false;
            for (Action a : graph) {
                if (done.contains(a) || !done.containsAll(inputs.get(a))) {
                    continue;
                }
                fire(a, done);
                fired = true;
            }
            if (!fired) {
                // a loop (never in a valid graph): run the first waiting synapse so every action is reported
                for (Action a : graph) {
                    if (!done.contains(a)) {
                        fire(a, done);
                        break;
                    }
                }
            }
        }
        executed.addAll(done);
    }

    private void fire(Action a, Set<Action> done) {
        done.add(a);
        if (!Probes.REPROBE.equals(a.task)) {
            // crm_simulate confirms a re-probe without printing it or recording history
            lines.add(line(a));
        }
    }

    /**
     * The graph's synapse order (pcmk__create_graph): each resource's actions in data_set->resources order (a
     * primitive's or group's own actions before its children's, a clone's after its instances'), every list
     * newest first as Pacemaker prepends new actions; then the remaining (node) actions, newest first.
     */
    private List<Action> synapseOrder() {
        Map<Resource, List<Action>> byRsc = new HashMap<>();
        for (int i = ws.actions.size() - 1; i >= 0; i--) {
            Action a = ws.actions.get(i);
            if (a.rsc != null) {
                byRsc.computeIfAbsent(a.rsc, k -> new ArrayList<>()).add(a);
            }
        }
        Set<Action> added = new LinkedHashSet<>();
        for (Resource r : ws.resources) {
            addResource(r, byRsc, added);
        }
        for (int i = ws.actions.size() - 1; i >= 0; i--) {
            Action a = ws.actions.get(i);
            if (inGraph(a)) {
                added.add(a);
            }
        }
        return new ArrayList<>(added);
    }

    private static void addResource(Resource r, Map<Resource, List<Action>> byRsc, Set<Action> added) {
        if (!r.isClone()) {
            addOwn(r, byRsc, added);
        }
        for (Resource c : r.children) {
            addResource(c, byRsc, added);
        }
        if (r.isClone()) {
            addOwn(r, byRsc, added);
        }
    }

    private static void addOwn(Resource r, Map<Resource, List<Action>> byRsc, Set<Action> added) {
        for (Action a : byRsc.getOrDefault(r, List.of())) {
            if (inGraph(a)) {
                added.add(a);
            }
        }
    }

    private final List<Action> executed = new ArrayList<>();

    /** Whether an ordering edge makes {@code then} wait for its first action (should_add_input_to_graph, in part). */
    private static boolean input(Action.Edge before, Action then) {
        if (before.type == 0) {
            return false;
        }
        if (Migration.ignoredGraphInput(before.action, before.type)) {
            return false;
        }
        if (before.type == Constraints.LOAD) {
            return Utilization.loadInputUsable(before.action, then);
        }
        if (before.type == Constraints.ANTI_COLOCATION) {
            Node first = before.action.node;
            if (first != null && then.node != null && first != then.node) {
                return false;
            }
            return !before.action.optional;
        }
        return true;
    }

    /**
     * The name crm_simulate prints: the configured id for anonymous clone instances when some instance is known
     * under it, otherwise the instance id.
     */
    static String rscName(Resource r) {
        if (r.unique || !r.inClone()) {
            return r.id;
        }
        if (r.orphan && r.cloneName != null) {
            return r.cloneName;
        }
        String base = r.baseId();
        // add_resource_details: an anonymous instance known in the history under another name keeps that name
        if (r.cloneName != null && !r.cloneName.equals(base)) {
            return r.cloneName;
        }
        Resource clone = r.cloneParent();
        for (Resource p : clone.primitives()) {
            if (base.equals(p.cloneName) || base.equals(p.id)) {
                return base;
            }
        }
        return r.id;
    }

    private static String line(Action a) {
        if (a.pseudo) {
            if ("stonith".equals(a.task) && a.node != null) {
                return "  * Pseudo action:   " + a.key + " on " + a.node.uname;
            }
            return "  * Pseudo action:   " + Notifications.graphKey(a);
        }
        if ("stonith".equals(a.task)) {
            return "  * Fencing " + a.node.uname + " (" + a.meta.get("stonith_action") + ")";
        }
        if (a.rsc == null) {
            return "  * Cluster action:  " + a.task + " on " + a.node.uname;
        }
        if ("clear_failcount".equals(a.task) || "lrm_delete".equals(a.task)) {
            // the graph names an anonymous clone instance by its configured id (add_resource_details)
            Resource r = a.rsc;
            String id = r.unique || !r.inClone() ? r.id : (r.orphan && r.cloneName != null ? r.cloneName : r.baseId());
            return "  * Cluster action:  " + a.task + " for " + id + " on " + a.node.uname;
        }
        String op = a.task;
        if (a.intervalMs > 0) {
            op = op + "=" + a.intervalMs;
        }
        return String.format("  * Resource action: %-15s %s on %s", rscName(a.rsc), op, a.node.uname);
    }

    // ---- the revised status

    Cib revisedCib() {
        CibElement status = ws.cib.status();
        Map<String, NodeBuild> states = new java.util.LinkedHashMap<>();
        for (CibElement st : status.children("node_state")) {
            states.put(st.attr("id"), new NodeBuild(st));
        }
        long callId = 100000;
        for (Action a : executed) {
            if ("stonith".equals(a.task) && "on".equals(a.meta.get("stonith_action"))) {
                // unfencing leaves the node up
                continue;
            }
            if ("stonith".equals(a.task)) {
                Node n = a.node;
                NodeBuild nb = states.computeIfAbsent(n.id, k -> new NodeBuild(CibElement.of("node_state", "id", n.id, "uname", n.uname)));
                nb.fence();
                continue;
            }
            if (a.rsc == null || a.pseudo || a.node == null) {
                continue;
            }
            if ("delete".equals(a.task) || "cancel".equals(a.task) || "notify".equals(a.task)
                    || "clear_failcount".equals(a.task) || "lrm_delete".equals(a.task)) {
                continue;
            }
            Node n = a.node;
            NodeBuild nb = states.computeIfAbsent(n.id, k -> new NodeBuild(CibElement.of("node_state", "id", n.id, "uname", n.uname,
                    "in_ccm", "true", "crmd", "online", "join", "member", "expected", "member")));
            int rc = 0;
            if (a.meta.containsKey("op_target_rc")) {
                rc = Integer.parseInt(a.meta.get("op_target_rc"));
            } else if ("monitor".equals(a.task) && a.intervalMs == 0) {
                rc = 7;
            } else if ("monitor".equals(a.task) && a.rsc.nextRole == Role.PROMOTED) {
                rc = 8;
            }
            String rid = rscName(a.rsc);
            String opId = a.intervalMs > 0 ? rid + "_" + a.task + "_" + a.intervalMs : rid + "_last_0";
            CibElement op = CibElement.of("lrm_rsc_op", "id", opId, "operation_key", rid + "_" + a.task + "_" + a.intervalMs,
                    "operation", a.task, "transition-key", "1:1:" + rc + ":sim", "call-id", Long.toString(callId++),
                    "rc-code", Integer.toString(rc), "op-status", "0", "interval", Long.toString(a.intervalMs),
                    "last-rc-change", Long.toString(ws.now));
            if (Migration.MIGRATE_TO.equals(a.task) || Migration.MIGRATE_FROM.equals(a.task)) {
                // create_operation_update records both ends of a migration
                op = op.withAttribute("migrate_source", a.meta.get("migrate_source")).withAttribute("migrate_target",
                        a.meta.get("migrate_target"));
            }
            nb.addOp(a.rsc, rid, op);
        }
        List<CibElement> newStates = new ArrayList<>();
        for (NodeBuild nb : states.values()) {
            newStates.add(nb.build());
        }
        CibElement newStatus = status.withChildren(newStates);
        return new Cib(ws.cib.root().withReplacedChild(newStatus));
    }

    /**
     * One node_state being rewritten: results are collected in mutable lists and the immutable elements are built
     * once at the end, so a transition with many actions costs linear time.
     */
    private static final class NodeBuild {
        private CibElement st;
        private CibElement lrm;
        private CibElement lrs;
        private List<ResourceBuild> resources;
        private Map<String, Integer> lastIndex;

        NodeBuild(CibElement st) {
            this.st = st;
        }

        void fence() {
            st = st.withAttribute("in_ccm", "false").withAttribute("crmd", "offline").withAttribute("join", "down")
                    .withAttribute("expected", "down");
            List<CibElement> kids = new ArrayList<>();
            for (CibElement k : st.children()) {
                if (!k.name().equals("lrm") && !k.name().equals("transient_attributes")) {
                    kids.add(k);
                }
            }
            st = st.withChildren(kids);
            lrm = null;
            resources = null;
        }

        void addOp(Resource rsc, String rid, CibElement op) {
            if (resources == null) {
                lrm = st.child("lrm").orElse(CibElement.of("lrm", "id", st.attr("id")));
                lrs = lrm.child("lrm_resources").orElse(CibElement.of("lrm_resources"));
                resources = new ArrayList<>();
                lastIndex = new HashMap<>();
                for (CibElement r : lrs.children()) {
                    lastIndex.put(r.id(), resources.size());
                    resources.add(new ResourceBuild(r));
                }
            }
            Integer idx = lastIndex.get(rid);
            ResourceBuild rb;
            if (idx == null) {
                CibElement lr = CibElement.of("lrm_resource", "id", rid, "class", rsc.cls == null ? "ocf" : rsc.cls, "type",
                        rsc.type == null ? "" : rsc.type);
                if (rsc.provider != null) {
                    lr = lr.withAttribute("provider", rsc.provider);
                }
                rb = new ResourceBuild(lr);
                lastIndex.put(rid, resources.size());
                resources.add(rb);
            } else {
                rb = resources.get(idx);
            }
            rb.put(op);
        }

        CibElement build() {
            if (resources == null) {
                return st;
            }
            List<CibElement> built = new ArrayList<>(resources.size());
            for (ResourceBuild rb : resources) {
                built.add(rb.build());
            }
            return st.withReplacedChild(lrm.withReplacedChild(lrs.withChildren(built)));
        }
    }

    private static final class ResourceBuild {
        private final CibElement head;
        private final List<CibElement> ops;
        private boolean changed;

        ResourceBuild(CibElement head) {
            this.head = head;
            this.ops = new ArrayList<>(head.children());
        }

        /** Replaces every operation with the same id, or appends the operation. */
        void put(CibElement op) {
            changed = true;
            boolean replaced = false;
            for (int i = 0; i < ops.size(); i++) {
                if (op.id().equals(ops.get(i).id())) {
                    ops.set(i, op);
                    replaced = true;
                }
            }
            if (!replaced) {
                ops.add(op);
            }
        }

        CibElement build() {
            return changed ? head.withChildren(ops) : head;
        }
    }
}
