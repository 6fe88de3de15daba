package io.tandem.scheduler.internal;

import java.util.ArrayList;
import java.util.List;

/** Stage: fencing of unclean nodes, shutdown of nodes that asked for it, and what fencing implies (pcmk_sched_fencing.c). */
final class Fencing {
    private final WorkingSet ws;
    private final Actions acts;

    Fencing(WorkingSet ws, Actions acts) {
        this.ws = ws;
        this.acts = acts;
    }

    boolean canFence(Node node) {
        if (!ws.stonithEnabled || !ws.haveStonithResource) {
            return false;
        }
        if (ws.haveQuorum || "ignore".equals(ws.noQuorumPolicy)) {
            return true;
        }
        return node != null && node.online;
    }

    private boolean anyManaged() {
        for (Resource r : ws.byId.values()) {
            if (r.isPrimitive() && r.managed) {
                return true;
            }
        }
        return false;
    }

    Action fenceOp(Node node, String reason, boolean optional) {
        return fenceOp(node, ws.stonithAction, reason, optional);
    }

    /** pe_fence_op: the (single) fencing action of this kind for the node; required only if the node can be fenced. */
    Action fenceOp(Node node, String action, String reason, boolean optional) {
        Action a = acts.nodeAction("stonith-" + node.uname + "-" + action, "stonith", node, true);
        a.meta.put("stonith_action", action);
        if (!optional && canFence(node)) {
            a.optional = false;
            if (a.reason == null) {
                a.reason = reason;
            }
        } else if (reason != null && a.reason == null) {
            a.reason = reason;
        }
        return a;
    }

    /**
     * The fencing actions pe_fence_node created while the status was unpacked: optional until scheduling makes them
     * required, but they already exist (and so come before every other action, and last in the summary).
     */
    void createUnpackedFenceOps() {
        for (Node node : ws.fencedInUnpack) {
            fenceOp(node, node.fenceReason, true);
        }
    }

    /**
     * unpack_shutdown_lock: a history entry carrying a shutdown-lock time locks the resource to that node, or, once
     * shutdown-lock-limit has passed, has its history cleared (lrm_delete run by the DC).
     */
    static void unpackShutdownLock(WorkingSet ws, Actions acts, io.tandem.cib.CibElement lrmResource, Resource rsc, Node node) {
        long lockTime = epoch(lrmResource.attr("shutdown-lock"));
        if (lockTime == 0) {
            return;
        }
        if (ws.shutdownLockSeconds > 0 && ws.now > lockTime + ws.shutdownLockSeconds) {
            clearResourceHistory(acts, rsc, node);
        } else {
            rsc.lockNode = node;
            rsc.lockTime = lockTime;
        }
    }

    /** crm_element_value_epoch: seconds since the epoch, 0 when absent or not a number. */
    private static long epoch(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** pe__clear_resource_history: a required lrm_delete of the resource's history on the node. */
    static Action clearResourceHistory(Actions acts, Resource rsc, Node node) {
        Action a = acts.rscAction(rsc, "lrm_delete", 0, node, false);
        a.needs = "nothing";
        a.dcAction = true;
        acts.updateRunnable(a);
        return a;
    }

    /**
     * apply_shutdown_locks (pcmk__primitive_shutdown_lock): a primitive active only on a node that is shutting down
     * cleanly is locked there; a locked resource is banned from every other node. Fence devices are never locked.
     */
    static void applyShutdownLocks(WorkingSet ws, Actions acts) {
        if (!ws.shutdownLock) {
            return;
        }
        for (Resource r : ws.resources) {
            shutdownLock(ws, acts, r);
        }
    }

    private static void shutdownLock(WorkingSet ws, Actions acts, Resource rsc) {
        if (rsc.isClone()) {
            // clones are never locked
            return;
        }
        if (!rsc.isPrimitive()) {
            for (Resource c : rsc.children) {
                shutdownLock(ws, acts, c);
            }
            return;
        }
        if (rsc.isStonith) {
            return;
        }
        if (rsc.lockNode != null) {
            if (!rsc.runningOn.isEmpty()) {
                // started elsewhere although locked: leave it alone and forget the lock
                clearResourceHistory(acts, rsc, rsc.lockNode);
                rsc.lockNode = null;
                rsc.lockTime = 0;
            }
        } else if (rsc.runningOn.size() == 1) {
            Node node = rsc.runningOn.get(0);
            if (node.shutdown && !node.unclean) {
                rsc.lockNode = node;
                long t = epoch(node.attr("shutdown"));
                rsc.lockTime = t > 0 ? t : ws.now;
            }
        }
        if (rsc.lockNode == null) {
            return;
        }
        for (Node n : ws.nodes) {
            if (!n.uname.equals(rsc.lockNode.uname)) {
                Failures.location(rsc, n, -Scores.INFINITY);
            }
        }
    }

    /** pcmk__node_unfenced: the controller records #node-unfenced once the node has been unfenced. */
    private static boolean unfenced(Node node) {
        String v = node.attr("#node-unfenced");
        return v != null && !"0".equals(v);
    }

    /**
     * pcmk__order_vs_unfence: when unfencing is in use, the node's (optional) unfencing comes before this probe or
     * start of a device or of a resource that requires unfencing; a node never unfenced must be unfenced now.
     */
    void orderVsUnfence(Resource rsc, Node node, Action action, int flags) {
        if (!((rsc.isStonith && ws.enableUnfencing) || rsc.needsUnfencing)) {
            return;
        }
        Action unfence = fenceOp(node, "on", null, true);
        Actions.order(unfence, action, flags);
        if (!unfenced(node)) {
            triggerUnfencing(null, node, "required by " + rsc.id + " " + action.task, null);
        }
    }

    /** trigger_unfencing: requires unfencing of a clean online node (or of every such node a device may run on). */
    void triggerUnfencing(Resource rsc, Node node, String reason, Action dependency) {
        if (!ws.enableUnfencing || (rsc != null && !rsc.isStonith)) {
            return;
        }
        if (node != null && node.online && !node.unclean && !node.shutdown) {
            Action unfence = fenceOp(node, "on", reason, false);
            if (dependency != null) {
                Actions.order(unfence, dependency, Constraints.OPTIONAL);
            }
        } else if (rsc != null) {
            for (Node n : rsc.allowed.keySet()) {
                if (n.online && !n.unclean && !n.shutdown) {
                    triggerUnfencing(rsc, n, reason, dependency);
                }
            }
        }
    }

    /**
     * pcmk__order_restart_vs_unfence: a resource that requires unfencing stops before, and starts after, the
     * unfencing of each node it may run on.
     */
    void orderRestartVsUnfence(Resource rsc) {
        if (rsc.isStonith || !ws.enableUnfencing || !rsc.needsUnfencing) {
            return;
        }
        for (Node node : ws.nodes) {
            if (!rsc.allowed.containsKey(node)) {
                continue;
            }
            Action unfence = fenceOp(node, "on", null, true);
            ws.orderings.add(new WorkingSet.OrderingSpec(rsc, Actions.key(rsc, "stop", 0), null, null, null, unfence,
                    Constraints.OPTIONAL | Constraints.SAME_NODE));
            ws.orderings.add(new WorkingSet.OrderingSpec(null, null, unfence, rsc, Actions.key(rsc, "start", 0), null,
                    Constraints.IMPLIES_THEN_ON_NODE | Constraints.SAME_NODE));
        }
    }

    void run() {
        boolean haveManaged = anyManaged();
        Action dcDown = null;
        List<Action> fencingOps = new ArrayList<>();
        List<Action> shutdownOps = new ArrayList<>();
        for (Node node : ws.nodes) {
            Action fencing = null;
            if (haveManaged && node.unclean && canFence(node)) {
                fencing = fenceOp(node, node.fenceReason == null ? "node is unclean" : node.fenceReason, false);
                orderVsFence(fencing);
                if (node.isDc) {
                    dcDown = fencing;
                } else {
                    if (!ws.concurrentFencing && !fencingOps.isEmpty()) {
                        Actions.order(fencingOps.get(0), fencing, Constraints.OPTIONAL);
                    }
                    fencingOps.add(0, fencing);
                }
            } else if (node.online && node.shutdown) {
                Action down = acts.nodeAction("do_shutdown-" + node.uname, "do_shutdown", node, false);
                down.meta.put("crm_event", "true");
                for (Action a : new ArrayList<>(ws.actions)) {
                    // pcmk__order_stops_before_shutdown: blocked resources count too (their unrunnable stop
                    // keeps the node up); maintenance resources and nodes are left alone
                    if (a.node == node && a.rsc != null && "stop".equals(a.task) && (a.rsc.managed || a.rsc.block)
                            && !a.rsc.maintenance && !node.maintenance) {
                        a.optional = false;
                        Actions.order(a, down, Constraints.OPTIONAL | Constraints.RUNNABLE_LEFT);
                    }
                }
                if (node.isDc) {
                    dcDown = down;
                } else if (dcDown == null) {
                    shutdownOps.add(down);
                }
            }
        }
        if (dcDown != null) {
            if ("do_shutdown".equals(dcDown.task)) {
                for (Action s : shutdownOps) {
                    Actions.order(s, dcDown, Constraints.OPTIONAL);
                }
            }
            if (ws.concurrentFencing) {
                for (Action f : fencingOps) {
                    Actions.order(f, dcDown, Constraints.OPTIONAL);
                }
            } else if (!fencingOps.isEmpty()) {
                Actions.order(fencingOps.get(0), dcDown, Constraints.OPTIONAL);
            }
        }
    }

    private void orderVsFence(Action stonith) {
        for (Resource r : ws.resources) {
            rscOrdering(r, stonith);
        }
    }

    private void rscOrdering(Resource rsc, Action stonith) {
        if (!rsc.children.isEmpty()) {
            for (Resource c : rsc.children) {
                rscOrdering(c, stonith);
            }
            return;
        }
        if (!rsc.managed) {
            return;
        }
        Node target = stonith.node;
        for (Action a : new ArrayList<>(rsc.actions)) {
            if ("fencing".equals(a.needs)) {
                Actions.order(stonith, a, Constraints.OPTIONAL);
            } else if ("quorum".equals(a.needs)) {
                if ("start".equals(a.task) && rsc.allowed.containsKey(target) && !rsc.knownOn.contains(target)) {
                    Actions.order(stonith, a, Constraints.OPTIONAL | Constraints.RUNNABLE_LEFT);
                }
            }
        }
        boolean implicit = "fencing".equals(rsc.requires);
        Action parentStop = null;
        Resource top = rsc.top();
        for (Action a : top.actions) {
            if ("stop".equals(a.task) && a.node == null) {
                parentStop = a;
                break;
            }
        }
        for (Action stop : acts.rscActions(rsc, "stop", target)) {
            stop.pseudo = true;
            stop.runnable = true;
            if (implicit) {
                stop.clearedByFencing = true;
                Actions.order(stonith, stop, Constraints.PRESERVE);
                if (parentStop != null && parentStop != stop) {
                    Actions.order(stonith, parentStop, Constraints.PRESERVE);
                }
            }
            new Notifications(ws, acts).orderAfterFencing(stop, rsc, stonith);
        }
        for (Action demote : acts.rscActions(rsc, "demote", target)) {
            if (!demote.node.online || demote.node.unclean || rsc.failed) {
                demote.pseudo = true;
                demote.runnable = true;
                if (implicit) {
                    Actions.order(stonith, demote, Constraints.PRESERVE | Constraints.OPTIONAL);
                }
            }
        }
    }
}
