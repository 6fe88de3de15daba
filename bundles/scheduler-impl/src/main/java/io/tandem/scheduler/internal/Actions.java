package io.tandem.scheduler.internal;

import java.util.ArrayList;
import java.util.List;

/** Creates and finds actions (custom_action) and adds ordering edges between them (order_actions). */
final class Actions {
    final WorkingSet ws;
    final UnpackStatus status;

    Actions(WorkingSet ws, UnpackStatus status) {
        this.ws = ws;
        this.status = status;
    }

    static String key(Resource rsc, String task, long interval) {
        return rsc.id + "_" + task + "_" + interval;
    }

    private static String index(String key, Node node) {
        return key + "@" + (node == null ? "" : node.id);
    }

    Action find(String key, Node node) {
        return ws.actionIndex.get(index(key, node));
    }

    List<Action> findAll(Resource rsc, String key) {
        List<Action> out = new ArrayList<>();
        for (Action a : rsc.actions) {
            if (a.key.equals(key)) {
                out.add(a);
            }
        }
        return out;
    }

    List<Action> rscActions(Resource rsc, String task, Node node) {
        List<Action> out = new ArrayList<>();
        for (Action a : rsc.actions) {
            if (a.task.equals(task) && (node == null || a.node == node)) {
                out.add(a);
            }
        }
        return out;
    }

    /** custom_action for a resource action on a node (or a pseudo action when node is null and pseudo is set). */
    Action rscAction(Resource rsc, String task, long interval, Node node, boolean optional) {
        return custom(rsc, key(rsc, task, interval), task, interval, node, optional);
    }

    /** custom_action with an explicit key: notify actions are named after the operation they notify about. */
    Action custom(Resource rsc, String key, String task, long interval, Node node, boolean optional) {
        Action a = find(key, node);
        if (a != null) {
            if (!optional) {
                a.optional = false;
            }
            // custom_action re-evaluates runnable on every call, also for an action that already exists (e.g. an
            // active recurring op created while unpacking and made unrunnable when its resource lost its node)
            updateRunnable(a);
            unmanagedOptional(a);
            return a;
        }
        a = new Action(ws.nextActionId++, key, task, rsc, node, interval);
        a.optional = optional;
        Action rescheduled = "cancel".equals(task) ? find(key(rsc, "monitor", interval), node) : null;
        if (rescheduled != null && rescheduled.optional && rescheduled.before.isEmpty() && rescheduled.after.isEmpty()) {
            // pcmk__new_cancel_action keys the cancel like the monitor, so custom_action turns the rescheduled monitor
            // into the cancel: the cancel takes the monitor's place in the action list (and so in the graph)
            ws.actions.set(ws.actions.indexOf(rescheduled), a);
            rsc.actions.set(rsc.actions.indexOf(rescheduled), a);
            ws.actionIndex.remove(index(rescheduled.key, node));
        } else {
            ws.actions.add(a);
            rsc.actions.add(a);
        }
        ws.actionIndex.put(index(key, node), a);
        // unpack_operation: only start and promote honour the resource's "requires"
        if (!"start".equals(task) && !"promote".equals(task)) {
            a.needs = "nothing";
        } else {
            a.needs = "nothing".equals(rsc.requires) ? "nothing" : rsc.requires;
        }
        updateRunnable(a);
        unmanagedOptional(a);
        return a;
    }

    /** custom_action: a non-recurring action of an unmanaged resource is always optional. */
    private static void unmanagedOptional(Action a) {
        if (!a.pseudo && a.node != null && a.rsc != null && !a.rsc.managed && a.intervalMs == 0) {
            a.optional = true;
        }
    }

    Action pseudo(Resource rsc, String task, boolean optional, boolean runnable) {
        return pseudo(rsc, key(rsc, task, 0), task, optional, runnable);
    }

    /** A pseudo-action with an explicit key (the clone notification pseudo-actions). */
    Action pseudo(Resource rsc, String key, String task, boolean optional, boolean runnable) {
        Action a = find(key, null);
        if (a != null) {
            if (!optional) {
                a.optional = false;
            }
            return a;
        }
        a = new Action(ws.nextActionId++, key, task, rsc, null, 0);
        a.optional = optional;
        a.pseudo = true;
        a.runnable = runnable;
        ws.actions.add(a);
        ws.actionIndex.put(index(key, null), a);
        rsc.actions.add(a);
        return a;
    }

    /** An action that belongs to no resource (fencing, shutdown). */
    Action nodeAction(String key, String task, Node node, boolean optional) {
        Action a = find(key, node);
        if (a != null) {
            if (!optional) {
                a.optional = false;
            }
            return a;
        }
        a = new Action(ws.nextActionId++, key, task, null, node, 0);
        a.optional = optional;
        ws.actions.add(a);
        ws.actionIndex.put(index(key, node), a);
        return a;
    }

    void updateRunnable(Action a) {
        if (a.pseudo) {
            return;
        }
        Node n = a.node;
        if (n == null) {
            a.runnable = false;
        } else if (!n.online && !a.dcAction) {
            a.runnable = false;
        } else if (n.pending) {
            a.runnable = false;
        } else if ("nothing".equals(a.needs)) {
            a.runnable = true;
        } else if (ws.haveQuorum) {
            a.runnable = true;
        } else {
            switch (effectiveQuorumPolicy(a.rsc)) {
                case "stop":
                    a.runnable = false;
                    a.reason = "no quorum";
                    break;
                case "freeze":
                    if (!a.rsc.isActive() || a.rsc.nextRole.above(a.rsc.role)) {
                        a.runnable = false;
                        a.reason = "quorum freeze";
                    }
                    break;
                default:
                    a.runnable = true;
            }
        }
    }

    /**
     * effective_quorum_policy (no quorum): "demote" keeps promotable instances (demoting promoted ones) and stops
     * everything else.
     */
    private String effectiveQuorumPolicy(Resource rsc) {
        if (!"demote".equals(ws.noQuorumPolicy)) {
            return ws.noQuorumPolicy;
        }
        if (rsc.role == Role.PROMOTED || rsc.role == Role.UNPROMOTED) {
            if (rsc.nextRole.above(Role.UNPROMOTED)) {
                rsc.nextRole = Role.UNPROMOTED;
            }
            return "ignore";
        }
        return "stop";
    }

    /** order_actions: adds (or strengthens) an edge; returns true when a new edge was created. */
    static boolean order(Action first, Action then, int type) {
        if (first == null || then == null || first == then || type == 0) {
            return false;
        }
        for (Action.Edge e : then.before) {
            if (e.action == first) {
                e.type |= type;
                for (Action.Edge f : first.after) {
                    if (f.action == then) {
                        f.type |= type;
                    }
                }
                return false;
            }
        }
        then.before.add(new Action.Edge(first, type));
        first.after.add(new Action.Edge(then, type));
        return true;
    }

    Action start(Resource r, Node n, boolean optional) {
        return rscAction(r, "start", 0, n, optional);
    }

    Action stop(Resource r, Node n, boolean optional) {
        return rscAction(r, "stop", 0, n, optional);
    }
}
