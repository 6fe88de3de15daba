package io.tandem.scheduler.internal;

import static io.tandem.scheduler.internal.Constraints.IMPLIES_THEN;
import static io.tandem.scheduler.internal.Constraints.OPTIONAL;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Clone notifications (meta notify=true), after Pacemaker's pe_notif.c: the pre/confirmed-pre/post/confirmed-post
 * pseudo-actions around a clone's start, stop, promote and demote, the per-instance "notify" actions with their
 * notify_* meta-attributes, and the extra notifications ordered after fencing when a stop is implied by it.
 *
 * <p>The pseudo-actions are created with the clone's own pseudo-actions (so they take part in ordering
 * propagation); the per-instance notify actions are created afterwards, once every action's flags are final, as
 * Pacemaker does while it builds the graph.
 */
final class Notifications {
    /** The notified operations in the order Pacemaker creates their notifications, with their completion task. */
    private static final String[][] OPERATIONS = {
        {"start", "running"}, {"stop", "stopped"}, {"promote", "promoted"}, {"demote", "demoted"},
    };

    private final WorkingSet ws;
    private final Actions acts;

    Notifications(WorkingSet ws, Actions acts) {
        this.ws = ws;
        this.acts = acts;
    }

    /** One instance (or member of an instance) on a node, as listed in the notify_* variables. */
    private record Entry(Resource rsc, Node node) {
    }

    /** notify_data_t: the boundary pseudo-actions of one notified operation and what the notification says. */
    private static final class Data {
        final String action;
        Action pre;
        Action preDone;
        Action post;
        Action postDone;
        Map<Node, Integer> allowed;
        final List<Entry> start = new ArrayList<>();
        final List<Entry> stop = new ArrayList<>();
        final List<Entry> promote = new ArrayList<>();
        final List<Entry> demote = new ArrayList<>();
        final List<Entry> active = new ArrayList<>();
        final List<Entry> inactive = new ArrayList<>();
        final List<Entry> promoted = new ArrayList<>();
        final List<Entry> unpromoted = new ArrayList<>();
        final Map<String, String> keys = new LinkedHashMap<>();

        Data(String action) {
            this.action = action;
        }
    }

    static String notifyKey(String rscId, String type, String operation) {
        return rscId + "_" + type + "_notify_" + operation + "_0";
    }

    static boolean isNotifyTask(String task) {
        return "notify".equals(task) || "notified".equals(task);
    }

    /**
     * The operation a clone's notification pseudo-action is about ("rsc_confirmed-post_notify_running_0" gives
     * "running"), so that its flags summarise the instances' actions for that operation (clone_child_action).
     */
    static String notifiedTask(Action a) {
        if (!isNotifyTask(a.task)) {
            return a.task;
        }
        String op = a.meta.get("notify_key_operation");
        return op != null ? op : a.task;
    }

    /**
     * The operation key the graph (and crm_simulate) shows for an action: anonymous clone instances known under
     * another name in the history use that name, and notify actions are named by notify type and operation.
     */
    static String graphKey(Action a) {
        if (a.rsc == null || a.rsc.cloneName == null) {
            return a.key;
        }
        if ("notify".equals(a.task) && a.meta.containsKey("notify_type") && a.meta.containsKey("notify_operation")) {
            return notifyKey(a.rsc.cloneName, a.meta.get("notify_type"), a.meta.get("notify_operation"));
        }
        return a.rsc.cloneName + "_" + a.task + "_" + a.intervalMs;
    }

    // ---- pseudo-actions (pe__action_notif_pseudo_ops), created with the clone's own pseudo-actions

    /** Creates the notification pseudo-actions of a clone and orders them (clone and promotable create_actions). */
    void createPseudoOps(Resource clone) {
        if (!clone.notify) {
            return;
        }
        Data start = pseudoOps(clone, "start", clonePseudo(clone, "start"), clonePseudo(clone, "running"));
        Data stop = pseudoOps(clone, "stop", clonePseudo(clone, "stop"), clonePseudo(clone, "stopped"));
        Actions.order(stop.postDone, start.pre, OPTIONAL);
        if (!clone.promotable) {
            return;
        }
        Data promote = pseudoOps(clone, "promote", clonePseudo(clone, "promote"), clonePseudo(clone, "promoted"));
        Data demote = pseudoOps(clone, "demote", clonePseudo(clone, "demote"), clonePseudo(clone, "demoted"));
        Actions.order(stop.postDone, promote.pre, OPTIONAL);
        Actions.order(start.postDone, promote.pre, OPTIONAL);
        Actions.order(demote.postDone, promote.pre, OPTIONAL);
        Actions.order(demote.postDone, start.pre, OPTIONAL);
        Actions.order(demote.postDone, stop.pre, OPTIONAL);
    }

    private Action clonePseudo(Resource clone, String task) {
        return acts.find(Actions.key(clone, task, 0), null);
    }

    private Data pseudoOps(Resource rsc, String task, Action action, Action complete) {
        Data d = new Data(task);
        if (action != null) {
            d.pre = notifyPseudo(rsc, action, "notify", "pre", task);
            d.pre.runnable = true;
            d.preDone = notifyPseudo(rsc, action, "notified", "confirmed-pre", task);
            d.preDone.runnable = true;
            Actions.order(d.pre, d.preDone, OPTIONAL);
            Actions.order(d.preDone, action, OPTIONAL);
        }
        if (complete != null) {
            d.post = notifyPseudo(rsc, complete, "notify", "post", task);
            d.post.runnable = complete.runnable;
            d.postDone = notifyPseudo(rsc, complete, "notified", "confirmed-post", task);
            d.postDone.runnable = complete.runnable;
            Actions.order(complete, d.post, IMPLIES_THEN);
            Actions.order(d.post, d.postDone, IMPLIES_THEN);
        }
        if (action != null && complete != null) {
            Actions.order(d.preDone, d.post, OPTIONAL);
        }
        return d;
    }

    private Action notifyPseudo(Resource rsc, Action about, String task, String keyType, String operation) {
        Action a = acts.pseudo(rsc, notifyKey(rsc.id, keyType, about.task), task, about.optional, true);
        String type = keyType.endsWith("pre") ? "pre" : "post";
        a.meta.putIfAbsent("notify_type", type);
        a.meta.putIfAbsent("notify_operation", operation);
        a.meta.putIfAbsent("notify_key_type", keyType);
        a.meta.putIfAbsent("notify_key_operation", about.task);
        return a;
    }

    // ---- notifications for a stop implied by fencing (pe__order_notifs_after_fencing)

    /**
     * A stop implied by fencing completes with the fencing, so the clone's other instances are told about it in
     * "post" notifications ordered after the fencing rather than after the clone's stopped pseudo-action.
     */
    void orderAfterFencing(Action stop, Resource instance, Action fencing) {
        Resource clone = instance.cloneParent();
        if (clone == null || !Rules.isTrue(instance.meta.get("notify"))) {
            return;
        }
        Data d = new Data("stop");
        d.post = notifyPseudo(instance, fencing, "notify", "post", "stop");
        d.post.runnable = fencing.runnable;
        d.postDone = notifyPseudo(instance, fencing, "notified", "confirmed-post", "stop");
        d.postDone.runnable = fencing.runnable;
        Actions.order(fencing, d.post, IMPLIES_THEN);
        Actions.order(d.post, d.postDone, IMPLIES_THEN);
        collect(instance, false, d);
        d.keys.put("notify_stop_resource", instance.id);
        d.keys.put("notify_stop_uname", stop.node.uname);
        createNotifyActions(clone.top(), d);
    }

    // ---- per-instance notify actions, once all flags are final (pe__create_clone_notifications)

    /** Creates the notify actions of every clone with notifications enabled. */
    void createNotifyActions() {
        for (Resource r : ws.resources) {
            if (!r.isClone() || !r.notify) {
                continue;
            }
            for (String[] op : OPERATIONS) {
                Data d = new Data(op[0]);
                d.pre = acts.find(notifyKey(r.id, "pre", op[0]), null);
                d.preDone = acts.find(notifyKey(r.id, "confirmed-pre", op[0]), null);
                d.post = acts.find(notifyKey(r.id, "post", op[1]), null);
                d.postDone = acts.find(notifyKey(r.id, "confirmed-post", op[1]), null);
                if (d.pre == null && d.post == null) {
                    continue;
                }
                collect(r, true, d);
                addKeys(d);
                createNotifyActions(r, d);
            }
        }
    }

    /** collect_resource_data: the state of every instance and, with activity, what each is about to do. */
    private static void collect(Resource rsc, boolean activity, Data d) {
        if (d.allowed == null) {
            d.allowed = rsc.allowed;
        }
        if (!rsc.children.isEmpty()) {
            for (Resource c : rsc.children) {
                collect(c, activity, d);
            }
            return;
        }
        Entry entry = new Entry(rsc, rsc.currentNode());
        switch (rsc.role) {
            case STOPPED:
                d.inactive.add(entry);
                break;
            case STARTED:
                d.active.add(entry);
                break;
            case UNPROMOTED:
                d.unpromoted.add(entry);
                d.active.add(entry);
                break;
            case PROMOTED:
                d.promoted.add(entry);
                d.active.add(entry);
                break;
            default:
                break;
        }
        if (!activity) {
            return;
        }
        for (Action op : rsc.actions) {
            if (op.optional || op.node == null) {
                continue;
            }
            boolean stopOnUnclean = "stop".equals(op.task) && op.node.unclean;
            if (!stopOnUnclean && !op.runnable) {
                continue;
            }
            Entry e = new Entry(rsc, op.node);
            switch (op.task) {
                case "start":
                    d.start.add(e);
                    break;
                case "stop":
                    d.stop.add(e);
                    break;
                case "promote":
                    d.promote.add(e);
                    break;
                case "demote":
                    d.demote.add(e);
                    break;
                default:
                    break;
            }
        }
    }

    /** add_notif_keys: the notify_* variables, and whether the notification is required at all. */
    private static void addKeys(Data d) {
        boolean required = false;
        if (!d.stop.isEmpty() && "stop".equals(d.action)) {
            required = true;
        }
        if (!d.start.isEmpty() && "start".equals(d.action)) {
            required = true;
        }
        if (!d.demote.isEmpty() && "demote".equals(d.action)) {
            required = true;
        }
        if (!d.promote.isEmpty() && "promote".equals(d.action)) {
            required = true;
        }
        putList(d, "stop", d.stop);
        putList(d, "start", d.start);
        putList(d, "demote", d.demote);
        putList(d, "promote", d.promote);
        putList(d, "active", d.active);
        putList(d, "unpromoted", d.unpromoted);
        putList(d, "slave", d.unpromoted);
        putList(d, "promoted", d.promoted);
        putList(d, "master", d.promoted);
        d.keys.put("notify_inactive_resource", words(sorted(d.inactive, false), true));
        List<String> available = new ArrayList<>();
        for (Node n : d.allowed.keySet()) {
            available.add(n.uname);
        }
        available.sort(Comparator.naturalOrder());
        d.keys.put("notify_available_uname", available.isEmpty() ? " " : String.join(" ", available));
        if (required && d.pre != null) {
            d.pre.optional = false;
            d.preDone.optional = false;
        }
        if (required && d.post != null) {
            d.post.optional = false;
            d.postDone.optional = false;
        }
    }

    private static void putList(Data d, String name, List<Entry> list) {
        List<Entry> s = sorted(list, true);
        d.keys.put("notify_" + name + "_resource", words(s, true));
        d.keys.put("notify_" + name + "_uname", words(s, false));
    }

    /** Sorted by instance id then node id, one entry per instance (notify_entries_to_strings). */
    private static List<Entry> sorted(List<Entry> list, boolean needNode) {
        List<Entry> s = new ArrayList<>();
        for (Entry e : list) {
            if (!needNode || e.node() != null) {
                s.add(e);
            }
        }
        s.sort(Comparator.comparing((Entry e) -> e.rsc().id)
                .thenComparing(e -> e.node() == null ? "" : e.node().id));
        List<Entry> out = new ArrayList<>();
        String last = null;
        for (Entry e : s) {
            if (!e.rsc().id.equals(last)) {
                out.add(e);
                last = e.rsc().id;
            }
        }
        return out;
    }

    private static String words(List<Entry> list, boolean resources) {
        if (list.isEmpty()) {
            return " ";
        }
        List<String> w = new ArrayList<>();
        for (Entry e : list) {
            w.add(resources ? e.rsc().id : e.node().uname);
        }
        return String.join(" ", w);
    }

    /** create_notify_actions: the notify actions of every instance for one notified operation. */
    private void createNotifyActions(Resource rsc, Data d) {
        if (!rsc.children.isEmpty()) {
            for (Resource c : rsc.children) {
                createNotifyActions(c, d);
            }
            return;
        }
        for (Action op : rsc.actions) {
            if (!op.optional && op.node != null && isNotifiedOperation(op.task)) {
                d.keys.forEach(op.meta::putIfAbsent);
            }
        }
        switch (d.action) {
            case "start":
                if (d.start.isEmpty()) {
                    return;
                }
                break;
            case "promote":
                if (d.promote.isEmpty()) {
                    return;
                }
                break;
            case "demote":
                if (d.demote.isEmpty()) {
                    return;
                }
                break;
            default:
                // a stop may be implied by fencing, so its notifications are always considered
                break;
        }
        boolean stopOrDemote = "stop".equals(d.action) || "demote".equals(d.action);
        if (rsc.role != Role.STOPPED && stopOrDemote) {
            Action stop = firstAction(rsc, "stop");
            for (Node current : new ArrayList<>(rsc.runningOn)) {
                // a fenced node gets no notification about the stop its fencing implies
                if (stop != null && stop.pseudo && (current.unclean || current.remoteRequiresReset)) {
                    continue;
                }
                notifyAction(rsc, current, d.pre, d.preDone, d);
                if ("demote".equals(d.action) || stop == null || stop.optional) {
                    postNotifyAction(rsc, current, d);
                }
            }
        }
        boolean startOrPromote = "start".equals(d.action) || "promote".equals(d.action);
        if (rsc.nextRole != Role.STOPPED && rsc.nextRole != Role.UNKNOWN && startOrPromote) {
            if (rsc.allocatedTo == null) {
                return;
            }
            Action start = firstAction(rsc, "start");
            if (!"start".equals(d.action) || start == null || start.optional) {
                notifyAction(rsc, rsc.allocatedTo, d.pre, d.preDone, d);
            }
            postNotifyAction(rsc, rsc.allocatedTo, d);
        }
    }

    private static boolean isNotifiedOperation(String task) {
        return "start".equals(task) || "stop".equals(task) || "promote".equals(task) || "demote".equals(task);
    }

    private static Action firstAction(Resource rsc, String task) {
        for (Action a : rsc.actions) {
            if (a.task.equals(task)) {
                return a;
            }
        }
        return null;
    }

    /** new_notify_action: one instance's notify action between a notification pseudo-action and its confirmation. */
    private Action notifyAction(Resource rsc, Node node, Action op, Action done, Data d) {
        if (op == null || done == null || !node.online || !op.runnable) {
            return null;
        }
        String key = notifyKey(rsc.id, op.meta.get("notify_type"), op.meta.get("notify_operation"));
        Action n = acts.custom(rsc, key, "notify", 0, node, op.optional);
        for (Map.Entry<String, String> e : op.meta.entrySet()) {
            if (e.getKey().startsWith("notify_")) {
                n.meta.putIfAbsent(e.getKey(), e.getValue());
            }
        }
        d.keys.forEach(n.meta::putIfAbsent);
        Actions.order(op, n, OPTIONAL);
        Actions.order(n, done, OPTIONAL);
        return n;
    }

    /** new_post_notify_action: also keeps the instance's recurring monitors until the notifications are done. */
    private void postNotifyAction(Resource rsc, Node node, Data d) {
        notifyAction(rsc, node, d.post, d.postDone, d);
        if (d.postDone == null) {
            return;
        }
        for (Action mon : new ArrayList<>(rsc.actions)) {
            if (mon.intervalMs > 0 && !"cancel".equals(mon.task)) {
                Actions.order(d.postDone, mon, OPTIONAL);
            }
        }
    }
}
