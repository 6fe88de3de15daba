package io.tandem.scheduler.internal;

import static io.tandem.scheduler.internal.Constraints.*;

import java.util.ArrayList;
import java.util.List;

/**
 * Stage: turns ordering requests into action edges (pcmk__apply_orderings) and propagates the optional and
 * runnable flags along them until nothing changes (pcmk__update_action_for_orderings).
 */
final class Orderings {
    private final WorkingSet ws;
    private final Actions acts;

    Orderings(WorkingSet ws, Actions acts) {
        this.ws = ws;
        this.acts = acts;
    }

    void apply() {
        for (WorkingSet.OrderingSpec o : new ArrayList<>(ws.orderings)) {
            if (o.firstRsc != null) {
                orderFirst(o);
            } else if (o.thenRsc != null) {
                after(o.firstAction, o.thenRsc, o);
            } else {
                Actions.order(o.firstAction, o.thenAction, o.type);
            }
        }
        interleave();
        for (Action a : new ArrayList<>(ws.actions)) {
            blockColocationDependents(a);
        }
        propagate();
    }

    private List<Action> byTask(Resource rsc, String key) {
        List<Action> l = new ArrayList<>();
        for (Action a : rsc.actions) {
            if (a.key.equals(key)) {
                l.add(a);
            }
        }
        return l;
    }

    private static String taskOf(Resource rsc, String key) {
        String rest = key.substring(rsc.id.length() + 1);
        int i = rest.lastIndexOf('_');
        return rest.substring(0, i);
    }

    private void orderFirst(WorkingSet.OrderingSpec o) {
        Resource first = o.firstRsc;
        List<Action> firsts;
        if (o.firstAction != null) {
            firsts = List.of(o.firstAction);
        } else {
            firsts = byTask(first, o.firstTask);
        }
        Resource thenRsc = o.thenRsc;
        if (firsts.isEmpty() && first == thenRsc) {
            return;
        } else if (firsts.isEmpty()) {
            String task = taskOf(first, o.firstTask);
            Role state = Instances.state(first, true);
            if (state == Role.STOPPED && "stop".equals(task)) {
                return;
            } else if (state == Role.UNPROMOTED && "demote".equals(task)) {
                return;
            }
            Action a;
            if (first.isPrimitive()) {
                a = acts.rscAction(first, task, 0, null, true);
            } else {
                a = acts.pseudo(first, task, true, true);
            }
            firsts = List.of(a);
        }
        if (thenRsc == null) {
            if (o.thenAction == null) {
                return;
            }
            thenRsc = o.thenAction.rsc;
        }
        for (Action f : firsts) {
            if (thenRsc == null) {
                Actions.order(f, o.thenAction, o.type);
            } else {
                after(f, thenRsc, o);
            }
        }
    }

    private void after(Action first, Resource rsc, WorkingSet.OrderingSpec o) {
        List<Action> thens = o.thenAction != null ? List.of(o.thenAction) : byTask(rsc, o.thenTask);
        if (thens.isEmpty()) {
            return;
        }
        int type = o.type;
        if (first != null && first.rsc == rsc && first.dangle) {
            // the stop of a dangling migration does not force the resource's own later actions
            type &= ~IMPLIES_THEN;
        }
        if (first == null && (type & IMPLIES_THEN) == 0) {
            return;
        }
        for (Action t : thens) {
            if (first != null) {
                Actions.order(first, t, type);
            } else {
                t.runnable = false;
            }
        }
    }

    // ---- colocation dependents of unrunnable starts and promotes

    void blockColocationDependents(Action action) {
        if (action.runnable || action.rsc == null) {
            return;
        }
        boolean isStart = "start".equals(action.task);
        if (!isStart && !"promote".equals(action.task)) {
            return;
        }
        Resource rsc = action.rsc.top();
        for (Resource child : rsc.children) {
            Action ca = null;
            for (Action x : child.actions) {
                if (x.task.equals(action.task)) {
                    ca = x;
                    break;
                }
            }
            if (ca == null || ca.runnable) {
                return;
            }
        }
        List<Colocation> cols = new ArrayList<>(rsc.rscConsLhs);
        if (rsc.isGroup() && !rsc.children.isEmpty()) {
            cols.addAll(rsc.children.get(rsc.children.size() - 1).rscConsLhs);
        }
        for (Colocation c : cols) {
            if (c.score < Scores.INFINITY) {
                continue;
            }
            if (c.primary != rsc && !(rsc.isGroup() && rsc.children.contains(c.primary))) {
                continue;
            }
            if (!isStart && c.primaryRole != Role.PROMOTED) {
                continue;
            }
            if (c.dependentRole == Role.PROMOTED) {
                markBlocked(c.dependent, "promote", action.rsc);
            } else {
                markBlocked(c.dependent, "start", action.rsc);
            }
        }
    }

    private void markBlocked(Resource rsc, String task, Resource reason) {
        for (Action a : new ArrayList<>(rsc.actions)) {
            if (a.runnable && a.task.equals(task)) {
                a.runnable = false;
                if (a.reason == null) {
                    a.reason = "colocation with " + reason.id;
                }
                blockColocationDependents(a);
                updateActionForOrderings(a);
            }
        }
        for (Resource c : rsc.children) {
            markBlocked(c, task, reason);
        }
    }

    /** Replaces orderings between interleaved clones by orderings between their matching instances. */
    private void interleave() {
        for (Action then : new ArrayList<>(ws.actions)) {
            for (Action.Edge e : new ArrayList<>(then.before)) {
                Action first = e.action;
                if (!canInterleave(first, then)) {
                    continue;
                }
                boolean current = first.key.endsWith("_stopped_0") || first.key.endsWith("_demoted_0");
                String firstTask = first.task;
                for (Resource thenInst : then.rsc.children) {
                    Resource firstInst = Instances.findCompatibleInstance(thenInst, first.rsc, Role.UNKNOWN, current);
                    if (firstInst == null) {
                        continue;
                    }
                    Action fa = instanceAction(firstInst, firstTask);
                    Action ta = instanceAction(thenInst, then.task);
                    if (fa != null && ta != null) {
                        Actions.order(fa, ta, e.type);
                    }
                }
                e.type = 0;
                e.action.after.removeIf(x -> x.action == then);
                then.before.remove(e);
                Action graphFirst = actionForOrdering(first);
                if (!then.graphOnlyInputs.contains(graphFirst)) {
                    then.graphOnlyInputs.add(graphFirst);
                }
            }
        }
    }

    private static Action firstAction(Resource r, String task) {
        return findFirst(r, task, null);
    }

    private static Action instanceAction(Resource inst, String task) {
        String t = inst.isPrimitive() ? atomicTask(task) : task;
        return firstAction(inst, t);
    }

    private static boolean canInterleave(Action first, Action then) {
        if (first.rsc == null || then.rsc == null || first.rsc == then.rsc) {
            return false;
        }
        if (!first.rsc.isClone() || !then.rsc.isClone()) {
            return false;
        }
        if (first.node != null || then.node != null) {
            return false;
        }
        Resource r = (then.key.endsWith("_stop_0") || then.key.endsWith("_demote_0")) ? first.rsc : then.rsc;
        return Rules.isTrue(r.meta.get("interleave"));
    }

    // ---- flag propagation (pcmk__update_action_for_orderings and the update_ordered_actions methods)

    private static final int OPT = 1;
    private static final int RUN = 2;
    /** pe_action_migrate_runnable and pe_action_pseudo: part of the flags compared for changes. */
    private static final int MIG = 4;
    private static final int PSEUDO = 8;
    private static final int UPDATED_FIRST = 1;
    private static final int UPDATED_THEN = 2;

    private static int bits(Action a) {
        return (a.optional ? OPT : 0) | (a.runnable ? RUN : 0) | (a.migrateRunnable ? MIG : 0) | (a.pseudo ? PSEUDO : 0);
    }

    private static String atomicTask(String task) {
        switch (task) {
            case "running":
                return "start";
            case "stopped":
                return "stop";
            case "promoted":
                return "promote";
            case "demoted":
                return "demote";
            default:
                return task;
        }
    }

    /** get_complex_task: a primitive folds a completion task back into its atomic counterpart. */
    private static String complexTask(Resource r, String task) {
        return r != null && r.isPrimitive() ? atomicTask(task) : task;
    }

    /** find_first_action by task, optionally limited to actions on a node. */
    private static Action findFirst(Resource r, String task, Node node) {
        // rsc->actions is built by prepending, so the newest matching action is found first
        for (int i = r.actions.size() - 1; i >= 0; i--) {
            Action x = r.actions.get(i);
            if (!x.task.equals(task)) {
                continue;
            }
            if (node == null) {
                return x;
            }
            if (x.node != null && x.node == node) {
                return x;
            }
        }
        return null;
    }

    /** The rsc->cmds->action_flags method of the action's resource; collective actions summarise their members. */
    private int actionFlags(Action a, Node node) {
        Resource rsc = a.rsc;
        if (rsc == null || rsc.isPrimitive()) {
            return bits(a);
        }
        if (rsc.isGroup()) {
            int flags = OPT | RUN;
            for (Resource m : rsc.children) {
                String task = complexTask(m, a.task);
                Action ma = findFirst(m, task, node);
                if (ma != null) {
                    int mf = actionFlags(ma, node);
                    if ((flags & OPT) != 0 && (mf & OPT) == 0) {
                        flags &= ~OPT;
                        a.optional = false;
                    }
                    if (!task.equals(a.task) && (flags & RUN) != 0 && (mf & RUN) == 0) {
                        flags &= ~RUN;
                        a.runnable = false;
                    }
                } else if (!"stop".equals(task) && !"demote".equals(task)) {
                    flags &= ~RUN;
                }
            }
            return flags;
        }
        // clones: summary_action_flags of 2.1.5 (a mandatory instance action makes the clone action mandatory too)
        int flags = OPT | RUN;
        boolean anyRunnable = false;
        // notification pseudo-actions summarise the instances' actions for the notified operation
        String task = complexTask(rsc.children.isEmpty() ? null : rsc.children.get(0), Notifications.notifiedTask(a));
        for (Resource inst : rsc.children) {
            Action ia = findFirst(inst, task, inst.isPrimitive() ? node : null);
            if (ia == null) {
                continue;
            }
            int inf = actionFlags(ia, node);
            if ((flags & OPT) != 0 && (inf & OPT) == 0) {
                flags &= ~OPT;
                a.optional = false;
            }
            if ((inf & RUN) != 0) {
                anyRunnable = true;
            }
        }
        if (!anyRunnable) {
            flags &= ~RUN;
            if (node == null) {
                a.runnable = false;
            }
        }
        return flags;
    }

    /** action_flags_for_ordering: for clones only "runnable anywhere" matters. */
    private int flagsForOrdering(Action a, Node node) {
        if (a.rsc == null) {
            return bits(a);
        }
        int flags = actionFlags(a, null);
        if (node == null || !a.rsc.isClone()) {
            return flags;
        }
        boolean runnable = (flags & RUN) != 0;
        flags = actionFlags(a, node);
        if (runnable) {
            flags |= RUN;
        }
        return flags;
    }

    /** is_parent(child, rsc): rsc is an ancestor of child. */
    private static boolean isParent(Resource child, Resource rsc) {
        if (child == null || rsc == null) {
            return false;
        }
        for (Resource p = child.parent; p != null; p = p.parent) {
            if (p == rsc) {
                return true;
            }
        }
        return false;
    }

    /** action_for_ordering: orderings after a collective's start/stop/promote/demote wait for its completion pseudo-action. */
    private static Action actionForOrdering(Action a) {
        Resource rsc = a.rsc;
        if (rsc == null || rsc.isPrimitive() || a.intervalMs > 0) {
            return a;
        }
        String mapped;
        switch (a.task) {
            case "start":
            case "running":
                mapped = "running";
                break;
            case "stop":
            case "stopped":
                mapped = "stopped";
                break;
            case "promote":
            case "promoted":
                mapped = "promoted";
                break;
            case "demote":
            case "demoted":
                mapped = "demoted";
                break;
            default:
                return a;
        }
        if (rsc.notify && rsc.parent == null) {
            // action_uuid_for_ordering: with notifications, order after the remapped task's confirmed-post notify
            String key = Notifications.notifyKey(rsc.id, "confirmed-post", mapped);
            for (int i = rsc.actions.size() - 1; i >= 0; i--) {
                if (rsc.actions.get(i).key.equals(key)) {
                    return rsc.actions.get(i);
                }
            }
            return a;
        }
        if (rsc.notify && rsc.parent == null) {
            // action_uuid_for_ordering: with notifications, wait until every notification for the task was confirmed
            String key = Notifications.notifyKey(rsc.id, "confirmed-post", mapped);
            for (int i = rsc.actions.size() - 1; i >= 0; i--) {
                if (rsc.actions.get(i).key.equals(key)) {
                    return rsc.actions.get(i);
                }
            }
            return a;
        }
        Action m = findFirst(rsc, mapped, null);
        return m == null ? a : m;
    }

    /** The location of a group for orderings on its start: the single node its members are assigned to. */
    private static Node groupLocation(Resource g) {
        Node one = null;
        for (Resource p : g.primitives()) {
            Node n = p.allocatedTo;
            if (n == null) {
                continue;
            }
            if (one != null && one != n) {
                return null;
            }
            one = n;
        }
        return one;
    }

    private void propagate() {
        // custom_action prepends to data_set->actions, so Pacemaker visits the newest action first
        List<Action> all = new ArrayList<>(ws.actions);
        for (int i = all.size() - 1; i >= 0; i--) {
            updateActionForOrderings(all.get(i));
        }
    }

    /** pcmk__update_action_for_orderings: applies every ordering in which the action is "then", recursively. */
    void updateActionForOrderings(Action then) {
        int changed = 0;
        int lastFlags = bits(then);
        if (then.requiresAny) {
            then.runnableBefore = 0;
            if (then.requiredRunnableBefore == 0) {
                then.requiredRunnableBefore = 1;
            }
            then.runnable = false;
        }
        // order_actions prepends, so the newest ordering comes first
        for (int i = then.before.size() - 1; i >= 0; i--) {
            Action.Edge other = then.before.get(i);
            if (other.type == 0) {
                continue;
            }
            Action first = other.action;
            Node thenNode = then.node;
            Node firstNode = first.node;
            if (first.rsc != null && first.rsc.isGroup() && "start".equals(first.task)) {
                firstNode = groupLocation(first.rsc);
            }
            if (then.rsc != null && then.rsc.isGroup() && "start".equals(then.task)) {
                thenNode = groupLocation(then.rsc);
            }
            if ((other.type & SAME_NODE) != 0 && firstNode != null && thenNode != null && firstNode != thenNode) {
                setType(first, then, other, 0);
                continue;
            }
            changed &= ~UPDATED_FIRST;
            if (first.rsc != null && then.rsc != null && first.rsc != then.rsc && !isParent(then.rsc, first.rsc)) {
                first = actionForOrdering(first);
            }
            if (first == other.action) {
                int firstFlags = flagsForOrdering(first, thenNode);
                int thenFlags = flagsForOrdering(then, firstNode);
                changed |= updateForOrderingFlags(first, then, firstFlags, thenFlags, other);
            } else if (Actions.order(first, then, other.type)) {
                changed |= UPDATED_THEN;
                setType(other.action, then, other, 0);
            }
            if ((changed & UPDATED_FIRST) != 0) {
                for (int k = first.after.size() - 1; k >= 0; k--) {
                    updateActionForOrderings(first.after.get(k).action);
                }
                updateActionForOrderings(first);
            }
        }
        if (then.requiresAny) {
            if (lastFlags == bits(then)) {
                changed &= ~UPDATED_THEN;
            } else {
                changed |= UPDATED_THEN;
            }
        }
        if ((changed & UPDATED_THEN) != 0) {
            if ((lastFlags & RUN) != 0 && !then.runnable) {
                blockColocationDependents(then);
            }
            updateActionForOrderings(then);
            for (int k = then.after.size() - 1; k >= 0; k--) {
                updateActionForOrderings(then.after.get(k).action);
            }
        }
    }

    /** Disables (or changes) an ordering on both of its ends. */
    private static void setType(Action first, Action then, Action.Edge edge, int type) {
        edge.type = type;
        for (Action.Edge f : first.after) {
            if (f.action == then) {
                f.type = type;
            }
        }
    }

    /** update_action_for_ordering_flags. */
    private int updateForOrderingFlags(Action first, Action then, int firstFlags, int thenFlags, Action.Edge order) {
        int changed = 0;
        Node node = then.node;
        if ((order.type & IMPLIES_THEN_ON_NODE) != 0) {
            setType(first, then, order, (order.type & ~IMPLIES_THEN_ON_NODE) | IMPLIES_THEN);
            node = first.node;
        }
        int type = order.type;
        if ((type & IMPLIES_THEN) != 0) {
            if (then.rsc != null) {
                changed |= update(then.rsc, first, then, node, firstFlags & OPT, OPT, IMPLIES_THEN);
            } else if ((firstFlags & OPT) == 0 && then.optional) {
                then.optional = false;
                changed |= UPDATED_THEN;
            }
        }
        if ((type & RESTART) != 0 && then.rsc != null) {
            changed |= update(then.rsc, first, then, node, firstFlags, OPT | RUN, RESTART);
        }
        if ((type & IMPLIES_FIRST) != 0) {
            if (first.rsc != null) {
                changed |= update(first.rsc, first, then, node, firstFlags, OPT, IMPLIES_FIRST);
            } else if ((firstFlags & OPT) == 0 && first.runnable) {
                first.runnable = false;
                changed |= UPDATED_FIRST;
            }
        }
        if ((type & PROMOTED_IMPLIES_FIRST) != 0 && then.rsc != null) {
            changed |= update(then.rsc, first, then, node, firstFlags & OPT, OPT, PROMOTED_IMPLIES_FIRST);
        }
        if ((type & ONE_OR_MORE) != 0) {
            if (then.rsc != null) {
                changed |= update(then.rsc, first, then, node, firstFlags, RUN, ONE_OR_MORE);
            } else if ((firstFlags & RUN) != 0) {
                then.runnableBefore++;
                if (then.runnableBefore >= then.requiredRunnableBefore && !then.runnable) {
                    then.runnable = true;
                    changed |= UPDATED_THEN;
                }
            }
        }
        if ((type & PROBE) != 0 && then.rsc != null) {
            if ((firstFlags & RUN) == 0 && first.rsc != null && !first.rsc.runningOn.isEmpty()) {
                setType(first, then, order, 0);
                type = 0;
            } else {
                changed |= update(then.rsc, first, then, node, firstFlags, RUN, RUNNABLE_LEFT);
            }
        }
        if ((type & RUNNABLE_LEFT) != 0) {
            if (then.rsc != null) {
                changed |= update(then.rsc, first, then, node, firstFlags, RUN, RUNNABLE_LEFT);
            } else if ((firstFlags & RUN) == 0 && then.runnable) {
                then.runnable = false;
                changed |= UPDATED_THEN;
            }
        }
        if ((type & IMPLIES_FIRST_MIGRATABLE) != 0 && then.rsc != null) {
            changed |= update(then.rsc, first, then, node, firstFlags, OPT, IMPLIES_FIRST_MIGRATABLE);
        }
        if ((type & PSEUDO_LEFT) != 0 && then.rsc != null) {
            changed |= update(then.rsc, first, then, node, firstFlags, OPT, PSEUDO_LEFT);
        }
        if ((type & ASYMMETRICAL) != 0 && then.rsc != null) {
            changed |= update(then.rsc, first, then, node, firstFlags, RUN, ASYMMETRICAL);
        }
        if (first.runnable && (type & IMPLIES_THEN_PRINTED) != 0 && (firstFlags & OPT) == 0) {
            then.printAlways = true;
        }
        if ((type & IMPLIES_FIRST_PRINTED) != 0 && (thenFlags & OPT) == 0) {
            first.printAlways = true;
        }
        if ((type & (IMPLIES_THEN | IMPLIES_FIRST | RESTART)) != 0 && first.rsc != null && !first.rsc.managed && first.rsc.block
                && !first.runnable && "stop".equals(first.task)) {
            if (then.runnable) {
                then.runnable = false;
                changed |= UPDATED_THEN;
            }
        }
        return changed;
    }

    /** rsc->cmds->update_ordered_actions, dispatched on the resource's variant. */
    private int update(Resource rsc, Action first, Action then, Node node, int flags, int filter, int type) {
        if (rsc.isPrimitive()) {
            return updateOrderedActions(first, then, node, flags, filter, type);
        }
        if (rsc.isGroup()) {
            int changed = updateOrderedActions(first, then, node, flags, filter, type);
            if (then.rsc != null) {
                for (Resource m : then.rsc.children) {
                    Action ma = findFirst(m, then.task, node);
                    if (ma != null) {
                        changed |= update(m, first, ma, node, flags, filter, type);
                    }
                }
            }
            return changed;
        }
        int changed = 0;
        if (then.rsc == null) {
            return changed;
        }
        changed |= updateOrderedActions(first, then, node, flags, filter, type);
        for (Resource child : then.rsc.children) {
            Action ca = findFirst(child, then.task, node);
            if (ca == null) {
                continue;
            }
            int childChanged = 0;
            if ((actionFlags(ca, node) & RUN) != 0) {
                childChanged = update(child, first, ca, node, flags, filter, type);
            }
            changed |= childChanged;
            if ((childChanged & UPDATED_THEN) != 0) {
                for (int k = ca.after.size() - 1; k >= 0; k--) {
                    updateActionForOrderings(ca.after.get(k).action);
                }
            }
        }
        return changed;
    }

    /** pcmk__update_ordered_actions: the effect of one ordering on the flags of its two actions. */
    private int updateOrderedActions(Action first, Action then, Node node, int flags, int filter, int type) {
        int changed = 0;
        int thenFlags = bits(then);
        int firstFlags = bits(first);
        if ((type & ASYMMETRICAL) != 0) {
            handleAsymmetric(first, then);
        }
        if ((type & IMPLIES_FIRST) != 0 && (thenFlags & OPT) == 0) {
            if ((filter & OPT) != 0 && (flags & OPT) == 0 && (firstFlags & OPT) != 0) {
                clear(first, true, then);
            }
            if ((flags & MIG) != 0 && !then.migrateRunnable) {
                clearMigrateRunnable(first, then);
            }
        }
        if ((type & PROMOTED_IMPLIES_FIRST) != 0 && then.rsc != null && then.rsc.role == Role.PROMOTED && (filter & OPT) != 0
                && !then.optional) {
            clear(first, true, then);
            if (first.migrateRunnable && !then.migrateRunnable) {
                clearMigrateRunnable(first, then);
            }
        }
        if ((type & IMPLIES_FIRST_MIGRATABLE) != 0 && (filter & OPT) != 0) {
            if (!(then.migrateRunnable && then.runnable)) {
                clear(first, false, then);
            }
            if (!then.optional) {
                clear(first, true, then);
            }
        }
        if ((type & PSEUDO_LEFT) != 0 && (filter & OPT) != 0 && !first.runnable) {
            clearMigrateRunnable(then, first);
            then.pseudo = false;
        }
        if ((type & RUNNABLE_LEFT) != 0 && (filter & RUN) != 0 && then.runnable && (flags & RUN) == 0) {
            clear(then, false, first);
            clearMigrateRunnable(then, first);
        }
        if ((type & IMPLIES_THEN) != 0 && (filter & OPT) != 0 && then.optional && (flags & OPT) == 0 && !first.migrateRunnable) {
            clear(then, true, first);
        }
        if ((type & RESTART) != 0) {
            handleRestart(first, then, filter);
        }
        if (thenFlags != bits(then)) {
            changed |= UPDATED_THEN;
            if (then.rsc != null && then.rsc.parent != null) {
                // needed for "X_stop then X_start" of cloned groups
                updateActionForOrderings(then);
            }
        }
        if (firstFlags != bits(first)) {
            changed |= UPDATED_FIRST;
        }
        return changed;
    }

    /** handle_asymmetric_ordering: an unrunnable first makes then unrunnable, unless then has nothing to do. */
    private static void handleAsymmetric(Action first, Action then) {
        if (then.rsc == null || first.runnable) {
            return;
        }
        if (then.optional) {
            Role thenRole = Instances.state(then.rsc, true);
            if (thenRole == Role.STOPPED && "stop".equals(then.task)) {
                return;
            }
            if (!thenRole.below(Role.STARTED) && "start".equals(then.task) && then.rsc.runningOn.size() == 1
                    && then.node != null && then.rsc.runningOn.get(0) == then.node) {
                return;
            }
        }
        clear(then, true, first);
        clear(then, false, first);
    }

    /** handle_restart_ordering: "stop before start" of a resource and "stop later member before earlier member". */
    private static void handleRestart(Action first, Action then, int filter) {
        if (first.rsc == null || then.rsc == null || !first.rsc.isPrimitive() || !then.rsc.isPrimitive()) {
            return;
        }
        String reason = null;
        if ((filter & OPT) != 0 && !then.optional) {
            reason = "restart";
        }
        if ((filter & RUN) != 0 && !then.runnable && then.rsc.managed && first.rsc == then.rsc) {
            reason = "stop";
        }
        if (reason == null) {
            return;
        }
        if (first.runnable) {
            clear(first, true, then);
        }
        if (!then.optional) {
            clear(first, true, then);
        }
        if (!then.migrateRunnable) {
            clearMigrateRunnable(first, then);
        }
        if (!first.optional && !first.runnable) {
            clear(then, false, first);
        }
    }

    /** clear_action_flag_because for pe_action_migrate_runnable (reported as "unrunnable"). */
    private static void clearMigrateRunnable(Action action, Action because) {
        if (!action.migrateRunnable) {
            return;
        }
        action.migrateRunnable = false;
        if (action.rsc != because.rsc && action.reason == null) {
            action.reason = "unrunnable" + (because.rsc == null ? "" : " " + because.rsc.id) + " " + because.task;
        }
    }

    /** clear_action_flag_because: clears optional (required=true) or runnable and records why. */
    private static void clear(Action action, boolean optionalFlag, Action because) {
        if (optionalFlag) {
            if (!action.optional) {
                return;
            }
            action.optional = false;
        } else {
            if (!action.runnable) {
                return;
            }
            action.runnable = false;
        }
        if (action.rsc != because.rsc && action.reason == null) {
            String change = optionalFlag ? "required" : "unrunnable";
            action.reason = change + (because.rsc == null ? "" : " " + because.rsc.id) + " " + because.task;
        }
    }
}
