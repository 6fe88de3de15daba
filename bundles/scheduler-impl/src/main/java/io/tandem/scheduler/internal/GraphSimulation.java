package io.tandem.scheduler.internal;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
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
        if (a.pseudo || "stonith".equals(a.task) || "do_shutdown".equals(a.task)) {
            return true;
        }
        if (a.node == null) {
            return false;
        }
        return a.node.online;
    }

    void run() {
        for (Action a : ws.actions) {
            if (inGraph(a)) {
                graph.add(a);
            }
        }
        Set<Action> in = new LinkedHashSet<>(graph);
        Map<Action, Integer> pending = new HashMap<>();
        Deque<Action> ready = new ArrayDeque<>();
        for (Action a : graph) {
            int n = 0;
            for (Action.Edge e : a.before) {
                if (input(e, a) && in.contains(e.action) && e.action != a) {
                    n++;
                }
            }
            pending.put(a, n);
            if (n == 0) {
                ready.add(a);
            }
        }
        Set<Action> done = new LinkedHashSet<>();
        while (!ready.isEmpty() || done.size() < graph.size()) {
            if (ready.isEmpty()) {
                // a loop: run the remaining actions in creation order
                for (Action a : graph) {
                    if (!done.contains(a)) {
                        ready.add(a);
                        break;
                    }
                }
            }
            Action a = ready.poll();
            if (!done.add(a)) {
                continue;
            }
            lines.add(line(a));
            for (Action.Edge e : a.after) {
                if (input(new Action.Edge(a, e.type), e.action) && in.contains(e.action) && !done.contains(e.action)) {
                    int n = pending.merge(e.action, -1, Integer::sum);
                    if (n == 0) {
                        ready.add(e.action);
                    }
                }
            }
        }
        executed.addAll(done);
    }

    private final List<Action> executed = new ArrayList<>();

    /** Whether an ordering edge makes {@code then} wait for its first action (should_add_input_to_graph, in part). */
    private static boolean input(Action.Edge before, Action then) {
        if (before.type == 0) {
            return false;
        }
        if (before.type == Constraints.LOAD) {
            return Utilization.loadInputUsable(before.action, then);
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
        if ("clear_failcount".equals(a.task)) {
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
        Map<String, CibElement> states = new java.util.LinkedHashMap<>();
        for (CibElement st : status.children("node_state")) {
            states.put(st.attr("id"), st);
        }
        long callId = 100000;
        for (Action a : executed) {
            if ("stonith".equals(a.task)) {
                Node n = a.node;
                CibElement st = states.get(n.id);
                if (st == null) {
                    st = CibElement.of("node_state", "id", n.id, "uname", n.uname);
                }
                st = st.withAttribute("in_ccm", "false").withAttribute("crmd", "offline").withAttribute("join", "down")
                        .withAttribute("expected", "down");
                List<CibElement> kids = new ArrayList<>();
                for (CibElement k : st.children()) {
                    if (!k.name().equals("lrm") && !k.name().equals("transient_attributes")) {
                        kids.add(k);
                    }
                }
                states.put(n.id, st.withChildren(kids));
                continue;
            }
            if (a.rsc == null || a.pseudo || a.node == null) {
                continue;
            }
            if ("delete".equals(a.task) || "cancel".equals(a.task) || "notify".equals(a.task)
                    || "clear_failcount".equals(a.task)) {
                continue;
            }
            Node n = a.node;
            CibElement st = states.get(n.id);
            if (st == null) {
                st = CibElement.of("node_state", "id", n.id, "uname", n.uname, "in_ccm", "true", "crmd", "online",
                        "join", "member", "expected", "member");
            }
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
                    "rc-code", Integer.toString(rc), "op-status", "0", "interval", Long.toString(a.intervalMs));
            states.put(n.id, withOp(st, a.rsc, rid, op));
        }
        List<CibElement> newStates = new ArrayList<>(states.values());
        CibElement newStatus = status.withChildren(newStates);
        return new Cib(ws.cib.root().withReplacedChild(newStatus));
    }

    private static CibElement withOp(CibElement st, Resource rsc, String rid, CibElement op) {
        CibElement lrm = st.child("lrm").orElse(CibElement.of("lrm", "id", st.attr("id")));
        CibElement lrs = lrm.child("lrm_resources").orElse(CibElement.of("lrm_resources"));
        List<CibElement> resources = new ArrayList<>(lrs.children());
        int idx = -1;
        for (int i = 0; i < resources.size(); i++) {
            if (rid.equals(resources.get(i).id())) {
                idx = i;
            }
        }
        CibElement lr;
        if (idx < 0) {
            lr = CibElement.of("lrm_resource", "id", rid, "class", rsc.cls == null ? "ocf" : rsc.cls, "type", rsc.type == null ? "" : rsc.type);
            if (rsc.provider != null) {
                lr = lr.withAttribute("provider", rsc.provider);
            }
        } else {
            lr = resources.get(idx);
        }
        List<CibElement> ops = new ArrayList<>();
        boolean replaced = false;
        for (CibElement o : lr.children()) {
            if (op.id().equals(o.id())) {
                ops.add(op);
                replaced = true;
            } else {
                ops.add(o);
            }
        }
        if (!replaced) {
            ops.add(op);
        }
        lr = lr.withChildren(ops);
        if (idx < 0) {
            resources.add(lr);
        } else {
            resources.set(idx, lr);
        }
        lrs = lrs.withChildren(resources);
        lrm = lrm.withReplacedChild(lrs);
        return st.withReplacedChild(lrm);
    }
}
