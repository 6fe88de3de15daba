package io.tandem.scheduler.internal;

import static io.tandem.scheduler.internal.Constraints.APPLY_FIRST_NON_MIGRATABLE;
import static io.tandem.scheduler.internal.Constraints.IMPLIES_FIRST_MIGRATABLE;
import static io.tandem.scheduler.internal.Constraints.OPTIONAL;
import static io.tandem.scheduler.internal.Constraints.PSEUDO_LEFT;

import io.tandem.cib.CibElement;
import java.util.ArrayList;
import java.util.List;

/**
 * Live migration (allow-migrate): reading partial and dangling migrations from the history (unpack.c
 * unpack_migrate_to_success/failure, unpack_migrate_from_failure), replacing a move by migrate_to + migrate_from +
 * stop + pseudo start (pcmk_sched_migration.c), and mirroring orderings onto the migration actions
 * (pcmk__order_migration_equivalents).
 */
final class Migration {
    static final String MIGRATE_TO = "migrate_to";
    static final String MIGRATE_FROM = "migrate_from";

    private Migration() {
    }

    // ---- configuration

    /** common_unpack: allow-migrate=true, or unset on a Pacemaker Remote connection resource. */
    static boolean allowMigrate(Resource rsc) {
        String value = rsc.meta.get("allow-migrate");
        if (value != null) {
            return Rules.isTrue(value);
        }
        return rsc.isPrimitive() && "ocf".equals(rsc.cls) && "pacemaker".equals(rsc.provider) && "remote".equals(rsc.type);
    }

    // ---- history

    /**
     * unpack_migrate_to_success: a completed migrate_to without a completed migrate_from is a partial migration (the
     * resource counts as active on the target too); with a completed migrate_from but no stop it is dangling.
     */
    static void unpackMigrateToSuccess(WorkingSet ws, UnpackStatus us, Resource rsc, Node node, CibElement op) {
        String[] names = nodeNames(op, node, null);
        if (names == null) {
            return;
        }
        String source = names[0];
        String target = names[1];
        boolean sourceNewerOp = nonMonitorAfter(ws, rsc.id, source, op, true);
        CibElement migrateFrom = findLrmOp(ws, rsc.id, MIGRATE_FROM, target, source, -1);
        int fromRc = 0;
        int fromStatus = -1;
        if (migrateFrom != null) {
            if (sourceNewerOp) {
                return;
            }
            fromRc = UnpackStatus.intAttr(migrateFrom, "rc-code", 0);
            fromStatus = UnpackStatus.intAttr(migrateFrom, "op-status", -1);
        }
        boolean targetNewerState = newerStateAfterMigrate(ws, rsc.id, target, op, migrateFrom);
        if (sourceNewerOp && targetNewerState) {
            return;
        }
        if (fromRc == 0 && fromStatus == 0) {
            // add_dangling_migration: migrate_from succeeded but the source still needs its stop
            rsc.role = Role.STOPPED;
            if (!rsc.danglingMigrations.contains(node)) {
                rsc.danglingMigrations.add(0, node);
            }
            return;
        }
        rsc.role = Role.STARTED;
        Node targetNode = ws.nodesByName.get(target);
        boolean activeOnTarget = !targetNewerState && targetNode != null && targetNode.online;
        if (fromStatus != -1) {
            // the migrate_from failed on the target
            if (activeOnTarget) {
                us.addRunning(rsc, targetNode);
            } else {
                markFailed(rsc);
            }
            return;
        }
        // the migrate_from is pending, erased by a cleanup, or still to be scheduled
        if (targetNode != null && targetNode.online && unknownOnNode(ws, rsc.id, target)) {
            return;
        }
        if (activeOnTarget) {
            Node sourceNode = ws.nodesByName.get(source);
            us.addRunning(rsc, targetNode);
            if (sourceNode != null && sourceNode.online) {
                rsc.partialMigrationTarget = targetNode;
                rsc.partialMigrationSource = sourceNode;
            }
        } else if (!sourceNewerOp) {
            markFailed(rsc);
        }
    }

    /** unpack_migrate_to_failure: the resource may still be active on the target, or the migration dangles. */
    static void unpackMigrateToFailure(WorkingSet ws, UnpackStatus us, Resource rsc, Node node, CibElement op) {
        String[] names = nodeNames(op, node, null);
        if (names == null) {
            return;
        }
        String source = names[0];
        String target = names[1];
        rsc.role = Role.STARTED;
        CibElement targetMigrateFrom = findLrmOp(ws, rsc.id, MIGRATE_FROM, target, source, 0);
        if (!unknownOnNode(ws, rsc.id, target) && !newerStateAfterMigrate(ws, rsc.id, target, op, targetMigrateFrom)) {
            Node targetNode = ws.nodesByName.get(target);
            if (targetNode != null && targetNode.online) {
                us.addRunning(rsc, targetNode);
            }
        } else if (!nonMonitorAfter(ws, rsc.id, source, op, true)) {
            if (!rsc.danglingMigrations.contains(node)) {
                rsc.danglingMigrations.add(0, node);
            }
        }
    }

    /** unpack_migrate_from_failure: the resource may still be active on the source. */
    static void unpackMigrateFromFailure(WorkingSet ws, UnpackStatus us, Resource rsc, Node node, CibElement op) {
        String[] names = nodeNames(op, null, node);
        if (names == null) {
            return;
        }
        String source = names[0];
        String target = names[1];
        rsc.role = Role.STARTED;
        CibElement sourceMigrateTo = findLrmOp(ws, rsc.id, MIGRATE_TO, source, target, 0);
        if (!unknownOnNode(ws, rsc.id, source) && !newerStateAfterMigrate(ws, rsc.id, source, sourceMigrateTo, op)) {
            Node sourceNode = ws.nodesByName.get(source);
            if (sourceNode != null && sourceNode.online) {
                us.addRunning(rsc, sourceNode);
            }
        }
    }

    /**
     * process_rsc_state: a stop on the migration source after a migrate_to does not stop the partially migrated
     * resource on the target.
     */
    static void keepPartialMigrationActive(Resource rsc, Node node) {
        if (rsc.role == Role.STOPPED && rsc.partialMigrationSource == node && rsc.partialMigrationTarget != null
                && !rsc.runningOn.isEmpty()) {
            rsc.role = Role.STARTED;
        }
    }

    private static void markFailed(Resource rsc) {
        rsc.failed = true;
        rsc.stopFlag = true;
        rsc.migratable = false;
    }

    /** get_migration_node_names: {source, target} or null when missing or not matching the node it was found on. */
    private static String[] nodeNames(CibElement op, Node sourceNode, Node targetNode) {
        String source = op.attr("migrate_source");
        String target = op.attr("migrate_target");
        if (source == null || target == null) {
            return null;
        }
        if (sourceNode != null && !source.equalsIgnoreCase(sourceNode.uname)) {
            return null;
        }
        if (targetNode != null && !target.equalsIgnoreCase(targetNode.uname)) {
            return null;
        }
        return new String[] {source, target};
    }

    /** find_lrm_resource: the history of a resource on the node with this name (any node_state, as an XPath would). */
    private static List<CibElement> lrmResources(WorkingSet ws, String rscId, String nodeName) {
        List<CibElement> out = new ArrayList<>();
        for (CibElement st : ws.cib.status().children("node_state")) {
            if (!nodeName.equals(st.attr("uname"))) {
                continue;
            }
            CibElement lrs = st.path("lrm", "lrm_resources").orElse(null);
            if (lrs == null) {
                continue;
            }
            for (CibElement lr : lrs.children("lrm_resource")) {
                if (rscId.equals(lr.id())) {
                    out.add(lr);
                }
            }
        }
        return out;
    }

    /** find_lrm_op: the first matching history entry; with targetRc >= 0 only if it completed with that rc. */
    private static CibElement findLrmOp(WorkingSet ws, String rscId, String task, String nodeName, String source, int targetRc) {
        CibElement found = null;
        outer:
        for (CibElement lr : lrmResources(ws, rscId, nodeName)) {
            for (CibElement op : lr.children("lrm_rsc_op")) {
                if (!task.equals(op.attr("operation"))) {
                    continue;
                }
                if (source != null && MIGRATE_TO.equals(task) && !source.equals(op.attr("migrate_target"))) {
                    continue;
                }
                if (source != null && MIGRATE_FROM.equals(task) && !source.equals(op.attr("migrate_source"))) {
                    continue;
                }
                found = op;
                break outer;
            }
        }
        if (found != null && targetRc >= 0) {
            if (UnpackStatus.intAttr(found, "rc-code", -1) != targetRc || UnpackStatus.intAttr(found, "op-status", -1) != 0) {
                return null;
            }
        }
        return found;
    }

    /** unknown_on_node: no history entry other than pending ones (rc 193) for the resource on the node. */
    private static boolean unknownOnNode(WorkingSet ws, String rscId, String nodeName) {
        for (CibElement lr : lrmResources(ws, rscId, nodeName)) {
            for (CibElement op : lr.children("lrm_rsc_op")) {
                if (!"193".equals(op.attr("rc-code"))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** non_monitor_after: a start, stop or migration on the node newer than the given entry. */
    private static boolean nonMonitorAfter(WorkingSet ws, String rscId, String nodeName, CibElement xmlOp, boolean sameNode) {
        for (CibElement lr : lrmResources(ws, rscId, nodeName)) {
            for (CibElement op : lr.children("lrm_rsc_op")) {
                if (op == xmlOp) {
                    continue;
                }
                String task = op.attr("operation");
                if (("start".equals(task) || "stop".equals(task) || MIGRATE_TO.equals(task) || MIGRATE_FROM.equals(task))
                        && isNewerOp(op, xmlOp, sameNode) > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** monitor_not_running_after: a probe or monitor on the node, newer than the entry, found it not running. */
    private static boolean monitorNotRunningAfter(WorkingSet ws, String rscId, String nodeName, CibElement xmlOp, boolean sameNode) {
        CibElement monitor = findLrmOp(ws, rscId, "monitor", nodeName, null, 7);
        return monitor != null && isNewerOp(monitor, xmlOp, sameNode) > 0;
    }

    /** newer_state_after_migrate: whether the node has newer state than the migration entries. */
    private static boolean newerStateAfterMigrate(WorkingSet ws, String rscId, String nodeName, CibElement migrateTo,
            CibElement migrateFrom) {
        CibElement xmlOp = migrateFrom != null ? migrateFrom : migrateTo;
        String source = xmlOp.attr("migrate_source");
        String target = xmlOp.attr("migrate_target");
        boolean sameNode = false;
        if (nodeName.equalsIgnoreCase(target)) {
            if (migrateFrom != null) {
                xmlOp = migrateFrom;
                sameNode = true;
            } else {
                xmlOp = migrateTo;
            }
        } else if (nodeName.equalsIgnoreCase(source)) {
            if (migrateTo != null) {
                xmlOp = migrateTo;
                sameNode = true;
            } else {
                xmlOp = migrateFrom;
            }
        }
        return nonMonitorAfter(ws, rscId, nodeName, xmlOp, sameNode)
                || monitorNotRunningAfter(ws, rscId, nodeName, xmlOp, sameNode);
    }

    /** pe__is_newer_op: call-ids compare only on the same node; otherwise last-rc-change decides. */
    static int isNewerOp(CibElement a, CibElement b, boolean sameNode) {
        if (a == b) {
            return 0;
        }
        long ac = UnpackStatus.intAttr(a, "call-id", -1);
        long bc = UnpackStatus.intAttr(b, "call-id", -1);
        if (sameNode || ac < 0 || bc < 0) {
            return UnpackStatus.sortOpByCallId(a, b);
        }
        long la = UnpackStatus.intAttr(a, "last-rc-change", -1);
        long lb = UnpackStatus.intAttr(b, "last-rc-change", -1);
        if (la >= 0 && la < lb) {
            return -1;
        } else if (lb >= 0 && la > lb) {
            return 1;
        }
        return 0;
    }

    // ---- actions

    /** pcmk__rsc_can_migrate. */
    static boolean canMigrate(Resource rsc, Node current) {
        return rsc.migratable && rsc.managed && !rsc.failed && !rsc.startPending && current != null && !current.unclean
                && rsc.allocatedTo != null && !rsc.allocatedTo.unclean;
    }

    /** pcmk__abort_dangling_migration: stop the resource on each source of a dangling migration. */
    static void abortDanglingMigrations(Actions acts, Resource rsc) {
        for (Node source : rsc.danglingMigrations) {
            acts.stop(rsc, source, false).dangle = true;
        }
    }

    /** pcmk__create_migration_actions: migrate_to on the source, migrate_from on the target, start becomes pseudo. */
    static void createActions(Actions acts, Resource rsc, Node current) {
        WorkingSet ws = acts.ws;
        Node target = rsc.allocatedTo;
        Action start = acts.start(rsc, target, true);
        Action stop = acts.stop(rsc, current, true);
        boolean partial = rsc.partialMigrationTarget != null;
        Action migrateTo = null;
        if (!partial) {
            migrateTo = acts.rscAction(rsc, MIGRATE_TO, 0, current, true);
        }
        Action migrateFrom = acts.rscAction(rsc, MIGRATE_FROM, 0, target, true);
        start.migrateRunnable = true;
        stop.migrateRunnable = true;
        start.pseudo = true;
        migrateFrom.migrateRunnable = true;
        String probe = Actions.key(rsc, "monitor", 0);
        String to = Actions.key(rsc, MIGRATE_TO, 0);
        String from = Actions.key(rsc, MIGRATE_FROM, 0);
        if (!partial) {
            migrateTo.migrateRunnable = true;
            migrateTo.needs = start.needs;
            ws.orderings.add(new WorkingSet.OrderingSpec(rsc, probe, null, rsc, to, null, OPTIONAL));
            ws.orderings.add(new WorkingSet.OrderingSpec(rsc, to, null, rsc, from, null, OPTIONAL | IMPLIES_FIRST_MIGRATABLE));
        } else {
            migrateFrom.needs = start.needs;
            ws.orderings.add(new WorkingSet.OrderingSpec(rsc, probe, null, rsc, from, null, OPTIONAL));
        }
        ws.orderings.add(new WorkingSet.OrderingSpec(rsc, from, null, rsc, Actions.key(rsc, "stop", 0), null,
                OPTIONAL | IMPLIES_FIRST_MIGRATABLE));
        ws.orderings.add(new WorkingSet.OrderingSpec(rsc, from, null, rsc, Actions.key(rsc, "start", 0), null,
                OPTIONAL | IMPLIES_FIRST_MIGRATABLE | PSEUDO_LEFT));
        if (migrateTo != null) {
            migrateTo.meta.put("migrate_source", current.uname);
            migrateTo.meta.put("migrate_target", target.uname);
            migrateTo.meta.put("record-pending", "true");
        }
        migrateFrom.meta.put("migrate_source", current.uname);
        migrateFrom.meta.put("migrate_target", target.uname);
    }

    // ---- graph

    /**
     * should_add_input_to_graph: an ordering that only applies to a non-migrating first action, and an optional
     * ordering after the stop of a migration, are left out of the graph.
     */
    static boolean ignoredGraphInput(Action first, int type) {
        if ((type & APPLY_FIRST_NON_MIGRATABLE) != 0 && first.migrateRunnable) {
            return true;
        }
        return type == OPTIONAL && first.migrateRunnable && "stop".equals(first.task);
    }

    // ---- orderings

    /**
     * pcmk__order_migration_equivalents: an ordering between two unrelated resources, at least one migratable, is
     * repeated for the migration actions that stand in for its start or stop.
     */
    static void orderEquivalents(WorkingSet ws, WorkingSet.OrderingSpec o) {
        Resource first = o.firstRsc != null ? o.firstRsc : (o.firstAction == null ? null : o.firstAction.rsc);
        Resource then = o.thenRsc != null ? o.thenRsc : (o.thenAction == null ? null : o.thenAction.rsc);
        if (first == null || then == null || first == then || isParent(first, then) || isParent(then, first)) {
            return;
        }
        boolean firstMigratable = first.migratable;
        boolean thenMigratable = then.migratable;
        if (!firstMigratable && !thenMigratable) {
            return;
        }
        String firstTask = task(first, o.firstAction, o.firstTask);
        String thenTask = task(then, o.thenAction, o.thenTask);
        if (firstTask == null || thenTask == null) {
            return;
        }
        if ("start".equals(firstTask) && "start".equals(thenTask)) {
            int flags = OPTIONAL;
            if (firstMigratable && thenMigratable) {
                add(ws, first, MIGRATE_FROM, then, MIGRATE_TO, flags);
            }
            if (thenMigratable) {
                if (firstMigratable) {
                    flags |= APPLY_FIRST_NON_MIGRATABLE;
                }
                add(ws, first, "start", then, MIGRATE_TO, flags);
            }
        } else if (thenMigratable && "stop".equals(firstTask) && "stop".equals(thenTask)) {
            int flags = OPTIONAL;
            if (firstMigratable) {
                flags |= APPLY_FIRST_NON_MIGRATABLE;
            }
            add(ws, first, "stop", then, MIGRATE_TO, flags);
            if (then.partialMigrationTarget != null) {
                add(ws, first, "stop", then, MIGRATE_FROM, flags);
            }
        } else if ("promote".equals(firstTask) && "start".equals(thenTask)) {
            if (thenMigratable) {
                add(ws, first, "promote", then, MIGRATE_TO, OPTIONAL);
            }
        } else if ("demote".equals(firstTask) && "stop".equals(thenTask)) {
            if (thenMigratable) {
                add(ws, first, "demote", then, MIGRATE_TO, OPTIONAL);
                if (then.partialMigrationTarget != null) {
                    add(ws, first, "demote", then, MIGRATE_FROM, OPTIONAL);
                }
            }
        }
    }

    private static void add(WorkingSet ws, Resource first, String firstTask, Resource then, String thenTask, int flags) {
        ws.orderings.add(new WorkingSet.OrderingSpec(first, Actions.key(first, firstTask, 0), null, then,
                Actions.key(then, thenTask, 0), null, flags));
    }

    /** task_from_action_or_key: the action's task, or the task part of an operation key (rsc_task_interval). */
    private static String task(Resource rsc, Action action, String key) {
        if (action != null) {
            return action.task;
        }
        if (key == null) {
            return null;
        }
        String rest = key.startsWith(rsc.id + "_") ? key.substring(rsc.id.length() + 1) : key;
        int i = rest.lastIndexOf('_');
        return i < 0 ? rest : rest.substring(0, i);
    }

    private static boolean isParent(Resource child, Resource rsc) {
        for (Resource p = child.parent; p != null; p = p.parent) {
            if (p == rsc) {
                return true;
            }
        }
        return false;
    }
}
