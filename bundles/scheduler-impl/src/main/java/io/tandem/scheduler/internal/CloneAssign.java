package io.tandem.scheduler.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Assignment of clone instances to nodes (pcmk__clone_allocate, distribute_children, allocate_instance). */
final class CloneAssign {
    private final Assign a;

    CloneAssign(Assign a) {
        this.a = a;
    }

    void assign(Resource rsc, Node prefer) {
        if (!rsc.provisional || rsc.allocating) {
            return;
        }
        if (rsc.promotable) {
            Promotable.addPromotionScores(a.ws, rsc);
        }
        rsc.allocating = true;
        for (Colocation c : new ArrayList<>(rsc.rscCons)) {
            a.assign(c.primary, prefer);
        }
        for (Colocation c : new ArrayList<>(rsc.rscConsLhs)) {
            if (c.hasInfluence(null)) {
                Map<Node, Integer> merged = a.mergeWeights(c.dependent, rsc.id, rsc.allowed, c.nodeAttribute,
                        c.score / (double) Scores.INFINITY, Assign.W_ROLLBACK | Assign.W_POSITIVE);
                if (merged != rsc.allowed) {
                    rsc.allowed.clear();
                    rsc.allowed.putAll(merged);
                }
            }
        }
        a.ws.addScoreLines("pcmk__clone_allocate", rsc, rsc.allowed);
        List<Resource> sorted = glibSort(rsc.children, this::compareInstances);
        rsc.children.clear();
        rsc.children.addAll(sorted);
        distribute(rsc);
        if (rsc.promotable) {
            Promotable.setInstanceRoles(a, rsc);
        }
        rsc.provisional = false;
        rsc.allocating = false;
    }

    static boolean didFail(Resource r) {
        if (r.failed) {
            return true;
        }
        for (Resource c : r.children) {
            if (didFail(c)) {
                return true;
            }
        }
        return false;
    }

    /** The nodes an instance is active on, in the order they were found (running_on). */
    static List<Node> activeOn(Resource r) {
        List<Node> out = new ArrayList<>();
        for (Resource p : r.primitives()) {
            for (Node n : p.runningOn) {
                if (!out.contains(n)) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    /** pe__current_node: the first node an instance is active on, or null. */
    static Node currentNode(Resource r) {
        List<Node> on = activeOn(r);
        return on.isEmpty() ? null : on.get(0);
    }

    /**
     * The priority instances are ordered by: promotable clones reuse an instance's priority for its promotion
     * score while they are assigned (pcmk__add_promotion_scores, set_instance_priority).
     */
    static int instancePriority(Resource r) {
        Resource p = r.parent;
        return p != null && p.isClone() && p.promotable ? r.promotionPriority : r.priority;
    }

    /** The instance number: what follows the last colon of the id (pcmk__cmp_instance_number). */
    static int compareInstanceNumbers(Resource x, Resource y) {
        return Integer.compare(instanceNumber(x), instanceNumber(y));
    }

    private static int instanceNumber(Resource r) {
        if (r.instance >= 0) {
            return r.instance;
        }
        int i = r.id.lastIndexOf(':');
        try {
            return i < 0 ? 0 : Integer.parseInt(r.id.substring(i + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * pcmk__cmp_instance: the order in which instances are assigned. Prefers the less multiply active instance,
     * one not active on a disallowed node, higher priority, active ones, whose current node can run resources and
     * is allowed for the clone, with fewer instances there, not failed, with the higher colocation score on its
     * current node, and finally the lower instance number.
     */
    int compareInstances(Resource x, Resource y) {
        List<Node> ax = activeOn(x);
        List<Node> ay = activeOn(y);
        if (!ax.isEmpty() && !ay.isEmpty() && ax.size() != ay.size()) {
            return ax.size() < ay.size() ? -1 : 1;
        }
        Node node1 = ax.isEmpty() ? null : ax.get(0);
        Node node2 = ay.isEmpty() ? null : ay.get(0);
        boolean can1 = true;
        boolean can2 = true;
        if (node1 != null) {
            Integer w = x.allowed.get(node1);
            if (w == null || w < 0) {
                node1 = null;
                can1 = false;
            }
        }
        if (node2 != null) {
            Integer w = y.allowed.get(node2);
            if (w == null || w < 0) {
                node2 = null;
                can2 = false;
            }
        }
        if (can1 != can2) {
            return can1 ? -1 : 1;
        }
        int p1 = instancePriority(x);
        int p2 = instancePriority(y);
        if (p1 != p2) {
            return p1 > p2 ? -1 : 1;
        }
        if (node1 == null && node2 == null) {
            return 0;
        } else if (node1 == null) {
            return 1;
        } else if (node2 == null) {
            return -1;
        }
        can1 = node1.canRunResources();
        can2 = node2.canRunResources();
        if (can1 != can2) {
            return can1 ? -1 : 1;
        }
        Resource parent1 = x.parent;
        Resource parent2 = y.parent;
        boolean top1 = parent1 != null && parent1.allowed.containsKey(node1);
        boolean top2 = parent2 != null && parent2.allowed.containsKey(node2);
        if (!top1 && !top2) {
            return 0;
        } else if (!top1) {
            return 1;
        } else if (!top2) {
            return -1;
        }
        int count1 = parent1.counts.getOrDefault(node1, 0);
        int count2 = parent2.counts.getOrDefault(node2, 0);
        if (count1 != count2) {
            return count1 < count2 ? -1 : 1;
        }
        boolean failed1 = didFail(x);
        boolean failed2 = didFail(y);
        if (failed1 != failed2) {
            return failed1 ? 1 : -1;
        }
        int rc = compareByColocation(x, ax.get(0), y, ay.get(0));
        if (rc != 0) {
            return rc;
        }
        return compareInstanceNumbers(x, y);
    }

    /** cmp_instance_by_colocation: the parent's colocations applied to each instance's current node alone. */
    private int compareByColocation(Resource x, Node current1, Resource y, Node current2) {
        int w1 = parentColocatedScore(x, current1);
        int w2 = parentColocatedScore(y, current2);
        if (w1 != w2) {
            return w1 < w2 ? 1 : -1;
        }
        return 0;
    }

    private int parentColocatedScore(Resource instance, Node current) {
        Map<Node, Integer> nodes = new java.util.LinkedHashMap<>();
        nodes.put(current, 0);
        Resource parent = instance.parent;
        for (Colocation c : parent.rscCons) {
            nodes = a.mergeWeights(c.primary, instance.id, nodes, c.nodeAttribute, c.score / (double) Scores.INFINITY, 0);
        }
        for (Colocation c : parent.rscConsLhs) {
            if (!c.hasInfluence(instance)) {
                continue;
            }
            nodes = a.mergeWeights(c.dependent, instance.id, nodes, c.nodeAttribute, c.score / (double) Scores.INFINITY,
                    Assign.W_POSITIVE);
        }
        Integer w = nodes.get(current);
        return w == null ? 0 : w;
    }

    /** g_list_sort: GLib's stable top-down merge sort, whose result matters when the comparison is not a total order. */
    static <T> List<T> glibSort(List<T> list, java.util.Comparator<? super T> cmp) {
        if (list.size() < 2) {
            return new ArrayList<>(list);
        }
        int half = list.size() / 2;
        List<T> l1 = glibSort(list.subList(0, half), cmp);
        List<T> l2 = glibSort(list.subList(half, list.size()), cmp);
        List<T> out = new ArrayList<>(list.size());
        int i = 0;
        int j = 0;
        while (i < l1.size() && j < l2.size()) {
            if (cmp.compare(l1.get(i), l2.get(j)) <= 0) {
                out.add(l1.get(i++));
            } else {
                out.add(l2.get(j++));
            }
        }
        while (i < l1.size()) {
            out.add(l1.get(i++));
        }
        while (j < l2.size()) {
            out.add(l2.get(j++));
        }
        return out;
    }

    /** distribute_children: instances first stay where they are active, then go to the best remaining nodes. */
    private void distribute(Resource rsc) {
        int max = rsc.cloneMax;
        int perHost = rsc.cloneNodeMax;
        rsc.counts.clear();
        int availableNodes = 0;
        for (Node n : rsc.allowed.keySet()) {
            rsc.counts.put(n, 0);
            if (n.canRunResources()) {
                availableNodes++;
            }
        }
        boolean allColoc = max < availableNodes;
        int loopMax = availableNodes > 0 ? max / availableNodes : 0;
        if (loopMax < 1) {
            loopMax = 1;
        }
        int allocated = 0;
        for (Resource child : rsc.children) {
            if (allocated >= max) {
                break;
            }
            Node current = currentNode(child);
            if (current == null || !child.provisional || child.failed) {
                continue;
            }
            // the node object a resource is active on carries no score, so only its state counts here
            if (!current.canRunResources()) {
                continue;
            }
            if (rsc.allowed.containsKey(current) && rsc.counts.getOrDefault(current, 0) >= loopMax) {
                continue;
            }
            if (allocateInstance(rsc, child, current, allColoc, perHost)) {
                allocated++;
            }
        }
        for (Resource child : rsc.children) {
            if (!child.provisional) {
                continue;
            }
            if (allocated >= max) {
                Failures.locationAllAllowed(child, -Scores.INFINITY);
                banInstance(child);
            } else if (allocateInstance(rsc, child, null, allColoc, perHost)) {
                allocated++;
            }
        }
    }

    private void banInstance(Resource child) {
        markStopped(child);
    }

    private static void markStopped(Resource r) {
        if (r.isPrimitive()) {
            PrimitiveAssign.finalizeAssignment(r, null, true);
        } else {
            for (Resource c : r.children) {
                markStopped(c);
            }
            r.provisional = false;
            r.nextRole = Role.STOPPED;
        }
    }

    /** allocate_instance. */
    private boolean allocateInstance(Resource clone, Resource child, Node prefer, boolean allColoc, int limit) {
        if (!child.provisional) {
            return Assign.location(child) != null;
        }
        if (child.allocating) {
            return false;
        }
        appendParentColocation(clone, child, allColoc);
        if (prefer != null) {
            Integer w = child.allowed.get(prefer);
            if (w == null || w < 0) {
                return false;
            }
        }
        canRunInstance(clone, child, limit);
        Map<Node, Integer> backup = Assign.copy(child.allowed);
        Node chosen = a.assign(child, prefer);
        if (chosen != null && prefer != null && chosen != prefer) {
            // only the instance's own table and assignment are undone: a group's members stay where they went
            child.allowed.clear();
            child.allowed.putAll(backup);
            if (child.isPrimitive()) {
                PrimitiveAssign.unassign(a.ws, child);
            }
            chosen = null;
        }
        if (chosen != null && clone.counts.containsKey(chosen)) {
            clone.counts.merge(chosen, 1, Integer::sum);
        }
        return chosen != null;
    }

    private static void appendParentColocation(Resource clone, Resource child, boolean all) {
        for (Colocation c : clone.rscCons) {
            if ((all || c.score < 0 || c.score == Scores.INFINITY) && !child.rscCons.contains(c)) {
                child.rscCons.add(0, c);
            }
        }
        for (Colocation c : clone.rscConsLhs) {
            if (!c.hasInfluence(child)) {
                continue;
            }
            if ((all || c.score < 0) && !child.rscConsLhs.contains(c)) {
                child.rscConsLhs.add(0, c);
            }
        }
    }

    private static void canRunInstance(Resource clone, Resource child, int limit) {
        for (Node n : new ArrayList<>(child.allowed.keySet())) {
            boolean ok = false;
            if (n.canRunResources() && !child.orphan) {
                Integer local = clone.allowed.get(n);
                if (local == null) {
                    ok = false;
                } else if (local < 0) {
                    updateScore(child, n, local);
                    continue;
                } else if (clone.counts.getOrDefault(n, 0) < limit) {
                    ok = true;
                }
            }
            if (!ok) {
                updateScore(child, n, -Scores.INFINITY);
            }
        }
    }

    /** common_update_score: adds to the node's score in a resource and all its descendants. */
    private static void updateScore(Resource r, Node n, int score) {
        Integer w = r.allowed.get(n);
        if (w != null) {
            r.allowed.put(n, Scores.add(w, score));
        }
        for (Resource c : r.children) {
            updateScore(c, n, score);
        }
    }

    // ---- the clone as the primary of a colocation

    void applyAsPrimary(Resource dep, Resource primary, Colocation c) {
        if (primary.promotable) {
            if (primary.provisional) {
                return;
            } else if (c.primaryRole == Role.UNKNOWN) {
                // handled as a plain clone colocation
            } else if (dep.provisional) {
                Promotable.updateDependentWithPromotable(primary, dep, c);
                return;
            } else if (c.dependentRole == Role.PROMOTED) {
                Promotable.updatePromotableDependentPriority(primary, dep, c);
                return;
            }
        }
        boolean interleave = false;
        Resource depTop = c.dependent;
        if (Rules.isTrue(depTop.meta.get("interleave")) && depTop.isClone()) {
            if (depTop.cloneNodeMax == c.primary.cloneNodeMax) {
                interleave = true;
            }
        }
        if (primary.provisional) {
            return;
        }
        if (interleave) {
            Resource inst = Instances.findCompatibleInstance(dep, primary, Role.UNKNOWN, false);
            if (inst != null) {
                a.applyColocation(dep, inst, c);
            } else if (c.score >= Scores.INFINITY) {
                for (Resource p : dep.primitives()) {
                    if (p.provisional) {
                        PrimitiveAssign.finalizeAssignment(p, null, true);
                    }
                }
            }
            return;
        }
        if (c.score >= Scores.INFINITY) {
            List<Node> affected = new ArrayList<>();
            for (Resource child : primary.children) {
                Node chosen = Assign.location(child);
                if (chosen != null && !isBlocked(child)) {
                    affected.add(chosen);
                }
            }
            nodeListExclude(dep.allowed, affected, null);
            return;
        }
        for (Resource child : primary.children) {
            a.applyColocation(dep, child, c);
        }
    }

    static boolean isBlocked(Resource r) {
        if (r.block) {
            return true;
        }
        for (Resource c : r.children) {
            if (isBlocked(c)) {
                return true;
            }
        }
        return false;
    }

    static void nodeListExclude(Map<Node, Integer> hash, List<Node> list, Map<Node, Integer> mergeFrom) {
        for (Map.Entry<Node, Integer> e : hash.entrySet()) {
            if (!list.contains(e.getKey())) {
                e.setValue(-Scores.INFINITY);
            } else if (mergeFrom != null) {
                Integer o = mergeFrom.get(e.getKey());
                e.setValue(Scores.add(e.getValue(), o == null ? 0 : o));
            }
        }
        for (Node n : list) {
            if (!hash.containsKey(n)) {
                hash.put(n, -Scores.INFINITY);
            }
        }
    }
}
