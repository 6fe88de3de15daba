package io.tandem.scheduler.internal;

import java.util.Map;

/** Actions that take a primitive from its current role and node to its next ones (pcmk__primitive_create_actions). */
final class PrimitiveActions {
    private final Actions acts;

    PrimitiveActions(Actions acts) {
        this.acts = acts;
    }

    // rsc_state_matrix[current][target] -> next role
    private static final Role[][] NEXT = {
        {Role.UNKNOWN, Role.STOPPED, Role.STOPPED, Role.STOPPED, Role.STOPPED},
        {Role.STOPPED, Role.STOPPED, Role.STARTED, Role.UNPROMOTED, Role.UNPROMOTED},
        {Role.STOPPED, Role.STOPPED, Role.STARTED, Role.UNPROMOTED, Role.PROMOTED},
        {Role.STOPPED, Role.STOPPED, Role.STOPPED, Role.UNPROMOTED, Role.PROMOTED},
        {Role.STOPPED, Role.UNPROMOTED, Role.UNPROMOTED, Role.UNPROMOTED, Role.PROMOTED},
    };

    private enum Fn { NONE, ERR, STOP, START, PROMOTE, DEMOTE }

    private static final Fn[][] FN = {
        {Fn.ERR, Fn.STOP, Fn.ERR, Fn.ERR, Fn.ERR},
        {Fn.ERR, Fn.NONE, Fn.START, Fn.START, Fn.ERR},
        {Fn.ERR, Fn.STOP, Fn.NONE, Fn.NONE, Fn.PROMOTE},
        {Fn.ERR, Fn.STOP, Fn.STOP, Fn.NONE, Fn.PROMOTE},
        {Fn.ERR, Fn.DEMOTE, Fn.DEMOTE, Fn.DEMOTE, Fn.NONE},
    };

    void create(Resource rsc) {
        if (rsc.nextRole == Role.UNKNOWN) {
            rsc.nextRole = rsc.allocatedTo == null ? Role.STOPPED : Role.STARTED;
        }
        boolean needStop = false;
        boolean needPromote = false;
        boolean isMoving = false;
        Node current = rsc.currentNode();
        int allActive = rsc.runningOn.size();
        int cleanActive = 0;
        for (Node n : rsc.runningOn) {
            if (!n.unclean) {
                cleanActive++;
            }
        }
        Migration.abortDanglingMigrations(acts, rsc);
        boolean allowMigrate = false;
        if (current != null && rsc.allocatedTo != null && current != rsc.allocatedTo && !rsc.nextRole.below(Role.STARTED)) {
            isMoving = true;
            allowMigrate = Migration.canMigrate(rsc, current);
            needStop = true;
        }
        boolean multiplyActive = false;
        if (rsc.partialMigrationSource != null && rsc.partialMigrationTarget != null && allowMigrate && allActive == 2
                && current == rsc.partialMigrationSource && rsc.allocatedTo == rsc.partialMigrationTarget) {
            // the partial migration continues to the same target
        } else if (rsc.partialMigrationSource != null || rsc.partialMigrationTarget != null) {
            // a partial migration that cannot continue is recovered
            needStop = true;
            rsc.partialMigrationSource = null;
            rsc.partialMigrationTarget = null;
            allowMigrate = false;
        } else {
            multiplyActive = "fencing".equals(rsc.requires) ? allActive > 1 : cleanActive > 1;
        }
        rsc.stopUnexpected = false;
        if (multiplyActive) {
            if ("stop_start".equals(rsc.multipleActive) || "stop_unexpected".equals(rsc.multipleActive)) {
                needStop = true;
            }
            // stop_resource() will leave the expected node alone
            rsc.stopUnexpected = "stop_unexpected".equals(rsc.multipleActive);
        }
        if (rsc.startPending) {
            // create_pending_start: a pending start is re-issued as required
            if (rsc.allocatedTo != null && rsc.nextRole.ordinal() >= Role.STARTED.ordinal()) {
                acts.start(rsc, rsc.allocatedTo, true).printAlways = true;
            }
        }
        Map<String, String> forced = ConfigChanges.forcedFor(acts.ws, rsc);
        String startKey = Actions.key(rsc, "start", 0);
        if (forced.containsKey(startKey) && rsc.allocatedTo != null) {
            // force_restart made a node-less start required; the first start scheduled takes it over
            Action start = acts.start(rsc, rsc.allocatedTo, false);
            start.reason = forced.get(startKey);
        }
        if (isMoving) {
            // remaining checks only apply to resources staying put
        } else if (rsc.failed) {
            if (rsc.stopFlag) {
                needStop = true;
            } else if (rsc.nextRole == Role.PROMOTED) {
                needPromote = true;
            }
        } else if (rsc.block) {
            needStop = true;
        } else if (rsc.role.above(Role.STARTED) && current != null && rsc.allocatedTo != null) {
            Action start = acts.start(rsc, rsc.allocatedTo, true);
            if (!start.optional) {
                needStop = true;
            }
        }
        scheduleRestart(rsc, current, needStop, needPromote);
        scheduleRoleTransition(rsc);
        recurring(rsc);
        if (allowMigrate) {
            Migration.createActions(acts, rsc, current);
        }
        for (Map.Entry<String, String> e : forced.entrySet()) {
            Action a = rsc.allocatedTo == null ? null : acts.find(e.getKey(), rsc.allocatedTo);
            if (a != null && !e.getKey().equals(startKey)) {
                a.optional = false;
                if (a.reason == null) {
                    a.reason = e.getValue();
                }
            }
        }
    }

    private void scheduleRestart(Resource rsc, Node current, boolean needStop, boolean needPromote) {
        Role role = rsc.role;
        rsc.restarting = true;
        while (role != Role.STOPPED) {
            Role next = NEXT[role.ordinal()][Role.STOPPED.ordinal()];
            Fn fn = FN[role.ordinal()][next.ordinal()];
            if (fn == Fn.NONE || fn == Fn.ERR) {
                break;
            }
            apply(fn, rsc, current, !needStop);
            role = next;
        }
        while (!rsc.role.above(rsc.nextRole) && role != rsc.role && !rsc.block) {
            boolean required = needStop;
            Role next = NEXT[role.ordinal()][rsc.role.ordinal()];
            if (next == Role.PROMOTED && needPromote) {
                required = true;
            }
            Fn fn = FN[role.ordinal()][next.ordinal()];
            if (fn == Fn.NONE || fn == Fn.ERR) {
                break;
            }
            apply(fn, rsc, rsc.allocatedTo, !required);
            role = next;
        }
        rsc.restarting = false;
    }

    private void scheduleRoleTransition(Resource rsc) {
        Role role = rsc.role;
        while (role != rsc.nextRole) {
            Role next = NEXT[role.ordinal()][rsc.nextRole.ordinal()];
            Fn fn = FN[role.ordinal()][next.ordinal()];
            if (fn == Fn.NONE || fn == Fn.ERR) {
                break;
            }
            apply(fn, rsc, rsc.allocatedTo, false);
            role = next;
        }
    }

    private void apply(Fn fn, Resource rsc, Node node, boolean optional) {
        switch (fn) {
            case STOP:
                stopResource(rsc, optional);
                break;
            case START:
                if (node != null) {
                    Action start = acts.start(rsc, node, true);
                    if (start.runnable && !optional) {
                        start.optional = false;
                    }
                    if (isExpectedNode(rsc, node)) {
                        // the resource keeps running there: the restart's start is only a pseudo-action
                        start.pseudo = true;
                    }
                }
                break;
            case PROMOTE:
                if (node != null) {
                    promote(rsc, node, optional);
                }
                break;
            case DEMOTE:
                for (Node n : rsc.runningOn) {
                    if (!isExpectedNode(rsc, n)) {
                        acts.rscAction(rsc, "demote", 0, n, optional);
                    }
                }
                break;
            default:
                break;
        }
    }

    /** is_expected_node: with multiple-active=stop_unexpected, the node the resource stays on during its restart. */
    private static boolean isExpectedNode(Resource rsc, Node node) {
        return rsc.stopUnexpected && rsc.restarting && rsc.nextRole.above(Role.STOPPED) && rsc.allocatedTo == node;
    }

    private void stopResource(Resource rsc, boolean optional) {
        for (Node current : rsc.runningOn) {
            if (isExpectedNode(rsc, current)) {
                continue;
            }
            if (rsc.partialMigrationTarget != null) {
                if (current == rsc.partialMigrationTarget && current == rsc.allocatedTo) {
                    // the migration to this node continues
                    continue;
                }
                optional = false;
            }
            Action stop = acts.stop(rsc, current, optional);
            if (rsc.allocatedTo == null) {
                if (stop.reason == null) {
                    stop.reason = "node availability";
                }
            } else if (rsc.restarting && rsc.stopUnexpected && stop.reason == null) {
                stop.reason = "being multiply active";
            }
            if (!rsc.managed) {
                stop.runnable = false;
            }
        }
    }

    private void promote(Resource rsc, Node node, boolean optional) {
        boolean runnable = true;
        for (Action s : acts.rscActions(rsc, "start", node)) {
            if (!s.runnable) {
                runnable = false;
            }
        }
        if (runnable) {
            Action promote = acts.rscAction(rsc, "promote", 0, node, optional);
            if (isExpectedNode(rsc, node)) {
                promote.pseudo = true;
            }
        } else {
            for (Action p : acts.rscActions(rsc, "promote", node)) {
                p.runnable = false;
            }
        }
    }

    // ---- recurring monitors (pcmk__create_recurring_actions)

    private void recurring(Resource rsc) {
        if (rsc.block || rsc.maintenance) {
            return;
        }
        Action start = null;
        if (rsc.allocatedTo == null) {
            // nothing for active roles
        } else if (rsc.allocatedTo.maintenance) {
            // skip
        } else if (rsc.nextRole != Role.STOPPED || !rsc.managed) {
            start = acts.start(rsc, rsc.allocatedTo, true);
        }
        for (OpDef op : rsc.ops) {
            if (op.intervalMs() <= 0 || !op.enabled() || CANNOT_RECUR.contains(op.name()) || isOpDup(rsc, op)) {
                continue;
            }
            String key = op.key(rsc.id);
            if (start != null) {
                forActive(rsc, start, rsc.allocatedTo, op, key);
            }
            forInactive(rsc, rsc.allocatedTo, op, key);
        }
    }

    private static final java.util.Set<String> CANNOT_RECUR =
            java.util.Set.of("stop", "start", "demote", "promote", "reload-agent", "migrate_to", "migrate_from");

    /** is_op_dup: every op sharing its name and interval with another one is ignored (a configuration error). */
    private static boolean isOpDup(Resource rsc, OpDef op) {
        int n = 0;
        for (OpDef o : rsc.ops) {
            if (o.name() != null && o.name().equals(op.name()) && o.intervalMs() == op.intervalMs()) {
                n++;
            }
        }
        return n > 1;
    }

    /** recurring_op_for_inactive: monitors configured for role Stopped run on every node the resource will not be on. */
    private void forInactive(Resource rsc, Node node, OpDef op, String key) {
        if (op.role() != Role.STOPPED) {
            return;
        }
        if (!rsc.unique && rsc.inClone()) {
            // Pacemaker does not support Stopped-role monitors for anonymous clones
            return;
        }
        for (Node stopNode : acts.ws.nodes) {
            if (node != null && stopNode.uname.equalsIgnoreCase(node.uname)) {
                cancelIfRunning(rsc, node, key, op);
                continue;
            }
            boolean isOptional = acts.find(key, stopNode) != null || acts.status.activeRecurring.contains(key + "@" + stopNode.id);
            Action mon = acts.rscAction(rsc, op.name(), op.intervalMs(), stopNode, isOptional);
            mon.meta.put("op_target_rc", "7");
            if (rsc.managed) {
                for (Action probe : acts.rscActions(rsc, "monitor", stopNode)) {
                    if (probe.intervalMs == 0) {
                        Actions.order(probe, mon, Constraints.RUNNABLE_LEFT);
                    }
                }
            }
            for (Action stop : acts.rscActions(rsc, "stop", stopNode)) {
                if (!stop.optional && !mon.optional && !rsc.managed) {
                    mon.optional = true;
                }
                if (!stop.runnable) {
                    mon.runnable = false;
                }
                if (rsc.managed) {
                    acts.ws.orderings.add(new WorkingSet.OrderingSpec(rsc, Actions.key(rsc, "stop", 0), stop, null, null, mon,
                            Constraints.IMPLIES_THEN | Constraints.RUNNABLE_LEFT));
                }
            }
            if (!stopNode.online || stopNode.unclean) {
                mon.runnable = false;
            }
        }
    }

    /** cancel_if_running: a Stopped-role monitor active where the resource is going to run is cancelled first. */
    private void cancelIfRunning(Resource rsc, Node node, String key, OpDef op) {
        if (acts.find(key, node) == null && !acts.status.activeRecurring.contains(key + "@" + node.id)) {
            return;
        }
        Action cancel = acts.rscAction(rsc, "cancel", op.intervalMs(), node, false);
        cancel.meta.put("cancel_key", key);
        cancel.meta.put("cancel_task", op.name());
        if (rsc.nextRole == Role.STARTED || rsc.nextRole == Role.UNPROMOTED) {
            acts.ws.orderings.add(new WorkingSet.OrderingSpec(rsc, null, cancel, rsc, Actions.key(rsc, "start", 0), null,
                    Constraints.RUNNABLE_LEFT));
        }
    }

    private void forActive(Resource rsc, Action start, Node node, OpDef op, String key) {
        if (op.role() == Role.STOPPED) {
            return;
        }
        boolean isOptional = shouldBeOptional(rsc, node, key, start);
        if ((op.role() != Role.UNKNOWN && rsc.nextRole != op.role())
                || (op.role() == Role.UNKNOWN && rsc.nextRole == Role.PROMOTED)) {
            if (isOptional) {
                Action cancel = acts.rscAction(rsc, "cancel", op.intervalMs(), node, false);
                cancel.meta.put("cancel_key", key);
                cancel.meta.put("cancel_task", op.name());
                String afterTask = null;
                switch (rsc.role) {
                    case UNPROMOTED:
                    case STARTED:
                        if (rsc.nextRole == Role.PROMOTED) {
                            afterTask = "promote";
                        } else if (rsc.nextRole == Role.STOPPED) {
                            afterTask = "stop";
                        }
                        break;
                    case PROMOTED:
                        afterTask = "demote";
                        break;
                    default:
                        break;
                }
                if (afterTask != null) {
                    acts.ws.orderings.add(new WorkingSet.OrderingSpec(rsc, null, cancel, rsc, Actions.key(rsc, afterTask, 0), null,
                            Constraints.RUNNABLE_LEFT));
                }
            }
            return;
        }
        Action mon = acts.rscAction(rsc, op.name(), op.intervalMs(), node, isOptional);
        if (!start.runnable) {
            mon.runnable = false;
        } else if (node == null || !node.online || node.unclean) {
            mon.runnable = false;
        }
        if (rsc.managed) {
            acts.ws.orderings.add(new WorkingSet.OrderingSpec(rsc, Actions.key(rsc, "start", 0), null, null, null, mon,
                    Constraints.IMPLIES_THEN | Constraints.RUNNABLE_LEFT));
            if (rsc.nextRole == Role.PROMOTED) {
                acts.ws.orderings.add(new WorkingSet.OrderingSpec(rsc, Actions.key(rsc, "promote", 0), null, null, null, mon,
                        Constraints.OPTIONAL | Constraints.RUNNABLE_LEFT));
            } else if (rsc.role == Role.PROMOTED) {
                acts.ws.orderings.add(new WorkingSet.OrderingSpec(rsc, Actions.key(rsc, "demote", 0), null, null, null, mon,
                        Constraints.OPTIONAL | Constraints.RUNNABLE_LEFT));
            }
        }
    }

    private boolean shouldBeOptional(Resource rsc, Node node, String key, Action start) {
        if (node == null) {
            return false;
        }
        if (!start.optional) {
            return false;
        }
        if (acts.status.rescheduled.contains(key + "@" + node.id)) {
            return false;
        }
        return acts.status.activeRecurring.contains(key + "@" + node.id);
    }
}
