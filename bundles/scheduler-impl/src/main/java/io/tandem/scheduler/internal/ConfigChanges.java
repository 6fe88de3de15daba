package io.tandem.scheduler.internal;

import io.tandem.cib.CibElement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Stage: resource and operation definition changes against the history (pcmk__handle_rsc_config_changes and
 * pcmk__check_action_config). Runs before assignment: a changed digest forces a restart, a reload or a rescheduled
 * monitor; recurring operations no longer configured are cancelled; orphans and resources whose agent changed are
 * cleaned up ("delete"); fail counts of changed operations and orphans are cleared.
 */
final class ConfigChanges {
    static final String DEFINITION_CHANGE = "resource definition change";

    private final WorkingSet ws;
    private final Actions acts;
    private final UnpackStatus status;
    /** pcmk__rscs_matching_id's answers, by history id (primitive id or clone_name), in resource-tree order. */
    private final Map<String, List<Resource>> byHistoryId = new HashMap<>();

    private ConfigChanges(WorkingSet ws, Actions acts) {
        this.ws = ws;
        this.acts = acts;
        this.status = ws.statusRef;
        for (Resource top : ws.resources) {
            index(top);
        }
    }

    private void index(Resource rsc) {
        if (rsc.isPrimitive()) {
            byHistoryId.computeIfAbsent(rsc.id, k -> new ArrayList<>()).add(rsc);
            if (rsc.cloneName != null && !rsc.cloneName.equals(rsc.id)) {
                byHistoryId.computeIfAbsent(rsc.cloneName, k -> new ArrayList<>()).add(rsc);
            }
        }
        for (Resource c : rsc.children) {
            index(c);
        }
    }

    /** pcmk__handle_rsc_config_changes: checks the history of every node that can run actions. */
    static void run(WorkingSet ws, Actions acts) {
        ConfigChanges cc = new ConfigChanges(ws, acts);
        List<CibElement> states = ws.cib.status().children("node_state");
        for (Node node : ws.nodes) {
            if (!node.maintenance && !node.canRunResources()) {
                continue;
            }
            for (CibElement st : states) {
                if (!node.uname.equals(st.attr("uname"))) {
                    continue;
                }
                CibElement lrm = st.path("lrm", "lrm_resources").orElse(null);
                if (lrm != null) {
                    cc.processNodeHistory(node, lrm);
                }
                break;
            }
        }
    }

    private void processNodeHistory(Node node, CibElement lrm) {
        for (CibElement entry : lrm.children("lrm_resource")) {
            if (entry.children().isEmpty()) {
                continue;
            }
            for (Resource rsc : matching(entry.id())) {
                processRscHistory(entry, rsc, node);
            }
        }
    }

    /** pcmk__rscs_matching_id: primitives whose id or history name is the entry's id. */
    private List<Resource> matching(String id) {
        return byHistoryId.getOrDefault(id, List.of());
    }

    private void processRscHistory(CibElement entry, Resource rsc, Node node) {
        if (rsc.orphan) {
            Resource top = rsc.top();
            if (!(top.isClone() && !top.unique)) {
                scheduleCleanup(rsc, node, false);
            }
            return;
        }
        if (!rsc.runningOn.contains(node)) {
            if (agentChanged(rsc, node, entry, false)) {
                scheduleCleanup(rsc, node, false);
            }
            return;
        }
        if (agentChanged(rsc, node, entry, true)) {
            scheduleCleanup(rsc, node, false);
        }
        List<CibElement> ops = new ArrayList<>(entry.children("lrm_rsc_op"));
        ops.sort(Comparator.comparingLong(UnpackStatus::callId));
        int[] idx = UnpackStatus.activeOps(ops);
        int start = idx[0];
        int stop = idx[1];
        if (start < stop) {
            return;
        }
        int offset = -1;
        for (CibElement op : ops) {
            if (++offset < start) {
                continue;
            }
            String task = op.attr("operation");
            long interval = UnpackStatus.intAttr(op, "interval", 0);
            if (interval > 0 && (rsc.maintenance || node.maintenance)) {
                scheduleCancel(rsc, task, interval, node);
            } else if (interval > 0 || "monitor".equals(task) || "start".equals(task) || "promote".equals(task)
                    || "migrate_from".equals(task)) {
                if (checkActionConfig(rsc, node, op) && Failures.failCount(ws, rsc, node) != 0) {
                    Failures.clearFailcount(acts, rsc, node);
                }
            }
        }
    }

    /** pcmk__check_action_config: true when the operation is orphaned or its definition changed. */
    boolean checkActionConfig(Resource rsc, Node node, CibElement op) {
        String task = op.attr("operation");
        if (task == null) {
            return false;
        }
        long interval = UnpackStatus.intAttr(op, "interval", 0);
        if (interval > 0) {
            OpDef config = Digests.findOp(rsc, task, interval);
            if (config == null || !config.enabled()) {
                if (ws.stopOrphanActions) {
                    scheduleCancel(rsc, task, interval, node);
                }
                return true;
            }
        }
        String digestTask = task;
        if (interval == 0 && ("monitor".equals(task) || "migrate_from".equals(task) || "promote".equals(task))) {
            digestTask = "start";
        }
        Digests.Calc calc = Digests.compare(ws, rsc, node, op);
        Digests.Result result = calc.result();
        if (status.expiredRecurring.contains(op)) {
            // a recurring failure that expired: Pacemaker forces the restart digest to reschedule the monitor
            result = Digests.Result.RESTART;
        }
        // only_sanitized_changed: crm_simulate runs sanitized, so secrets masked in the CIB are no change
        if (result != Digests.Result.MATCH && op.attr("op-secure-digest") != null
                && op.attr("op-secure-digest").equals(calc.secure())) {
            result = Digests.Result.MATCH;
        }
        switch (result) {
            case RESTART:
                forceRestart(rsc, digestTask, interval);
                new Fencing(ws, acts).triggerUnfencing(rsc, node, "Device parameters changed", null);
                return true;
            case ALL:
            case UNKNOWN:
                // a device whose parameters changed must unfence again (the restart case says so without "reload")
                new Fencing(ws, acts).triggerUnfencing(rsc, node, interval == 0 && op.attr("op-restart-digest") == null
                        ? "Device parameters changed" : "Device parameters changed (reload)", null);
                if (interval > 0) {
                    status.rescheduled.add(Actions.key(rsc, task, interval) + "@" + node.id);
                    // reschedule_recurring creates the (optional) action now: its id, and so its place in the
                    // transition graph, comes before the actions scheduled later
                    acts.rscAction(rsc, task, interval, node, true);
                } else if (op.attr("op-restart-digest") != null) {
                    scheduleReload(rsc, node);
                } else {
                    forceRestart(rsc, digestTask, interval);
                }
                return true;
            default:
                return false;
        }
    }

    /** force_restart: the action becomes required on whichever node it is scheduled (custom_action without node). */
    private void forceRestart(Resource rsc, String task, long interval) {
        status.forced.computeIfAbsent(rsc, k -> new java.util.LinkedHashMap<>())
                .putIfAbsent(Actions.key(rsc, task, interval), DEFINITION_CHANGE);
    }

    private void scheduleReload(Resource rsc, Node node) {
        if (!rsc.managed || rsc.failed) {
            return;
        }
        if (rsc.startPending) {
            acts.stop(rsc, node, false);
            return;
        }
        status.reloading.add(rsc);
        Action reload = acts.rscAction(rsc, "reload-agent", 0, node, false);
        reload.needs = "nothing";
        acts.updateRunnable(reload);
        reload.reason = DEFINITION_CHANGE;
        ws.orderings.add(new WorkingSet.OrderingSpec(rsc, null, reload, rsc, Actions.key(rsc, "stop", 0), null,
                Constraints.OPTIONAL | Constraints.THEN_CANCELS_FIRST));
        ws.orderings.add(new WorkingSet.OrderingSpec(rsc, null, reload, rsc, Actions.key(rsc, "demote", 0), null,
                Constraints.OPTIONAL | Constraints.THEN_CANCELS_FIRST));
    }

    /** pcmk__schedule_cancel: cancels a recurring operation; cancellations happen after stops. */
    private void scheduleCancel(Resource rsc, String task, long interval, Node node) {
        Action cancel = acts.rscAction(rsc, "cancel", interval, node, false);
        cancel.needs = "nothing";
        acts.updateRunnable(cancel);
        cancel.meta.put("cancel_key", Actions.key(rsc, task, interval));
        cancel.meta.put("cancel_task", task);
        ws.orderings.add(new WorkingSet.OrderingSpec(rsc, Actions.key(rsc, "stop", 0), null, rsc, null, cancel,
                Constraints.OPTIONAL));
    }

    /** pcmk__rsc_agent_changed: class, provider or type differ from the history; an active resource restarts. */
    private boolean agentChanged(Resource rsc, Node node, CibElement entry, boolean activeOnNode) {
        boolean changed = !Objects.equals(rsc.type, entry.attr("type")) || !Objects.equals(rsc.cls, entry.attr("class"))
                || !Objects.equals(rsc.provider, entry.attr("provider"));
        if (changed) {
            new Fencing(ws, acts).triggerUnfencing(rsc, node, "Device definition changed", null);
        }
        if (changed && activeOnNode) {
            acts.stop(rsc, node, false);
            rsc.startPending = true;
        }
        return changed;
    }

    /** pcmk__schedule_cleanup: stop, then delete the history, then start. */
    private void scheduleCleanup(Resource rsc, Node node, boolean optional) {
        if (rsc.failed || node.unclean || !node.online) {
            return;
        }
        Action delete = acts.rscAction(rsc, "delete", 0, node, optional);
        acts.updateRunnable(delete);
        int flag = optional ? Constraints.IMPLIES_THEN : Constraints.OPTIONAL;
        ws.orderings.add(new WorkingSet.OrderingSpec(rsc, Actions.key(rsc, "stop", 0), null, rsc,
                Actions.key(rsc, "delete", 0), null, flag));
        ws.orderings.add(new WorkingSet.OrderingSpec(rsc, Actions.key(rsc, "delete", 0), null, rsc,
                Actions.key(rsc, "start", 0), null, flag));
    }

    /** clear_failcounts_if_orphaned: orphans lose their fail counts on every online node. */
    static void clearOrphanFailcounts(WorkingSet ws, Actions acts) {
        if (!ws.stopOrphanResources) {
            return;
        }
        for (Resource rsc : new ArrayList<>(ws.resources)) {
            if (!rsc.orphan) {
                continue;
            }
            for (Node node : ws.nodes) {
                if (!node.online || Failures.failCount(ws, rsc, node) == 0) {
                    continue;
                }
                Action clear = Failures.clearFailcount(acts, rsc, node);
                ws.orderings.add(new WorkingSet.OrderingSpec(rsc, null, clear, rsc, Actions.key(rsc, "stop", 0), null,
                        Constraints.OPTIONAL));
            }
        }
    }

    /** pe_order_then_cancels_first for reloads: a required stop or demote makes the reload unnecessary. */
    static void cancelSupersededReloads(WorkingSet ws) {
        UnpackStatus status = ws.statusRef;
        for (Resource rsc : new ArrayList<>(status.reloading)) {
            for (Action a : rsc.actions) {
                if (!"reload-agent".equals(a.task)) {
                    continue;
                }
                for (Action other : rsc.actions) {
                    if (other.node == a.node && ("stop".equals(other.task) || "demote".equals(other.task))
                            && !other.optional) {
                        a.optional = true;
                        status.reloading.remove(rsc);
                    }
                }
            }
        }
    }

    static Map<String, String> forcedFor(WorkingSet ws, Resource rsc) {
        return ws.statusRef.forced.getOrDefault(rsc, Map.of());
    }
}
