package io.tandem.scheduler.internal;

import io.tandem.cib.CibElement;
import java.util.ArrayList;
import java.util.List;

/** Stage: location, colocation and order constraints from the configuration (pcmk__unpack_constraints). */
final class Constraints {
    // pe_ordering flags
    static final int OPTIONAL = 0x1;
    static final int APPLY_FIRST_NON_MIGRATABLE = 0x2;
    static final int IMPLIES_FIRST = 0x10;
    static final int IMPLIES_THEN = 0x20;
    static final int PROMOTED_IMPLIES_FIRST = 0x40;
    static final int IMPLIES_FIRST_MIGRATABLE = 0x80;
    static final int RUNNABLE_LEFT = 0x100;
    static final int PSEUDO_LEFT = 0x200;
    static final int IMPLIES_THEN_ON_NODE = 0x400;
    static final int PROBE = 0x800;
    static final int RESTART = 0x1000;
    static final int STONITH_STOP = 0x2000;
    static final int SERIALIZE_ONLY = 0x4000;
    static final int SAME_NODE = 0x8000;
    static final int IMPLIES_FIRST_PRINTED = 0x10000;
    static final int IMPLIES_THEN_PRINTED = 0x20000;
    static final int ASYMMETRICAL = 0x100000;
    static final int LOAD = 0x200000;
    static final int ONE_OR_MORE = 0x400000;
    static final int ANTI_COLOCATION = 0x800000;
    static final int PRESERVE = 0x1000000;
    static final int THEN_CANCELS_FIRST = 0x2000000;

    private Constraints() {
    }

    static void run(WorkingSet ws) {
        CibElement cons = ws.cib.configuration().child("constraints").orElse(CibElement.of("constraints"));
        for (CibElement c : cons.children()) {
            switch (c.name()) {
                case "rsc_location":
                    location(ws, c);
                    break;
                case "rsc_colocation":
                    colocation(ws, c);
                    break;
                case "rsc_order":
                    order(ws, c);
                    break;
                case "rsc_ticket":
                    Tickets.unpack(ws, c);
                    break;
                default:
                    break;
            }
        }
    }

    /** Constraint roles: "Started" means any active role, as Pacemaker normalises it. */
    static Role constraintRole(String s) {
        Role r = Role.parse(s);
        return r == Role.STARTED ? Role.UNKNOWN : r;
    }

    private static Resource rsc(WorkingSet ws, String id) {
        if (id == null) {
            return null;
        }
        Resource r = ws.byId.get(id);
        if (r != null && r.parent != null && r.parent.isClone() && r.instance >= 0 && !id.contains(":")) {
            return null;
        }
        return r;
    }

    // ---- locations

    private static void location(WorkingSet ws, CibElement c) {
        List<Resource> targets = new ArrayList<>();
        String rscId = c.attr("rsc");
        if (rscId != null) {
            Resource r = rsc(ws, rscId);
            if (r == null) {
                return;
            }
            targets.add(r);
        } else if (c.attr("rsc-pattern") != null) {
            java.util.regex.Pattern p = java.util.regex.Pattern.compile(c.attr("rsc-pattern"));
            for (Resource r : ws.resources) {
                if (p.matcher(r.id).find()) {
                    targets.add(r);
                }
            }
        } else {
            for (CibElement set : c.children("resource_set")) {
                for (CibElement ref : set.children("resource_ref")) {
                    Resource r = rsc(ws, ref.id());
                    if (r != null) {
                        targets.add(r);
                    }
                }
            }
        }
        for (Resource r : targets) {
            locationFor(ws, c, r);
        }
    }

    private static void locationFor(WorkingSet ws, CibElement c, Resource r) {
        Role role = constraintRole(c.attr("role"));
        String discovery = c.attr("resource-discovery");
        String nodeName = c.attr("node");
        if (nodeName != null) {
            Node n = ws.node(nodeName);
            if (n == null) {
                return;
            }
            Location l = new Location(c.id(), r, role, discovery);
            l.nodes.put(n, Scores.parse(c.attr("score")));
            ws.locations.add(l);
            return;
        }
        for (CibElement rule : c.children("rule")) {
            Location l = new Location(c.id(), r, role == Role.UNKNOWN ? constraintRole(rule.attr("role")) : role, discovery);
            String scoreAttr = rule.attr("score-attribute");
            int score = Scores.parse(rule.attr("score", "0"));
            for (Node n : ws.nodes) {
                Rules.Context ctx = new Rules.Context(n.attrs, null, ws.now, r.params, r.meta);
                if (Rules.test(rule, ctx)) {
                    int s = score;
                    if (scoreAttr != null) {
                        String v = n.attr(scoreAttr);
                        s = v == null ? 0 : Scores.parse(v);
                        if (v == null) {
                            continue;
                        }
                    }
                    l.nodes.put(n, s);
                }
            }
            ws.locations.add(l);
        }
    }

    // ---- colocations

    private static void colocation(WorkingSet ws, CibElement c) {
        int score = Scores.parse(c.attr("score", "0"));
        String influenceAttr = c.attr("influence");
        List<CibElement> sets = c.children("resource_set");
        if (sets.isEmpty()) {
            Resource dep = rsc(ws, c.attr("rsc"));
            Resource pri = rsc(ws, c.attr("with-rsc"));
            if (dep == null || pri == null) {
                return;
            }
            addColocation(ws, c.id(), dep, pri, score, constraintRole(c.attr("rsc-role")), constraintRole(c.attr("with-rsc-role")),
                    c.attr("node-attribute"), influenceAttr);
            return;
        }
        // resource sets: members of a set with sequential=true are chained; sets are colocated one after another
        List<List<Resource>> resolved = new ArrayList<>();
        List<CibElement> setXml = new ArrayList<>();
        for (CibElement set : sets) {
            List<Resource> members = new ArrayList<>();
            for (CibElement ref : set.children("resource_ref")) {
                Resource r = rsc(ws, ref.id());
                if (r != null) {
                    members.add(r);
                }
            }
            resolved.add(members);
            setXml.add(set);
        }
        for (int i = 0; i < resolved.size(); i++) {
            CibElement set = setXml.get(i);
            List<Resource> members = resolved.get(i);
            int setScore = set.attr("score") != null ? Scores.parse(set.attr("score")) : score;
            Role role = constraintRole(set.attr("role"));
            boolean sequential = set.attr("sequential") == null || Rules.isTrue(set.attr("sequential"));
            if (sequential) {
                for (int k = 1; k < members.size(); k++) {
                    addColocation(ws, c.id(), members.get(k), members.get(k - 1), setScore, role, role, c.attr("node-attribute"), influenceAttr);
                }
            } else if (setScore < 0) {
                for (int a = 0; a < members.size(); a++) {
                    for (int b = a + 1; b < members.size(); b++) {
                        addColocation(ws, c.id(), members.get(a), members.get(b), setScore, role, role, c.attr("node-attribute"), influenceAttr);
                    }
                }
            }
        }
        for (int i = 1; i < resolved.size(); i++) {
            List<Resource> prev = resolved.get(i - 1);
            List<Resource> cur = resolved.get(i);
            if (prev.isEmpty() || cur.isEmpty()) {
                continue;
            }
            Role prevRole = constraintRole(setXml.get(i - 1).attr("role"));
            Role curRole = constraintRole(setXml.get(i).attr("role"));
            boolean prevSeq = setXml.get(i - 1).attr("sequential") == null || Rules.isTrue(setXml.get(i - 1).attr("sequential"));
            boolean curSeq = setXml.get(i).attr("sequential") == null || Rules.isTrue(setXml.get(i).attr("sequential"));
            // colocate_rsc_sets: the earlier set depends on the later one (first of a sequential earlier set, last
            // of a sequential later set, every member of a non-sequential one)
            List<Resource> dependents = prevSeq ? List.of(prev.get(0)) : prev;
            List<Resource> primaries = curSeq ? List.of(cur.get(cur.size() - 1)) : cur;
            for (Resource d : dependents) {
                for (Resource p : primaries) {
                    addColocation(ws, c.id(), d, p, score, prevRole, curRole, c.attr("node-attribute"), influenceAttr);
                }
            }
        }
    }

    static Colocation addColocation(WorkingSet ws, String id, Resource dep, Resource pri, int score, Role depRole, Role priRole,
                                    String attr, String influenceAttr) {
        if (score == 0) {
            return null;
        }
        boolean influence = influenceAttr == null ? dep.critical : Rules.isTrue(influenceAttr);
        Colocation col = new Colocation(id, dep, pri, score, depRole, priRole, attr, influence);
        insertSorted(dep.rscCons, col, true);
        insertSorted(pri.rscConsLhs, col, false);
        ws.colocations.add(col);
        if (score <= -Scores.INFINITY) {
            antiColocationOrder(ws, dep, depRole, pri, priRole);
            antiColocationOrder(ws, pri, priRole, dep, depRole);
        }
        return col;
    }

    /**
     * anti_colocation_order: whatever makes {@code first} lose its role is ordered before whatever makes {@code then}
     * gain its role (pe_order_anti_colocation; the graph keeps such an input only on the same node and when required).
     */
    private static void antiColocationOrder(WorkingSet ws, Resource first, Role firstRole, Resource then, Role thenRole) {
        List<String> firstTasks = new ArrayList<>();
        if (firstRole == Role.PROMOTED) {
            firstTasks.add("demote");
        } else {
            firstTasks.add("stop");
            if (firstRole == Role.UNPROMOTED) {
                firstTasks.add("promote");
            }
        }
        List<String> thenTasks = new ArrayList<>();
        if (thenRole == Role.PROMOTED) {
            thenTasks.add("promote");
        } else {
            thenTasks.add("start");
            if (thenRole == Role.UNPROMOTED) {
                thenTasks.add("demote");
            }
        }
        for (String f : firstTasks) {
            for (String t : thenTasks) {
                ws.orderings.add(new WorkingSet.OrderingSpec(first, key(first, f), null, then, key(then, t), null, ANTI_COLOCATION));
            }
        }
    }

    private static int variantRank(Resource r) {
        return r.variant.ordinal();
    }

    /** cmp_primary_priority / cmp_dependent_priority: higher priority first, clones before groups before primitives, then id. */
    static void insertSorted(List<Colocation> list, Colocation col, boolean byPrimary) {
        int i = 0;
        for (; i < list.size(); i++) {
            if (compare(col, list.get(i), byPrimary) < 0) {
                break;
            }
        }
        list.add(i, col);
    }

    private static int compare(Colocation a, Colocation b, boolean byPrimary) {
        Resource x = byPrimary ? a.primary : a.dependent;
        Resource y = byPrimary ? b.primary : b.dependent;
        if (x.priority != y.priority) {
            return x.priority > y.priority ? -1 : 1;
        }
        if (variantRank(x) != variantRank(y)) {
            return variantRank(x) > variantRank(y) ? -1 : 1;
        }
        if (x.isClone() && y.isClone() && x.promotable != y.promotable) {
            return x.promotable ? -1 : 1;
        }
        return x.id.compareTo(y.id);
    }

    // ---- orderings

    private static void order(WorkingSet ws, CibElement c) {
        List<CibElement> sets = c.children("resource_set");
        String kind = c.attr("kind");
        String scoreS = c.attr("score");
        if (kind == null) {
            kind = scoreS == null ? "Mandatory" : (Scores.parse(scoreS) == 0 ? "Optional" : "Mandatory");
        }
        boolean symmetrical = c.attr("symmetrical") == null ? !"Serialize".equalsIgnoreCase(kind) : Rules.isTrue(c.attr("symmetrical"));
        if (!sets.isEmpty()) {
            orderSets(ws, c, sets, kind, symmetrical);
            return;
        }
        Resource first = rsc(ws, c.attr("first"));
        Resource then = rsc(ws, c.attr("then"));
        if (first == null || then == null) {
            return;
        }
        String firstAction = c.attr("first-action", "start");
        String thenAction = c.attr("then-action", firstAction);
        orderPair(ws, c.id(), first, firstAction, then, thenAction, kind, symmetrical, minimumFirstInstances(first, c));
    }

    /** get_minimum_first_instances: clone-min of a cloned "first", or 1 for the deprecated require-all=false. */
    private static int minimumFirstInstances(Resource first, CibElement c) {
        if (!first.isClone()) {
            return 0;
        }
        String cloneMin = first.meta.get("clone-min");
        if (cloneMin != null) {
            try {
                return Integer.parseInt(cloneMin.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        String requireAll = c.attr("require-all");
        return requireAll != null && !Rules.isTrue(requireAll) ? 1 : 0;
    }

    /**
     * clone_min_ordering: "then" waits for a pseudo-action that becomes runnable once enough instances of "first"
     * can run the first action.
     */
    private static void cloneMinOrdering(WorkingSet ws, String id, Resource first, String firstAction, Resource then, String thenAction,
                                         int flags, int cloneMin) {
        String task = "clone-one-or-more:" + id;
        Actions acts = new Actions(ws, null);
        Action met = acts.find(task, null);
        if (met == null) {
            met = acts.nodeAction(task, task, null, true);
            met.pseudo = true;
            met.runnable = true;
        }
        met.requiredRunnableBefore = cloneMin;
        met.requiresAny = true;
        for (Resource child : first.children) {
            ws.orderings.add(new WorkingSet.OrderingSpec(child, key(child, firstAction), null, null, null, met, ONE_OR_MORE | IMPLIES_THEN_PRINTED));
        }
        ws.orderings.add(new WorkingSet.OrderingSpec(null, null, met, then, key(then, thenAction), null, flags | RUNNABLE_LEFT));
    }

    static void orderPair(WorkingSet ws, String id, Resource first, String firstAction, Resource then, String thenAction, String kind,
                          boolean symmetrical, int minRequired) {
        int flags = OPTIONAL;
        boolean mandatory = !"Optional".equalsIgnoreCase(kind) && !"Serialize".equalsIgnoreCase(kind);
        if ("Serialize".equalsIgnoreCase(kind)) {
            flags |= SERIALIZE_ONLY;
        }
        boolean optionalKind = "Optional".equalsIgnoreCase(kind);
        if (optionalKind && restartType(then)) {
            // the deprecated restart-type=restart upgrades an optional ordering: recovery implies then
            flags |= IMPLIES_THEN;
        }
        if (mandatory) {
            if (!symmetrical) {
                flags |= ASYMMETRICAL;
            } else {
                flags |= IMPLIES_THEN;
                if ("start".equals(firstAction) || "promote".equals(firstAction)) {
                    flags |= RUNNABLE_LEFT;
                }
            }
        }
        if (minRequired > 0) {
            cloneMinOrdering(ws, id, first, firstAction, then, thenAction, flags, minRequired);
        } else {
            newOrdering(ws, first, firstAction, then, thenAction, flags);
        }
        if (symmetrical) {
            String f = invert(thenAction);
            String t = invert(firstAction);
            if (f != null && t != null) {
                int iflags = OPTIONAL;
                if ("Serialize".equalsIgnoreCase(kind)) {
                    iflags |= SERIALIZE_ONLY;
                }
                if (mandatory || (optionalKind && restartType(first))) {
                    iflags |= IMPLIES_FIRST;
                }
                newOrdering(ws, then, f, first, t, iflags);
            }
        }
    }

    private static boolean restartType(Resource r) {
        return "restart".equalsIgnoreCase(r.meta.get("restart-type"));
    }

    private static void newOrdering(WorkingSet ws, Resource first, String firstAction, Resource then, String thenAction, int flags) {
        ws.orderings.add(new WorkingSet.OrderingSpec(first, key(first, firstAction), null, then, key(then, thenAction), null, flags));
    }

    static String key(Resource r, String action) {
        return r.id + "_" + action + "_0";
    }

    static String invert(String action) {
        switch (action) {
            case "start":
                return "stop";
            case "stop":
                return "start";
            case "promote":
                return "demote";
            case "demote":
                return "promote";
            case "promoted":
                return "demoted";
            case "demoted":
                return "promoted";
            case "started":
                return "stopped";
            case "stopped":
                return "started";
            default:
                return null;
        }
    }

    /**
     * order_rsc_sets with require-all=false: the second set waits for a "one-or-more:SET" pseudo-action that is
     * runnable once any member of the first set can run its action (the inverse ordering stays per member).
     */
    private static void relaxedSetOrdering(WorkingSet ws, String setId, List<Resource> a, String a1, List<Resource> b, String a2,
                                           String kind, boolean symmetrical, List<Resource> firsts, List<Resource> thens) {
        boolean serialize = "Serialize".equalsIgnoreCase(kind);
        boolean mandatory = !"Optional".equalsIgnoreCase(kind) && !serialize;
        int flags = OPTIONAL | (serialize ? SERIALIZE_ONLY : 0);
        if (mandatory) {
            flags |= symmetrical ? IMPLIES_THEN | ("start".equals(a2) || "promote".equals(a2) ? RUNNABLE_LEFT : 0) : ASYMMETRICAL;
        }
        String task = "one-or-more:" + setId;
        Actions acts = new Actions(ws, null);
        Action any = acts.find(task, null);
        if (any == null) {
            any = acts.nodeAction(task, task, null, true);
            any.pseudo = true;
            any.runnable = true;
        }
        any.requiresAny = true;
        any.requiredRunnableBefore = 1;
        for (Resource r : a) {
            ws.orderings.add(new WorkingSet.OrderingSpec(r, key(r, a1), null, null, null, any, ONE_OR_MORE | IMPLIES_THEN_PRINTED));
        }
        for (Resource r : b) {
            ws.orderings.add(new WorkingSet.OrderingSpec(null, null, any, r, key(r, a2), null, flags | RUNNABLE_LEFT));
        }
        String f = invert(a2);
        String t = invert(a1);
        if (symmetrical && f != null && t != null) {
            int iflags = OPTIONAL | (serialize ? SERIALIZE_ONLY : 0) | (mandatory ? IMPLIES_FIRST : 0);
            for (Resource first : firsts) {
                for (Resource then : thens) {
                    newOrdering(ws, then, f, first, t, iflags);
                }
            }
        }
    }

    private static void orderSets(WorkingSet ws, CibElement c, List<CibElement> sets, String kind, boolean symmetrical) {
        List<List<Resource>> resolved = new ArrayList<>();
        for (CibElement set : sets) {
            List<Resource> members = new ArrayList<>();
            for (CibElement ref : set.children("resource_ref")) {
                Resource r = rsc(ws, ref.id());
                if (r != null) {
                    members.add(r);
                }
            }
            resolved.add(members);
            String action = set.attr("action", "start");
            boolean sequential = set.attr("sequential") == null || Rules.isTrue(set.attr("sequential"));
            String setKind = set.attr("kind", kind);
            if ("Serialize".equalsIgnoreCase(setKind)) {
                // unpack_order_set: every member is serialized with every later one, never symmetrically
                for (int k = 0; k < members.size(); k++) {
                    for (int m = k + 1; m < members.size(); m++) {
                        newOrdering(ws, members.get(k), action, members.get(m), action, OPTIONAL | SERIALIZE_ONLY);
                    }
                }
            } else if (sequential) {
                for (int k = 1; k < members.size(); k++) {
                    orderPair(ws, c.id(), members.get(k - 1), action, members.get(k), action, setKind, symmetrical, 0);
                }
            }
        }
        for (int i = 1; i < resolved.size(); i++) {
            CibElement s1 = sets.get(i - 1);
            CibElement s2 = sets.get(i);
            List<Resource> a = resolved.get(i - 1);
            List<Resource> b = resolved.get(i);
            if (a.isEmpty() || b.isEmpty()) {
                continue;
            }
            String a1 = s1.attr("action", "start");
            String a2 = s2.attr("action", "start");
            boolean seq1 = s1.attr("sequential") == null || Rules.isTrue(s1.attr("sequential"));
            boolean seq2 = s2.attr("sequential") == null || Rules.isTrue(s2.attr("sequential"));
            List<Resource> firsts = seq1 ? List.of(a.get(a.size() - 1)) : a;
            List<Resource> thens = seq2 ? List.of(b.get(0)) : b;
            boolean requireAll = s1.attr("require-all") == null || Rules.isTrue(s1.attr("require-all"));
            if (!requireAll && !"stop".equals(a1) && !"demote".equals(a1)) {
                relaxedSetOrdering(ws, s1.id(), a, a1, b, a2, kind, symmetrical, firsts, thens);
                continue;
            }
            for (Resource f : firsts) {
                for (Resource t : thens) {
                    orderPair(ws, c.id(), f, a1, t, a2, kind, symmetrical, 0);
                }
            }
        }
    }
}
