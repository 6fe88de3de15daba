package io.tandem.scheduler.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stage: assigns every resource to a node in Pacemaker's order (allocate_resources), dispatching by variant. */
final class Assign {
    final WorkingSet ws;
    final PrimitiveAssign primitive;
    final GroupAssign group;
    final CloneAssign clone;

    Assign(WorkingSet ws) {
        this.ws = ws;
        this.primitive = new PrimitiveAssign(this);
        this.group = new GroupAssign(this);
        this.clone = new CloneAssign(this);
    }

    static void run(WorkingSet ws) {
        Assign a = new Assign(ws);
        if (Utilization.enabled(ws)) {
            Utilization.sortResources(a);
        }
        for (Resource r : new ArrayList<>(ws.resources)) {
            a.assign(r, null);
        }
    }

    Node assign(Resource r, Node prefer) {
        switch (r.variant) {
            case GROUP:
                return group.assign(r, prefer);
            case CLONE:
                clone.assign(r, prefer);
                return null;
            default:
                return primitive.assign(r, prefer);
        }
    }

    /** Where the resource will be (fns->location with current=FALSE). */
    static Node location(Resource r) {
        if (r.isPrimitive()) {
            return r.allocatedTo;
        }
        if (r.isGroup()) {
            if (r.children.isEmpty()) {
                return null;
            }
            return location(r.children.get(0));
        }
        return null;
    }

    static boolean available(Node n, boolean considerScore, Integer weight) {
        if (!n.canRunResources()) {
            return false;
        }
        return !considerScore || weight == null || weight >= 0;
    }

    static Map<Node, Integer> copy(Map<Node, Integer> m) {
        return new LinkedHashMap<>(m);
    }

    /**
     * pcmk__sort_nodes: by score (unavailable nodes count as -INFINITY), remaining capacity (balanced strategy),
     * assigned-resource count, preferred, name; "minimal" goes from score straight to name.
     */
    List<Node> sortNodes(Map<Node, Integer> allowed, Node preferred) {
        List<Node> list = new ArrayList<>(allowed.keySet());
        list.sort((a, b) -> {
            int sa = a.canRunResources() ? allowed.get(a) : -Scores.INFINITY;
            int sb = b.canRunResources() ? allowed.get(b) : -Scores.INFINITY;
            if (sa != sb) {
                return sa > sb ? -1 : 1;
            }
            if (!"minimal".equalsIgnoreCase(ws.placementStrategy)) {
                if ("balanced".equalsIgnoreCase(ws.placementStrategy)) {
                    int capacity = Utilization.compareCapacities(a, b);
                    if (capacity != 0) {
                        return capacity < 0 ? -1 : 1;
                    }
                }
                if (a.numResources != b.numResources) {
                    return a.numResources < b.numResources ? -1 : 1;
                }
                if (preferred != null) {
                    if (preferred == a) {
                        return -1;
                    }
                    if (preferred == b) {
                        return 1;
                    }
                }
            }
            return a.uname.compareTo(b.uname);
        });
        return list;
    }

    static boolean anyAvailable(Map<Node, Integer> m) {
        for (Map.Entry<Node, Integer> e : m.entrySet()) {
            if (e.getValue() >= 0 && e.getKey().canRunResources()) {
                return true;
            }
        }
        return false;
    }

    // ---- colocation application

    enum Affects { NOTHING, LOCATION, ROLE }

    static Affects affects(Resource dep, Resource pri, Colocation c, boolean preview) {
        if (!preview && pri.provisional) {
            return Affects.NOTHING;
        }
        if (c.dependentRole.ordinal() >= Role.UNPROMOTED.ordinal() && dep.parent != null && dep.parent.promotable && !dep.provisional) {
            return Affects.ROLE;
        }
        if (!preview && !dep.provisional) {
            return Affects.NOTHING;
        }
        if (c.score > 0 && c.dependentRole != Role.UNKNOWN && c.dependentRole != dep.nextRole) {
            return Affects.NOTHING;
        }
        if (c.score > 0 && c.primaryRole != Role.UNKNOWN && c.primaryRole != pri.nextRole) {
            return Affects.NOTHING;
        }
        if (c.score < 0 && c.dependentRole != Role.UNKNOWN && c.dependentRole == dep.nextRole) {
            return Affects.NOTHING;
        }
        if (c.score < 0 && c.primaryRole != Role.UNKNOWN && c.primaryRole == pri.nextRole) {
            return Affects.NOTHING;
        }
        return Affects.LOCATION;
    }

    /** Applies a colocation where {@code dep} is a primitive and {@code pri} any resource (rsc_colocation_lh/rh). */
    void applyColocation(Resource dep, Resource pri, Colocation c) {
        if (pri.isClone()) {
            clone.applyAsPrimary(dep, pri, c);
            return;
        }
        if (pri.isGroup()) {
            if (pri.provisional) {
                return;
            }
            Resource member;
            if (!"false".equals(pri.meta.get("collocated"))) {
                if (c.score >= Scores.INFINITY) {
                    member = pri.children.isEmpty() ? null : pri.children.get(pri.children.size() - 1);
                } else {
                    member = pri.children.isEmpty() ? null : pri.children.get(0);
                }
            } else if (c.score >= Scores.INFINITY) {
                return;
            } else {
                member = pri.children.isEmpty() ? null : pri.children.get(0);
            }
            if (member != null) {
                applyColocation(dep, member, c);
            }
            return;
        }
        Affects a = affects(dep, pri, c, false);
        if (a == Affects.LOCATION) {
            applyToWeights(dep, pri, c);
        } else if (a == Affects.ROLE) {
            applyToPriority(dep, pri, c);
        }
    }

    static void applyToWeights(Resource dep, Resource pri, Colocation c) {
        String attr = c.nodeAttribute == null ? "#uname" : c.nodeAttribute;
        String value = null;
        if (pri.allocatedTo != null) {
            value = pri.allocatedTo.attr(attr);
        } else if (c.score < 0) {
            return;
        }
        Map<Node, Integer> work = copy(dep.allowed);
        for (Map.Entry<Node, Integer> e : work.entrySet()) {
            Node n = e.getKey();
            if (pri.allocatedTo == null) {
                e.setValue(Scores.add(-c.score, e.getValue()));
            } else if (value != null && value.equalsIgnoreCase(n.attr(attr))) {
                if (c.score < Scores.INFINITY) {
                    e.setValue(Scores.add(c.score, e.getValue()));
                }
            } else if (c.score >= Scores.INFINITY) {
                e.setValue(Scores.add(-c.score, e.getValue()));
            }
        }
        if (c.score <= -Scores.INFINITY || c.score >= Scores.INFINITY || anyAvailable(work)) {
            dep.allowed.clear();
            dep.allowed.putAll(work);
        }
    }

    static void applyToPriority(Resource dep, Resource pri, Colocation c) {
        if (pri.allocatedTo == null || dep.allocatedTo == null) {
            return;
        }
        String attr = c.nodeAttribute == null ? "#id" : c.nodeAttribute;
        String dv = dep.allocatedTo.attr(attr);
        String pv = pri.allocatedTo.attr(attr);
        if (dv == null || !dv.equalsIgnoreCase(pv)) {
            if (c.score >= Scores.INFINITY && c.dependentRole == Role.PROMOTED) {
                dep.promotionPriority = -Scores.INFINITY;
            }
            return;
        }
        if (c.primaryRole != Role.UNKNOWN && c.primaryRole != pri.nextRole) {
            return;
        }
        // pcmk__apply_coloc_to_priority: keeping the dependent unpromoted where the primary is counts against it
        int mult = c.dependentRole == Role.UNPROMOTED ? -1 : 1;
        dep.promotionPriority = Scores.add(mult * c.score, dep.promotionPriority);
    }

    // ---- merge_weights (pcmk__native_merge_weights)

    static final int W_INIT = 1;
    static final int W_FORWARD = 4;
    static final int W_POSITIVE = 8;
    static final int W_ROLLBACK = 16;

    Map<Node, Integer> mergeWeights(Resource rsc, String primaryId, Map<Node, Integer> nodes, String attr, double factor, int flags) {
        if (rsc.merging) {
            return nodes;
        }
        rsc.merging = true;
        Map<Node, Integer> work;
        if ((flags & W_INIT) != 0) {
            if (rsc.isGroup() && !rsc.children.isEmpty()) {
                Resource last = rsc.children.get(rsc.children.size() - 1);
                work = mergeWeights(last, primaryId, null, attr, factor, flags);
            } else {
                work = copy(rsc.allowed);
            }
            flags &= ~W_INIT;
        } else if (rsc.isGroup() && !rsc.children.isEmpty()) {
            work = copy(nodes);
            work = mergeWeights(rsc.children.get(0), primaryId, work, attr, factor, flags);
        } else {
            work = copy(nodes);
            addNodeScoresMatchingAttr(work, rsc, attr, factor, (flags & W_POSITIVE) != 0);
        }
        if (anyAvailable(work)) {
            List<Colocation> list;
            if ((flags & W_FORWARD) != 0) {
                list = rsc.rscCons;
            } else if (rsc.isGroup() && !rsc.children.isEmpty()) {
                list = rsc.children.get(rsc.children.size() - 1).rscConsLhs;
            } else {
                list = rsc.rscConsLhs;
            }
            int multiplier = factor < 0 ? -1 : 1;
            for (Colocation c : new ArrayList<>(list)) {
                Resource other;
                if ((flags & W_FORWARD) != 0) {
                    other = c.primary;
                } else if (!c.hasInfluence(null)) {
                    continue;
                } else {
                    other = c.dependent;
                }
                work = mergeWeights(other, primaryId, work, c.nodeAttribute, multiplier * c.score / (double) Scores.INFINITY,
                        flags | W_ROLLBACK);
            }
        } else if ((flags & W_ROLLBACK) != 0) {
            rsc.merging = false;
            return nodes;
        }
        if ((flags & W_POSITIVE) != 0) {
            for (Map.Entry<Node, Integer> e : work.entrySet()) {
                if (e.getValue() == Scores.INFINITY_HACK) {
                    e.setValue(1);
                }
            }
        }
        rsc.merging = false;
        return work;
    }

    private static void addNodeScoresMatchingAttr(Map<Node, Integer> nodes, Resource rsc, String attr, double factor, boolean onlyPositive) {
        if (attr == null) {
            attr = "#uname";
        }
        for (Map.Entry<Node, Integer> e : nodes.entrySet()) {
            Node node = e.getKey();
            int score = bestScoreMatchingAttr(rsc, attr, node.attr(attr));
            if (factor < 0 && score < 0) {
                continue;
            }
            if (e.getValue() == Scores.INFINITY_HACK) {
                continue;
            }
            double wf = factor * score;
            int weight = (int) (wf < 0 ? wf - 0.5 : wf + 0.5);
            if (weight == 0 && score != 0) {
                if (factor > 0.0) {
                    weight = 1;
                } else if (factor < 0.0) {
                    weight = -1;
                }
            }
            int newScore = Scores.add(weight, e.getValue());
            if (onlyPositive && newScore < 0 && e.getValue() > 0) {
                e.setValue(Scores.INFINITY_HACK);
                continue;
            }
            if (onlyPositive && newScore < 0 && e.getValue() == 0) {
                continue;
            }
            e.setValue(newScore);
        }
    }

    private static int bestScoreMatchingAttr(Resource rsc, String attr, String value) {
        int best = -Scores.INFINITY;
        for (Map.Entry<Node, Integer> e : rsc.allowed.entrySet()) {
            Node n = e.getKey();
            if (e.getValue() > best && n.canRunResources() && value != null && value.equalsIgnoreCase(n.attr(attr))) {
                best = e.getValue();
            }
        }
        return best;
    }

    static Comparator<Resource> byId() {
        return Comparator.comparing(r -> r.id);
    }
}
