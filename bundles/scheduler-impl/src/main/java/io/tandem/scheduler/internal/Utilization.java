package io.tandem.scheduler.internal;

import io.tandem.cib.CibElement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Utilization-based placement (pcmk_sched_utilization.c). With a placement strategy other than "default":
 * resources are assigned in {@link #sortResources} order, a primitive is banned from nodes whose remaining capacity
 * cannot hold it (together with the unassigned resources colocated with it, if some node can hold them all), the
 * "balanced" strategy prefers nodes with more remaining capacity, and every node a primitive runs on or may run on
 * gets a mandatory {@code load_stopped_NODE} pseudo-action: stops on the node come before it and starts on the node
 * after it, so capacity is freed before it is used. Assignments consume node capacity whatever the strategy.
 */
final class Utilization {
    static final String LOAD_STOPPED = "load_stopped";

    private Utilization() {
    }

    /** Called with a primitive's internal constraints, after location constraints filled its allowed nodes. */
    static void createConstraints(WorkingSet ws, Resource rsc) {
        if (!rsc.managed || "default".equalsIgnoreCase(ws.placementStrategy) || !hasUtilization(ws, rsc)) {
            return;
        }
        Actions acts = new Actions(ws, ws.statusRef);
        for (Node node : rsc.runningOn) {
            Action loadStopped = loadStoppedOp(acts, node);
            ws.orderings.add(new WorkingSet.OrderingSpec(rsc, Actions.key(rsc, "stop", 0), null, null, null, loadStopped,
                    Constraints.LOAD));
        }
        // crm_simulate sorts the allowed nodes by name (allowed_nodes_as_list outside the daemon)
        List<Node> allowed = new ArrayList<>(rsc.allowed.keySet());
        allowed.sort((a, b) -> a.uname.compareToIgnoreCase(b.uname));
        for (Node node : allowed) {
            Action loadStopped = loadStoppedOp(acts, node);
            ws.orderings.add(new WorkingSet.OrderingSpec(null, null, loadStopped, rsc, Actions.key(rsc, "start", 0), null,
                    Constraints.LOAD));
            ws.orderings.add(new WorkingSet.OrderingSpec(null, null, loadStopped, rsc, Actions.key(rsc, "migrate_to", 0), null,
                    Constraints.LOAD));
        }
    }

    /** Whether the primitive (or its template) defines any utilization attribute (rsc->utilization non-empty). */
    private static boolean hasUtilization(WorkingSet ws, Resource rsc) {
        return !resourceUtilization(ws, rsc).isEmpty();
    }

    static boolean enabled(WorkingSet ws) {
        return !"default".equalsIgnoreCase(ws.placementStrategy);
    }

    /** rsc->utilization: the resource's (and its template's) utilization sets, evaluated once. */
    static Map<String, String> resourceUtilization(WorkingSet ws, Resource rsc) {
        if (rsc.utilization == null) {
            Map<String, String> u = new LinkedHashMap<>();
            if (rsc.xml != null) {
                Rules.Context ctx = new Rules.Context(null, null, ws.now, null, null);
                Rules.unpackSets(rsc.xml, "utilization", ctx, u, false);
                CibElement tmpl = rsc.xml.attr("template") != null ? ws.templates.get(rsc.xml.attr("template")) : null;
                if (tmpl != null) {
                    Rules.unpackSets(tmpl, "utilization", ctx, u, false);
                }
            }
            rsc.utilization = u;
        }
        return rsc.utilization;
    }

    /** utilization_value: an integer, 0 when absent or not a number. */
    static int value(String s) {
        if (s == null) {
            return 0;
        }
        String t = s.trim();
        int end = 0;
        if (end < t.length() && (t.charAt(end) == '-' || t.charAt(end) == '+')) {
            end++;
        }
        while (end < t.length() && Character.isDigit(t.charAt(end))) {
            end++;
        }
        if (end == 0 || !Character.isDigit(t.charAt(end - 1))) {
            return 0;
        }
        try {
            long v = Long.parseLong(t.substring(0, end));
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
        } catch (NumberFormatException e) {
            return t.charAt(0) == '-' ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        }
    }

    /**
     * pcmk__compare_node_capacities: negative when {@code a} has more free capacity (one point per attribute
     * where it has more), positive when {@code b} has.
     */
    static int compareCapacities(Node a, Node b) {
        int result = 0;
        for (Map.Entry<String, String> e : a.utilization.entrySet()) {
            result += Integer.compare(value(b.utilization.get(e.getKey())), value(e.getValue()));
        }
        for (Map.Entry<String, String> e : b.utilization.entrySet()) {
            if (a.utilization.containsKey(e.getKey())) {
                continue;
            }
            result += Integer.compare(value(e.getValue()), 0);
        }
        return result;
    }

    /** pcmk__consume_node_capacity, called when a primitive is assigned to the node. */
    static void consume(WorkingSet ws, Node node, Resource rsc) {
        if (!enabled(ws)) {
            return;
        }
        for (Map.Entry<String, String> e : resourceUtilization(ws, rsc).entrySet()) {
            String current = node.utilization.get(e.getKey());
            int result = current == null ? 0 : value(current) - value(e.getValue());
            node.utilization.put(e.getKey(), Integer.toString(result));
        }
    }

    /** pcmk__release_node_capacity, called when a primitive's assignment is undone. */
    static void release(WorkingSet ws, Node node, Resource rsc) {
        if (!enabled(ws)) {
            return;
        }
        add(node.utilization, resourceUtilization(ws, rsc));
    }

    private static void add(Map<String, String> into, Map<String, String> amounts) {
        for (Map.Entry<String, String> e : amounts.entrySet()) {
            into.put(e.getKey(), Integer.toString(value(into.get(e.getKey())) + value(e.getValue())));
        }
    }

    private static boolean enoughCapacity(Node node, Map<String, String> required) {
        for (Map.Entry<String, String> e : required.entrySet()) {
            if (value(e.getValue()) > value(node.utilization.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * pcmk__ban_insufficient_capacity: bans the primitive from available nodes without enough remaining capacity
     * for it and its unassigned colocated resources; when no node has enough for all of them, only from nodes
     * without enough for the primitive alone, and the node with most free capacity is returned as the preferred
     * node. Returns null otherwise.
     */
    static Node banInsufficientCapacity(WorkingSet ws, Resource rsc) {
        if (!enabled(ws)) {
            return null;
        }
        List<Resource> colocated = colocatedResources(rsc, null, new ArrayList<>());
        if (!colocated.contains(rsc)) {
            colocated.add(rsc);
        }
        Map<String, String> unassigned = new HashMap<>();
        for (Resource r : colocated) {
            addUtilization(ws, r, colocated, unassigned);
        }
        boolean anyCapable = false;
        Node mostCapable = null;
        for (Map.Entry<Node, Integer> e : rsc.allowed.entrySet()) {
            Node node = e.getKey();
            if (!Assign.available(node, true, e.getValue())) {
                continue;
            }
            if (enoughCapacity(node, unassigned)) {
                anyCapable = true;
            }
            if (mostCapable == null || compareCapacities(node, mostCapable) < 0) {
                mostCapable = node;
            }
        }
        Map<String, String> required = anyCapable ? unassigned : resourceUtilization(ws, rsc);
        for (Map.Entry<Node, Integer> e : rsc.allowed.entrySet()) {
            if (Assign.available(e.getKey(), true, e.getValue()) && !enoughCapacity(e.getKey(), required)) {
                e.setValue(Scores.add(e.getValue(), -Scores.INFINITY));
            }
        }
        return anyCapable ? null : mostCapable;
    }

    /** The colocated_resources method: rsc and everything mandatorily colocated with it, in discovery order. */
    static List<Resource> colocatedResources(Resource rsc, Resource orig, List<Resource> list) {
        if (orig == null) {
            orig = rsc;
        }
        if (rsc.isGroup()) {
            // pcmk__group_colocated_resources
            boolean cloned = rsc.parent != null && rsc.parent.isClone();
            if (!"false".equals(rsc.meta.get("collocated")) || cloned) {
                for (Resource child : rsc.children) {
                    colocatedResources(child, orig, list);
                }
            } else if (!rsc.children.isEmpty()) {
                colocatedResources(rsc.children.get(0), orig, list);
            }
        }
        if (list.contains(rsc)) {
            return list;
        }
        list.add(rsc);
        for (Colocation c : rsc.rscCons) {
            Resource primary = c.primary;
            if (primary == orig) {
                continue;
            }
            if (c.score == Scores.INFINITY && Assign.affects(rsc, primary, c, true) == Assign.Affects.LOCATION) {
                colocatedResources(primary, orig, list);
            }
        }
        for (Colocation c : rsc.rscConsLhs) {
            Resource dependent = c.dependent;
            if (dependent == orig) {
                continue;
            }
            if (rsc.isClone() && !dependent.isClone()) {
                // whether the dependent ends up with an instance is not known yet
                continue;
            }
            if (c.score == Scores.INFINITY && Assign.affects(dependent, rsc, c, true) == Assign.Affects.LOCATION) {
                colocatedResources(dependent, orig, list);
            }
        }
        return list;
    }

    /** The add_utilization method: sums what the resource still needs (only unassigned parts count). */
    private static void addUtilization(WorkingSet ws, Resource rsc, List<Resource> all, Map<String, String> into) {
        if (!rsc.provisional) {
            return;
        }
        if (rsc.isPrimitive()) {
            add(into, resourceUtilization(ws, rsc));
        } else if (rsc.isGroup()) {
            if (rsc.children.isEmpty()) {
                return;
            }
            // every member of a colocated group lands on the same node; otherwise only the first is certain
            List<Resource> members = !"false".equals(rsc.meta.get("collocated")) ? rsc.children : rsc.children.subList(0, 1);
            for (Resource child : members) {
                if (child.provisional && !all.contains(child)) {
                    addUtilization(ws, child, all, into);
                }
            }
        } else if (rsc.isClone()) {
            boolean existing = false;
            for (Resource child : rsc.children) {
                if (all.contains(child)) {
                    existing = true;
                    continue;
                }
                for (Resource member : child.children) {
                    if (all.contains(member)) {
                        // a cloned group counts with the whole instance, not the member
                        addUtilization(ws, child, all, into);
                        existing = true;
                        break;
                    }
                }
            }
            if (!existing && !rsc.children.isEmpty()) {
                addUtilization(ws, rsc.children.get(0), all, into);
            }
        }
    }

    /**
     * pcmk__sort_resources (cmp_resources): by priority, then by the score on the current node, then by the
     * scores on every node in node order, where scores come from merging colocated resources' preferences.
     */
    static void sortResources(Assign a) {
        WorkingSet ws = a.ws;
        List<Node> nodes = new ArrayList<>(ws.nodes);
        Map<Node, Integer> base = new LinkedHashMap<>();
        for (Node n : nodes) {
            base.put(n, n.weight);
        }
        nodes = a.sortNodes(base, null);
        Map<Resource, Map<Node, Integer>> merged = new HashMap<>();
        List<Node> order = nodes;
        List<Resource> sorted = CloneAssign.glibSort(ws.resources, (r1, r2) -> {
            if (r1.priority != r2.priority) {
                return r1.priority > r2.priority ? -1 : 1;
            }
            Map<Node, Integer> n1 = merged.computeIfAbsent(r1, r -> a.mergeWeights(r, r.id, null, null, 1, Assign.W_FORWARD | Assign.W_INIT));
            Map<Node, Integer> n2 = merged.computeIfAbsent(r2, r -> a.mergeWeights(r, r.id, null, null, 1, Assign.W_FORWARD | Assign.W_INIT));
            int w1 = weight(r1.runningOn.isEmpty() ? null : r1.currentNode(), n1);
            int w2 = weight(r2.runningOn.isEmpty() ? null : r2.currentNode(), n2);
            if (w1 != w2) {
                return w1 > w2 ? -1 : 1;
            }
            for (Node n : order) {
                w1 = weight(n, n1);
                w2 = weight(n, n2);
                if (w1 != w2) {
                    return w1 > w2 ? -1 : 1;
                }
            }
            return 0;
        });
        ws.resources.clear();
        ws.resources.addAll(sorted);

    }

    private static int weight(Node node, Map<Node, Integer> nodes) {
        Integer w = node == null || nodes == null ? null : nodes.get(node);
        return w == null ? -Scores.INFINITY : w;
    }

    /** new_load_stopped_op: one required pseudo-action per node, created on first use. */
    private static Action loadStoppedOp(Actions acts, Node node) {
        String key = LOAD_STOPPED + "_" + node.uname;
        Action a = acts.find(key, node);
        if (a == null) {
            a = acts.nodeAction(key, key, node, false);
            a.pseudo = true;
            a.runnable = true;
        }
        return a;
    }

    /**
     * should_add_input_to_graph: a load ordering only counts between actions on the same node and when its first
     * action is required.
     */
    static boolean loadInputUsable(Action first, Action then) {
        Node target = then.node;
        if (then.rsc != null && "migrate_to".equals(then.task)) {
            target = then.rsc.allocatedTo;
        }
        return first.node != null && first.node == target && !first.optional;
    }
}
