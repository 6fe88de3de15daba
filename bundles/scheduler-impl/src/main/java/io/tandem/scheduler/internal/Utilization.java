package io.tandem.scheduler.internal;

import io.tandem.cib.CibElement;
import java.util.ArrayList;
import java.util.List;

/**
 * Utilization orderings (pcmk__create_utilization_constraints): with a placement strategy other than "default",
 * every node a primitive runs on or may run on gets a mandatory {@code load_stopped_NODE} pseudo-action; stops on
 * the node come before it and starts on the node after it, so capacity is freed before it is used.
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
        if (rsc.xml == null) {
            return false;
        }
        CibElement tmpl = rsc.xml.attr("template") != null ? ws.templates.get(rsc.xml.attr("template")) : null;
        for (CibElement x : tmpl == null ? List.of(rsc.xml) : List.of(rsc.xml, tmpl)) {
            for (CibElement set : x.children("utilization")) {
                if (!set.children("nvpair").isEmpty()) {
                    return true;
                }
            }
        }
        return false;
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
