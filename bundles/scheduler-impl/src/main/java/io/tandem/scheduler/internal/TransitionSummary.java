package io.tandem.scheduler.internal;

import java.util.ArrayList;
import java.util.List;

/** Stage: the "Transition Summary" lines (pcmk__output_actions, LogActions, rsc-action-item). */
final class TransitionSummary {
    private final WorkingSet ws;
    private final List<String> lines = new ArrayList<>();

    TransitionSummary(WorkingSet ws) {
        this.ws = ws;
    }

    List<String> run() {
        // Pacemaker prepends every new action to data_set->actions, so node actions print newest first
        for (int i = ws.actions.size() - 1; i >= 0; i--) {
            Action a = ws.actions.get(i);
            if (a.rsc != null || a.optional) {
                continue;
            }
            String task;
            if ("do_shutdown".equals(a.task)) {
                task = "Shutdown";
            } else if ("stonith".equals(a.task)) {
                task = "Fence (" + a.meta.get("stonith_action") + ")";
            } else {
                continue;
            }
            if (a.reason != null) {
                lines.add("  * " + task + " " + (a.node == null ? "" : a.node.uname) + " '" + a.reason + "'");
            }
        }
        for (Resource r : ws.resources) {
            log(r);
        }
        return lines;
    }

    private static Action first(Resource rsc, String task, Node node) {
        for (Action a : rsc.actions) {
            if (a.task.equals(task) && (node == null || a.node == node)) {
                return a;
            }
        }
        return null;
    }

    private void log(Resource rsc) {
        if (!rsc.children.isEmpty()) {
            for (Resource c : rsc.children) {
                log(c);
            }
            return;
        }
        if (rsc.isGroup() || rsc.isClone()) {
            return;
        }
        Node next = rsc.allocatedTo;
        Node current = null;
        Role role = rsc.role;
        if (!rsc.runningOn.isEmpty()) {
            current = rsc.currentNode();
            if (role == Role.STOPPED) {
                role = Role.STARTED;
            }
        }
        if (current == null && rsc.orphan) {
            return;
        }
        if (!rsc.managed || (current == null && next == null)) {
            return;
        }
        boolean moving = current != null && next != null && current != next;
        Action start = first(rsc, "start", next);
        Node startNode = (start == null || !start.runnable) ? null : current;
        Action stop = first(rsc, "stop", startNode);
        Action promote = first(rsc, "promote", next);
        Action demote = first(rsc, "demote", next);
        if (role == rsc.nextRole) {
            if (next == null) {
                return;
            }
            Action migrateFrom = first(rsc, Migration.MIGRATE_FROM, next);
            if (migrateFrom != null && current != null && migrateFrom.runnable) {
                item("Migrate", rsc, role, current, next, start, null);
            } else if (ws.statusRef != null && ws.statusRef.reloading.contains(rsc) && !moving) {
                item("Reload", rsc, role, current, next, start, null);
            } else if (start == null || start.optional) {
                if (demote != null && promote != null && !demote.optional && !promote.optional) {
                    item("Re-promote", rsc, role, current, next, promote, demote);
                }
            } else if (!start.runnable) {
                Action reasonOp = (stop == null || stop.reason == null) ? start : stop;
                item("Stop", rsc, role, current, null, stop, reasonOp);
            } else if (moving && current != null) {
                item(rsc.failed ? "Recover" : "Move", rsc, role, current, next, stop, null);
            } else if (rsc.failed) {
                item("Recover", rsc, role, current, null, stop, null);
            } else {
                item("Restart", rsc, role, current, next, start, null);
            }
            return;
        }
        if (stop != null && (rsc.nextRole == Role.STOPPED || (start != null && !start.runnable))) {
            for (Node n : rsc.runningOn) {
                Action stopOp = first(rsc, "stop", n);
                item("Stop", rsc, role, n, null, stopOp, (stopOp != null && stopOp.reason != null) ? stopOp : start);
            }
        } else if (stop != null && rsc.failed && rsc.stopFlag) {
            item("Recover", rsc, role, current, next, stop, start);
        } else if (moving) {
            item("Move", rsc, role, current, next, stop, null);
        } else if (stop != null && !stop.optional) {
            item("Restart", rsc, role, current, next, start, null);
        } else if (role == Role.PROMOTED) {
            item("Demote", rsc, role, current, next, demote, null);
        } else if (rsc.nextRole == Role.PROMOTED) {
            item("Promote", rsc, role, current, next, promote, null);
        } else if (role == Role.STOPPED && rsc.nextRole.above(Role.STOPPED)) {
            item("Start", rsc, role, current, next, start, null);
        }
    }

    private void item(String change, Resource rsc, Role role, Node origin, Node dest, Action action, Action source) {
        if (action == null) {
            action = source;
        }
        if (source == null) {
            source = action;
        }
        boolean needRole = role.above(Role.STARTED) || rsc.nextRole.above(Role.UNPROMOTED);
        boolean sameHost = origin != null && dest != null && origin == dest;
        boolean sameRole = role == rsc.nextRole;
        String details;
        if (needRole && origin == null) {
            details = role.text + " -> " + rsc.nextRole.text + " " + (dest == null ? "" : dest.uname);
        } else if (origin == null) {
            details = dest == null ? "" : dest.uname;
        } else if (needRole && dest == null) {
            details = role.text + " " + origin.uname;
        } else if (dest == null) {
            details = origin.uname;
        } else if (needRole && sameRole && sameHost) {
            details = role.text + " " + origin.uname;
        } else if (sameRole && sameHost) {
            details = origin.uname;
        } else if (needRole && sameRole) {
            details = origin.uname + " -> " + dest.uname + " " + role.text;
        } else if (sameRole) {
            details = origin.uname + " -> " + dest.uname;
        } else if (sameHost) {
            details = role.text + " -> " + rsc.nextRole.text + " " + origin.uname;
        } else {
            details = role.text + " " + origin.uname + " -> " + rsc.nextRole.text + " " + dest.uname;
        }
        String reason = null;
        boolean runnable = action == null || action.runnable;
        if (source != null && source.reason != null && !runnable) {
            reason = "due to " + source.reason + " (blocked)";
        } else if (source != null && source.reason != null) {
            reason = "due to " + source.reason;
        } else if (!runnable) {
            reason = "blocked";
        }
        lines.add(String.format("  * %-8s   %-10s   ( %s )%s%s", change, rsc.id, details, reason == null ? "" : "  ", reason == null ? "" : reason));
    }
}
