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
        String action = ws.stonithAction;
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
                    if (a.node == node && a.rsc != null && "stop".equals(a.task) && a.rsc.managed) {
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
