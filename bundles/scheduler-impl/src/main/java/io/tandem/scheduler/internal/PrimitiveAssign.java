package io.tandem.scheduler.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Assignment of a primitive to one node (pcmk__primitive_assign, native_choose_node, pcmk__finalize_assignment). */
final class PrimitiveAssign {
    private final Assign a;

    PrimitiveAssign(Assign a) {
        this.a = a;
    }

    Node assign(Resource rsc, Node prefer) {
        WorkingSet ws = a.ws;
        if (rsc.parent != null && !rsc.parent.allocating) {
            a.assign(rsc.parent, prefer);
        }
        if (!rsc.provisional) {
            return rsc.allocatedTo;
        }
        if (rsc.allocating) {
            return null;
        }
        rsc.allocating = true;
        for (Colocation c : new ArrayList<>(rsc.rscCons)) {
            Map<Node, Integer> archive = null;
            if (c.dependentRole.ordinal() >= Role.PROMOTED.ordinal() || (c.score < 0 && c.score > -Scores.INFINITY)) {
                archive = Assign.copy(rsc.allowed);
            }
            a.assign(c.primary, null);
            a.applyColocation(rsc, c.primary, c);
            if (archive != null && !Assign.anyAvailable(rsc.allowed)) {
                rsc.allowed.clear();
                rsc.allowed.putAll(archive);
            }
        }
        for (Colocation c : new ArrayList<>(rsc.rscConsLhs)) {
            if (!c.hasInfluence(null)) {
                continue;
            }
            Map<Node, Integer> merged = a.mergeWeights(c.dependent, rsc.id, rsc.allowed, c.nodeAttribute,
                    c.score / (double) Scores.INFINITY, Assign.W_ROLLBACK);
            if (merged != rsc.allowed) {
                rsc.allowed.clear();
                rsc.allowed.putAll(merged);
            }
        }
        if (rsc.nextRole == Role.STOPPED) {
            for (Node n : new ArrayList<>(rsc.allowed.keySet())) {
                rsc.allowed.put(n, Scores.add(rsc.allowed.get(n), -Scores.INFINITY));
            }
        } else if (rsc.nextRole.above(rsc.role) && !ws.haveQuorum && "freeze".equals(ws.noQuorumPolicy)) {
            rsc.nextRole = rsc.role;
        }
        ws.addScoreLines("pcmk__primitive_assign", rsc, rsc.allowed);
        if (ws.stonithEnabled && !ws.haveStonithResource) {
            rsc.managed = false;
        }
        if (!rsc.managed) {
            rsc.nextRole = rsc.role;
            finalizeAssignment(ws, rsc, rsc.currentNode(), true);
        } else if (ws.stopEverything) {
            finalizeAssignment(ws, rsc, null, true);
        } else if (rsc.provisional) {
            chooseNode(rsc, prefer);
        }
        rsc.allocating = false;
        return rsc.allocatedTo;
    }

    private void chooseNode(Resource rsc, Node prefer) {
        Node mostCapable = Utilization.banInsufficientCapacity(a.ws, rsc);
        if (prefer == null) {
            prefer = mostCapable;
        }
        List<Node> nodes = rsc.allowed.isEmpty() ? List.of() : a.sortNodes(rsc.allowed, rsc.currentNode());
        Node best = nodes.isEmpty() ? null : nodes.get(0);
        Node chosen = null;
        if (prefer != null && !nodes.isEmpty()) {
            Integer w = rsc.allowed.get(prefer);
            if (w == null) {
                chosen = null;
            } else if (w < 0 || w < rsc.allowed.get(best)) {
                chosen = null;
            } else if (!Assign.available(prefer, true, w)) {
                chosen = null;
            } else {
                chosen = prefer;
            }
        }
        if (chosen == null && !nodes.isEmpty()) {
            chosen = best;
            int cw = rsc.allowed.get(chosen);
            if (cw > 0 && chosen.canRunResources()) {
                Node running = rsc.currentNode();
                if (running != null && !running.canRunResources()) {
                    // current node can't run resources
                } else if (running != null) {
                    for (int i = 1; i < nodes.size(); i++) {
                        Node tmp = nodes.get(i);
                        int tw = tmp.canRunResources() ? rsc.allowed.get(tmp) : -Scores.INFINITY;
                        int bw = chosen.canRunResources() ? cw : -Scores.INFINITY;
                        if (tw != bw) {
                            break;
                        }
                        if (tmp == running) {
                            chosen = tmp;
                        }
                    }
                }
            }
        }
        finalizeAssignment(a.ws, rsc, chosen, false);
    }

    /** pcmk__finalize_assignment to no node (the resource will be stopped); no capacity is consumed. */
    static boolean finalizeAssignment(Resource rsc, Node chosen, boolean force) {
        if (chosen != null) {
            throw new IllegalArgumentException("assigning " + rsc.id + " to a node needs the working set");
        }
        return finalizeAssignment(null, rsc, null, force);
    }

    /** pcmk__finalize_assignment. */
    static boolean finalizeAssignment(WorkingSet ws, Resource rsc, Node chosen, boolean force) {
        if (!force && chosen != null) {
            Integer w = rsc.allowed.get(chosen);
            if (w == null || w < 0 || !chosen.canRunResources()) {
                rsc.nextRole = Role.STOPPED;
                rsc.meta.put("__next_role_reason", "node availability");
                chosen = null;
            }
        }
        rsc.allocatedTo = null;
        rsc.provisional = false;
        if (chosen == null) {
            rsc.nextRole = Role.STOPPED;
            for (Action op : rsc.actions) {
                if ("stop".equals(op.task)) {
                    op.optional = false;
                } else if ("start".equals(op.task)) {
                    op.runnable = false;
                } else if (op.intervalMs > 0 && !"7".equals(op.meta.get("op_target_rc"))) {
                    op.runnable = false;
                }
            }
            return false;
        }
        rsc.allocatedTo = chosen;
        chosen.numResources++;
        Utilization.consume(ws, chosen, rsc);
        return true;
    }

    static void unassign(WorkingSet ws, Resource rsc) {
        if (rsc.allocatedTo != null) {
            rsc.allocatedTo.numResources--;
            Utilization.release(ws, rsc.allocatedTo, rsc);
        }
        rsc.allocatedTo = null;
        rsc.provisional = true;
    }
}
