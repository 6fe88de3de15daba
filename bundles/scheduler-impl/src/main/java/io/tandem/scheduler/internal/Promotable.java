package io.tandem.scheduler.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Promotion scores and the choice of promoted instances (pcmk_sched_promotable.c). */
final class Promotable {
    private Promotable() {
    }

    /**
     * get_target_role: a target role above Started only means something for promotable clone instances, and there
     * Promoted is what the promotion logic decides anyway, so both are ignored.
     */
    static boolean ignoresTargetRole(Resource rsc, Role requested) {
        if (!requested.above(Role.STARTED)) {
            return false;
        }
        Resource clone = rsc.cloneParent();
        return clone == null || !clone.promotable || requested.above(Role.UNPROMOTED);
    }

    static void addPromotionScores(WorkingSet ws, Resource clone) {
        if (clone.meta.containsKey("__promotion_added")) {
            return;
        }
        clone.meta.put("__promotion_added", "true");
        for (Resource child : clone.children) {
            // the instance's priority doubles as its promotion priority until actions are created
            child.promotionPriority = child.priority;
            for (Map.Entry<Node, Integer> e : child.allowed.entrySet()) {
                if (!e.getKey().canRunResources()) {
                    continue;
                }
                int score = promotionScore(ws, child, e.getKey(), null);
                if (score > 0) {
                    e.setValue(Scores.add(e.getValue(), score));
                }
                if (score > child.promotionPriority) {
                    child.promotionPriority = score;
                }
            }
        }
    }

    static int promotionScore(WorkingSet ws, Resource rsc, Node node, boolean[] isDefault) {
        if (isDefault != null) {
            isDefault[0] = true;
        }
        if (!rsc.children.isEmpty()) {
            int score = 0;
            for (Resource c : rsc.children) {
                boolean[] cd = new boolean[] {true};
                score += promotionScore(ws, c, node, cd);
                if (!cd[0] && isDefault != null) {
                    isDefault[0] = false;
                }
            }
            return score;
        }
        String value = null;
        if (scoreApplies(ws, rsc, node)) {
            // the name the history knows the instance by is what crm_attribute --promotion used
            value = node.attr("master-" + (rsc.cloneName == null ? rsc.id : rsc.cloneName));
            if (value == null && !rsc.unique && !rsc.id.equals(rsc.baseId())) {
                value = node.attr("master-" + rsc.baseId());
            }
            if (value != null && isDefault != null) {
                isDefault[0] = false;
            }
        }
        return value == null ? 0 : Scores.parse(value);
    }

    private static boolean scoreApplies(WorkingSet ws, Resource rsc, Node node) {
        String id = rsc.baseId();
        Resource parent = rsc.cloneParent();
        boolean ok = false;
        if (!rsc.unique && parent != null) {
            Resource active = activeAnonInstance(parent, id, node);
            if (active == rsc) {
                ok = true;
            } else if (active == null && anonymousKnownOn(parent, id, node)) {
                ok = true;
            }
        }
        if (!ok) {
            if (rsc.runningOn.isEmpty() && rsc.knownOn.isEmpty()) {
                ok = true;
            } else if (rsc.knownOn.contains(node) || rsc.runningOn.contains(node)) {
                ok = true;
            } else {
                return false;
            }
        }
        Integer w = rsc.allowed.get(node);
        return w != null && w >= 0;
    }

    private static Resource activeAnonInstance(Resource clone, String id, Node node) {
        for (Resource inst : clone.children) {
            for (Resource p : inst.primitives()) {
                if (p.baseId().equals(id) && p.runningOn.contains(node)) {
                    return p;
                }
            }
        }
        return null;
    }

    private static boolean anonymousKnownOn(Resource clone, String id, Node node) {
        for (Resource inst : clone.children) {
            for (Resource p : inst.primitives()) {
                if (p.baseId().equals(id) && p.knownOn.contains(node)) {
                    return true;
                }
            }
        }
        return false;
    }

    static void setInstanceRoles(Assign a, Resource clone) {
        WorkingSet ws = a.ws;
        clone.counts.replaceAll((k, v) -> 0);
        for (Resource child : clone.children) {
            if (Instances.state(child, true) == Role.STARTED) {
                setCurrentRoleUnpromoted(child);
            }
            Node chosen = Assign.location(child);
            if (chosen == null) {
                continue;
            }
            Role next = Instances.state(child, false);
            switch (next) {
                case STARTED:
                case UNKNOWN: {
                    boolean[] dflt = new boolean[] {true};
                    child.promotionPriority = promotionScore(ws, child, chosen, dflt);
                    if (dflt[0]) {
                        child.promotionPriority = -1;
                    }
                    break;
                }
                case UNPROMOTED:
                case STOPPED:
                    child.promotionPriority = -Scores.INFINITY;
                    break;
                default:
                    break;
            }
            applyPromotedLocations(ws, child, chosen);
            for (Colocation c : new ArrayList<>(colocationsOf(child))) {
                applyForPriority(a, child, c);
            }
            child.sortIndex = child.promotionPriority;
            if (next == Role.PROMOTED) {
                child.sortIndex = Scores.INFINITY;
            }
        }
        promotionOrder(a, clone);
        int promoted = 0;
        for (Resource child : clone.children) {
            Node chosen = null;
            if (child.sortIndex >= 0 && (promoted < clone.promotedMax || !clone.managed)) {
                chosen = canBePromoted(ws, child);
            }
            Node loc = Assign.location(child);
            ws.scoreLines.add(child.id + " promotion score on " + (loc == null ? "none" : loc.uname) + ": " + Scores.format(child.sortIndex));
            if (chosen == null) {
                setRoleUnpromoted(child, false);
                continue;
            } else if (Instances.state(child, true).below(Role.PROMOTED) && !ws.haveQuorum && "freeze".equals(ws.noQuorumPolicy)) {
                setRoleUnpromoted(child, false);
                continue;
            }
            clone.counts.merge(chosen, 1, Integer::sum);
            setRolePromoted(child);
            promoted++;
        }
    }

    private static List<Colocation> colocationsOf(Resource child) {
        if (child.isPrimitive()) {
            return child.rscCons;
        }
        List<Colocation> out = new ArrayList<>();
        for (Resource c : child.children) {
            out.addAll(c.rscCons);
        }
        return out;
    }

    private static void applyForPriority(Assign a, Resource child, Colocation c) {
        // the instance's role-based colocations adjust its promotion priority
        if (c.dependentRole == Role.UNKNOWN && c.primaryRole == Role.UNKNOWN) {
            return;
        }
        Resource dep = child.isPrimitive() ? child : child.children.isEmpty() ? child : child.children.get(0);
        if (c.primary.isClone()) {
            CloneAssign ca = a.clone;
            int before = dep.promotionPriority;
            dep.promotionPriority = child.promotionPriority;
            ca.applyAsPrimary(dep, c.primary, c);
            child.promotionPriority = dep.promotionPriority;
            if (dep != child) {
                dep.promotionPriority = before;
            }
        } else {
            int before = dep.promotionPriority;
            dep.promotionPriority = child.promotionPriority;
            Assign.Affects af = Assign.affects(dep, c.primary, c, false);
            if (af == Assign.Affects.ROLE) {
                Assign.applyToPriority(dep, c.primary.isGroup() ? c.primary.children.get(0) : c.primary, c);
            }
            child.promotionPriority = dep.promotionPriority;
            if (dep != child) {
                dep.promotionPriority = before;
            }
        }
    }

    private static void applyPromotedLocations(WorkingSet ws, Resource child, Node chosen) {
        Resource clone = child.cloneParent();
        for (Location l : ws.locations) {
            if (l.roleFilter != Role.PROMOTED) {
                continue;
            }
            if (l.rsc != clone && l.rsc != child && !(child.isGroup() && child.children.contains(l.rsc))) {
                continue;
            }
            Integer w = l.nodes.get(chosen);
            if (w != null) {
                child.promotionPriority = Scores.add(child.promotionPriority, w);
            }
        }
    }

    private static void promotionOrder(Assign a, Resource clone) {
        for (Resource child : clone.children) {
            Node chosen = Assign.location(child);
            if (chosen == null || child.sortIndex < 0) {
                continue;
            }
            Integer w = clone.allowed.get(chosen);
            clone.allowed.put(chosen, Scores.add(child.sortIndex, w == null ? 0 : w));
        }
        for (Colocation c : new ArrayList<>(clone.rscCons)) {
            if (c.dependentRole == Role.PROMOTED) {
                int flags = c.score == Scores.INFINITY ? 0 : Assign.W_ROLLBACK;
                Map<Node, Integer> merged = a.mergeWeights(c.primary, clone.id, clone.allowed, c.nodeAttribute,
                        c.score / (double) Scores.INFINITY, flags);
                if (merged != clone.allowed) {
                    clone.allowed.clear();
                    clone.allowed.putAll(merged);
                }
            }
        }
        for (Colocation c : new ArrayList<>(clone.rscConsLhs)) {
            if (!c.hasInfluence(null)) {
                continue;
            }
            if (c.primaryRole == Role.PROMOTED) {
                Map<Node, Integer> merged = a.mergeWeights(c.dependent, clone.id, clone.allowed, c.nodeAttribute,
                        c.score / (double) Scores.INFINITY, Assign.W_ROLLBACK | Assign.W_POSITIVE);
                if (merged != clone.allowed) {
                    clone.allowed.clear();
                    clone.allowed.putAll(merged);
                }
            }
        }
        Tickets.requirePromotionTickets(a.ws, clone);
        for (Resource child : clone.children) {
            Node chosen = Assign.location(child);
            if (!child.managed && Instances.state(child, false) == Role.PROMOTED) {
                child.sortIndex = Scores.INFINITY;
            } else if (chosen == null || child.sortIndex < 0) {
                // keep
            } else {
                Integer w = clone.allowed.get(chosen);
                child.sortIndex = w == null ? 0 : w;
            }
        }
        List<Resource> sorted = CloneAssign.glibSort(clone.children, (x, y) -> {
            if (x.sortIndex != y.sortIndex) {
                return x.sortIndex > y.sortIndex ? -1 : 1;
            }
            Role rx = Instances.state(x, true);
            Role ry = Instances.state(y, true);
            if (rx != ry) {
                return rx.above(ry) ? -1 : 1;
            }
            return a.clone.compareInstances(x, y);
        });
        clone.children.clear();
        clone.children.addAll(sorted);
    }

    private static Node canBePromoted(WorkingSet ws, Resource rsc) {
        for (Resource c : rsc.children) {
            if (canBePromoted(ws, c) == null) {
                return null;
            }
        }
        Node node = Assign.location(rsc);
        if (node == null) {
            return null;
        }
        boolean managed = rsc.isPrimitive() ? rsc.managed : allManaged(rsc);
        if (!managed) {
            if (Instances.state(rsc, true) != Role.PROMOTED) {
                return null;
            }
        } else if (rsc.promotionPriority < 0 && rsc.isPrimitive() && rsc.parent != null && rsc.parent.isClone()) {
            return null;
        } else if (!rsc.isPrimitive() && rsc.promotionPriority < 0) {
            return null;
        } else if (!node.canRunResources()) {
            return null;
        }
        Resource parent = rsc.cloneParent();
        if (parent == null) {
            return node;
        }
        if (!parent.allowed.containsKey(node)) {
            return null;
        }
        if (parent.counts.getOrDefault(node, 0) >= parent.promotedNodeMax && managed) {
            return null;
        }
        return node;
    }

    private static boolean allManaged(Resource r) {
        for (Resource p : r.primitives()) {
            if (!p.managed) {
                return false;
            }
        }
        return r.managed;
    }

    static void setRoleUnpromoted(Resource rsc, boolean current) {
        Node loc = Assign.location(rsc);
        if (rsc.isPrimitive()) {
            if (loc != null) {
                if (current) {
                    if (rsc.role == Role.STARTED) {
                        rsc.role = Role.UNPROMOTED;
                    }
                } else {
                    rsc.nextRole = Role.UNPROMOTED;
                }
            } else if (!current) {
                rsc.nextRole = Role.STOPPED;
            }
        } else if (!current) {
            rsc.nextRole = loc != null ? Role.UNPROMOTED : Role.STOPPED;
        }
        for (Resource c : rsc.children) {
            setRoleUnpromoted(c, current);
        }
    }

    /** set_current_role_unpromoted: a promotable instance that is merely started counts as unpromoted. */
    static void setCurrentRoleUnpromoted(Resource rsc) {
        if (rsc.role == Role.STARTED) {
            rsc.role = Role.UNPROMOTED;
        }
        for (Resource c : rsc.children) {
            setCurrentRoleUnpromoted(c);
        }
    }

    static void setRolePromoted(Resource rsc) {
        rsc.nextRole = Role.PROMOTED;
        for (Resource c : rsc.children) {
            setRolePromoted(c);
        }
    }

    static void updateDependentWithPromotable(Resource primary, Resource dep, Colocation c) {
        List<Node> affected = new ArrayList<>();
        for (Resource inst : primary.children) {
            Node n = Assign.location(inst);
            if (n == null) {
                continue;
            }
            if (Instances.state(inst, false) == c.primaryRole) {
                if (c.score < Scores.INFINITY) {
                    String attr = c.nodeAttribute == null ? "#uname" : c.nodeAttribute;
                    String pv = n.attr(attr);
                    for (Map.Entry<Node, Integer> e : dep.allowed.entrySet()) {
                        if (pv != null && pv.equalsIgnoreCase(e.getKey().attr(attr))) {
                            e.setValue(Scores.add(e.getValue(), c.score));
                        }
                    }
                }
                affected.add(n);
            }
        }
        if (c.score >= Scores.INFINITY && (c.dependentRole != Role.PROMOTED || c.primaryRole != Role.PROMOTED)) {
            CloneAssign.nodeListExclude(dep.allowed, affected, primary.allowed);
        }
    }

    static void updatePromotableDependentPriority(Resource primary, Resource dep, Colocation c) {
        Resource inst = Instances.findCompatibleInstance(dep, primary, c.primaryRole, false);
        if (inst != null) {
            dep.promotionPriority = Scores.add(dep.promotionPriority, c.score);
        } else if (c.score >= Scores.INFINITY) {
            dep.promotionPriority = -Scores.INFINITY;
        }
    }
}
