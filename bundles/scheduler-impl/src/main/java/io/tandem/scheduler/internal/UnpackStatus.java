package io.tandem.scheduler.internal;

import io.tandem.cib.CibElement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stage: resource operation history (lrm) per node. Replays each resource's operations in call-id order to find
 * its current role, where it runs, its failures and on-fail handling (unpack_lrm_resource, unpack_rsc_op).
 */
final class UnpackStatus {
    enum OnFail { IGNORE, DEMOTE, RECOVER, RESTART_CONTAINER, RESET_REMOTE, BLOCK, STOP, STANDBY, FENCE, MIGRATE }

    /** Recurring operations found active in the history: "key@node". */
    final Set<String> activeRecurring = new HashSet<>();
    /**
     * Recurring operations whose failure expired: Pacemaker forces their restart digest so that the configuration
     * check reschedules them (the history XML is immutable here, so they are remembered instead).
     */
    final Set<CibElement> expiredRecurring = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    /** Actions a definition change made required, by resource: action key to reason (ConfigChanges). */
    final Map<Resource, Map<String, String>> forced = new java.util.LinkedHashMap<>();
    /** Recurring operations whose parameters changed and must run again: "key@node" (pe_action_reschedule). */
    final Set<String> rescheduled = new HashSet<>();
    /** Resources reloaded in place instead of restarted (pe_rsc_reload). */
    final Set<Resource> reloading = new java.util.LinkedHashSet<>();
    private final WorkingSet ws;
    private final Actions acts;
    private Map<String, Resource> cloneByTemplate;
    private int cloneByTemplateSize;

    private UnpackStatus(WorkingSet ws) {
        this.ws = ws;
        this.acts = new Actions(ws, this);
    }

    static UnpackStatus run(WorkingSet ws) {
        UnpackStatus us = new UnpackStatus(ws);
        List<CibElement> states = ws.cib.status().children("node_state");
        Set<Node> done = new HashSet<>();
        // unpack_node_history: without fencing and shutdown locks, offline nodes' histories are never unpacked
        // (so active instances get the low instance numbers); otherwise every node goes in status order
        boolean offlineToo = ws.stonithEnabled || Rules.isTrue(ws.config.get("shutdown-lock"));
        for (CibElement st : states) {
            Node n = find(ws, st);
            if (n != null && (n.online || offlineToo) && done.add(n)) {
                us.unpackNode(n, st);
            }
        }
        return us;
    }

    private static Node find(WorkingSet ws, CibElement st) {
        Node n = ws.nodesById.get(st.attr("id"));
        return n != null ? n : ws.nodesByName.get(st.attr("uname"));
    }

    private void unpackNode(Node node, CibElement st) {
        CibElement lrm = st.path("lrm", "lrm_resources").orElse(null);
        if (lrm == null) {
            return;
        }
        for (CibElement lr : lrm.children("lrm_resource")) {
            unpackLrmResource(node, lr);
        }
    }

    private void unpackLrmResource(Node node, CibElement lr) {
        String id = lr.id();
        List<CibElement> ops = new ArrayList<>(lr.children("lrm_rsc_op"));
        Resource rsc = findResource(node, id, lr, ops);
        if (rsc == null) {
            return;
        }
        if (!id.equals(rsc.id) && !id.equals(rsc.cloneName)) {
            rsc.cloneName = id;
        }
        if (ws.shutdownLock) {
            Fencing.unpackShutdownLock(ws, acts, lr, rsc, node);
        }
        List<CibElement> sorted = CloneAssign.glibSort(ops, UnpackStatus::sortOpByCallId);
        ops.clear();
        ops.addAll(sorted);
        rsc.history.computeIfAbsent(node, k -> new ArrayList<>()).addAll(ops);
        Role saved = rsc.role;
        rsc.role = Role.UNKNOWN;
        OpState state = new OpState();
        for (CibElement op : ops) {
            unpackOp(rsc, node, op, state);
        }
        int[] idx = activeOps(ops);
        processRecurring(node, rsc, idx[0], idx[1], ops);
        processRscState(rsc, node, state.onFail);
        if ((rsc.role == Role.STOPPED || rsc.role == Role.UNKNOWN) && rsc.cloneName != null
                && rsc.cloneName.indexOf(':') >= 0) {
            // process_rsc_state: a history that leaves the instance stopped does not name it
            rsc.cloneName = null;
        }
        Role req = Role.parse(rsc.meta.get("target-role"));
        if (rsc.meta.get("target-role") != null && req != Role.UNKNOWN && !Promotable.ignoresTargetRole(rsc, req)) {
            if (rsc.nextRole == Role.UNKNOWN || req.below(rsc.nextRole)) {
                rsc.nextRole = req;
            }
        }
        if (saved.above(rsc.role)) {
            rsc.role = saved;
        }
    }

    /**
     * sort_op_by_callid: call-id order; a pending operation (call-id -1) is placed by the transition number in its
     * transition-magic when both come from the same transition engine, otherwise after the completed one.
     */
    static int sortOpByCallId(CibElement a, CibElement b) {
        long ac = rawCallId(a);
        long bc = rawCallId(b);
        if (ac == -1 && bc == -1) {
            return 0;
        } else if (ac >= 0 && ac < bc) {
            return -1;
        } else if (bc >= 0 && ac > bc) {
            return 1;
        } else if (bc >= 0 && ac == bc) {
            long la = longAttr(a, "last-rc-change");
            long lb = longAttr(b, "last-rc-change");
            if (la >= 0 && la < lb) {
                return -1;
            } else if (lb >= 0 && la > lb) {
                return 1;
            }
            return 0;
        }
        String[] am = decodeMagic(a.attr("transition-magic"));
        String[] bm = decodeMagic(b.attr("transition-magic"));
        if (am == null || bm == null) {
            return 0;
        }
        long aid = parseLong(am[1], -1);
        long bid = parseLong(bm[1], -1);
        if (!am[0].equalsIgnoreCase(bm[0]) || aid == bid) {
            if (bc == -1) {
                return -1;
            } else if (ac == -1) {
                return 1;
            }
        } else if ((aid >= 0 && aid < bid) || bid == -1) {
            return -1;
        } else if ((bid >= 0 && aid > bid) || aid == -1) {
            return 1;
        }
        return 0;
    }

    /** decode_transition_magic: "status:rc;action:transition:target-rc:uuid" to {uuid, transition}. */
    private static String[] decodeMagic(String magic) {
        if (magic == null) {
            return null;
        }
        int semi = magic.indexOf(';');
        String[] key = magic.substring(semi + 1).split(":", 4);
        if (semi < 0 || key.length < 4) {
            return null;
        }
        return new String[] {key[3], key[1]};
    }

    private static long rawCallId(CibElement op) {
        return parseLong(op.attr("call-id"), -1);
    }

    private static long longAttr(CibElement op, String name) {
        return parseLong(op.attr(name), -1);
    }

    private static long parseLong(String s, long dflt) {
        if (s == null) {
            return dflt;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    static long callId(CibElement op) {
        String c = op.attr("call-id");
        if (c == null) {
            return Long.MAX_VALUE;
        }
        try {
            long v = Long.parseLong(c.trim());
            return v < 0 ? Long.MAX_VALUE - 1 : v;
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private Resource findResource(Node node, String id, CibElement lr, List<CibElement> ops) {
        Resource r = ws.byId.get(id);
        if (r != null && r.isPrimitive() && (r.parent == null || !r.inClone() || r.unique)) {
            if (r.inClone() && !r.id.contains(":")) {
                r = null;
            } else {
                return r;
            }
        }
        String base = id;
        int colon = id.lastIndexOf(':');
        if (colon > 0) {
            base = id.substring(0, colon);
        }
        // an anonymous clone member: its primitive template is named by the base id
        Resource clone = cloneByTemplate().get(base);
        if (clone != null) {
            if (clone.unique) {
                Resource inst = ws.byId.get(id);
                if (inst != null) {
                    return inst;
                }
                return orphanInstance(clone, base, id);
            }
            return findAnonymous(node, clone, base);
        }
        // orphan: in the history but no longer configured, or no longer a primitive (unpack_find_resource); a
        // configured collective resource of the same id keeps its name for lookups
        Resource configured = ws.byId.get(id);
        if (!ws.stopOrphanResources && false) {
            return null;
        }
        CibElement fake = CibElement.of("primitive", "id", id, "class", lr.attr("class", "ocf"), "type", lr.attr("type", "unknown"));
        if (lr.attr("provider") != null) {
            fake = fake.withAttribute("provider", lr.attr("provider"));
        }
        Resource o = UnpackResources.unpack(ws, fake, null);
        if (configured != null) {
            ws.byId.put(id, configured);
        }
        o.orphan = true;
        o.managed = ws.stopOrphanResources && o.managed;
        if (ws.stopOrphanResources) {
            // process_orphan_resource: "__orphan_do_not_run__"
            Failures.locationAllAllowed(o, -Scores.INFINITY);
        }
        ws.resources.add(o);
        return o;
    }

    private Resource orphanInstance(Resource clone, String base, String id) {
        CibElement child = UnpackResources.cloneChildXml(clone);
        int n = clone.nextInstance++;
        Resource inst = UnpackResources.createInstance(ws, clone, child, n);
        markOrphan(inst);
        Resource r = ws.byId.get(base + ":" + n);
        return r;
    }

    private static void markOrphan(Resource inst) {
        inst.orphan = true;
        for (Resource c : inst.children) {
            markOrphan(c);
        }
    }

    /**
     * The first clone (in configuration order) whose primitive template, or a primitive of whose group template,
     * has the given id. Rebuilt when resources were added (orphans), which cannot add clones but keeps it exact.
     */
    private Map<String, Resource> cloneByTemplate() {
        if (cloneByTemplate == null || cloneByTemplateSize != ws.byId.size()) {
            Map<String, Resource> m = new java.util.HashMap<>();
            for (Resource c : ws.byId.values()) {
                if (!c.isClone()) {
                    continue;
                }
                CibElement child = UnpackResources.cloneChildXml(c);
                if (child == null) {
                    continue;
                }
                if (child.name().equals("primitive")) {
                    m.putIfAbsent(child.id(), c);
                } else if (child.name().equals("group")) {
                    for (CibElement member : child.children("primitive")) {
                        m.putIfAbsent(member.id(), c);
                    }
                }
            }
            cloneByTemplate = m;
            cloneByTemplateSize = ws.byId.size();
        }
        return cloneByTemplate;
    }

    private Resource findAnonymous(Node node, Resource clone, String base) {
        Resource found = null;
        Resource inactive = null;
        boolean skipInactive = false;
        for (Resource child : clone.children) {
            List<Node> locs = locations(child);
            if (!locs.isEmpty()) {
                if (locs.get(0) == node) {
                    Resource member = member(child, base);
                    if (member != null) {
                        if (!member.runningOn.isEmpty()) {
                            skipInactive = true;
                        } else {
                            found = member;
                            break;
                        }
                    }
                }
            } else if (!skipInactive && inactive == null && !isBlocked(child)) {
                inactive = member(child, base);
                if (inactive != null && inactive.pendingNode != null && inactive.pendingNode != node) {
                    inactive = null;
                }
            }
        }
        if (found == null && !skipInactive && inactive != null) {
            found = inactive;
        }
        if (found != null && !"fencing".equals(found.requires) && (!node.online || node.unclean)
                && !universal(clone)) {
            found = null;
        }
        if (found == null) {
            CibElement child = UnpackResources.cloneChildXml(clone);
            int n = clone.nextInstance++;
            Resource inst = UnpackResources.createInstance(ws, clone, child, n);
            markOrphan(inst);
            found = member(inst, base);
        }
        return found;
    }

    private boolean universal(Resource clone) {
        // a clone whose instances can run on every node (clone-max >= number of nodes)
        return clone.cloneMax >= ws.nodes.size();
    }

    private static boolean isBlocked(Resource r) {
        if (r.block) {
            return true;
        }
        for (Resource c : r.children) {
            if (isBlocked(c)) {
                return true;
            }
        }
        return false;
    }

    private static Resource member(Resource instance, String base) {
        if (instance.isPrimitive()) {
            return instance.baseId().equals(base) ? instance : null;
        }
        for (Resource c : instance.children) {
            if (c.baseId().equals(base)) {
                return c;
            }
        }
        return null;
    }

    private static List<Node> locations(Resource r) {
        List<Node> out = new ArrayList<>();
        for (Resource p : r.primitives()) {
            for (Node n : p.runningOn) {
                if (!out.contains(n)) {
                    out.add(n);
                }
            }
            if (p.pendingNode != null && !out.contains(p.pendingNode)) {
                out.add(p.pendingNode);
            }
        }
        return out;
    }

    private static final class OpState {
        OnFail onFail = OnFail.IGNORE;
        CibElement lastFailure;
    }

    static int targetRc(CibElement op) {
        String key = op.attr("transition-key");
        if (key == null) {
            return -1;
        }
        // the third of the ':'-separated fields, as key.split(":")[2] when split yields at least four fields
        // (split drops trailing empty fields, so a non-empty field must follow the third colon)
        int c1 = key.indexOf(':');
        int c2 = c1 < 0 ? -1 : key.indexOf(':', c1 + 1);
        int c3 = c2 < 0 ? -1 : key.indexOf(':', c2 + 1);
        if (c3 < 0) {
            return -1;
        }
        boolean more = false;
        for (int i = c3 + 1; i < key.length() && !more; i++) {
            more = key.charAt(i) != ':';
        }
        if (!more) {
            return -1;
        }
        try {
            return Integer.parseInt(key, c2 + 1, c3, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static int intAttr(CibElement op, String name, int dflt) {
        String v = op.attr(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    static boolean isProbe(CibElement op) {
        return "monitor".equals(op.attr("operation")) && intAttr(op, "interval", 0) == 0;
    }

    private void unpackOp(Resource rsc, Node node, CibElement op, OpState state) {
        String task = op.attr("operation");
        int rc = intAttr(op, "rc-code", 0);
        int status = intAttr(op, "op-status", 0);
        long interval = intAttr(op, "interval", 0);
        int target = targetRc(op);
        if (task == null) {
            return;
        }
        if ("notify".equals(task) || "meta-data".equals(task)) {
            return;
        }
        // PCMK_EXEC_PENDING
        if (status == -1) {
            if ("start".equals(task)) {
                rsc.role = Role.STARTED;
                rsc.startPending = true;
            } else if ("promote".equals(task)) {
                rsc.role = Role.PROMOTED;
            } else if (Migration.MIGRATE_TO.equals(task) && node.unclean) {
                // the migration may have reached the target: stop it there too
                Node migrationTarget = ws.nodesByName.get(op.attr("migrate_target"));
                if (migrationTarget != null) {
                    acts.stop(rsc, migrationTarget, false);
                }
            }
            // a pending probe is neither shown nor ties the instance to the node; only the first pending op counts
            if (rsc.pendingTask == null && (interval != 0 || !"monitor".equals(task))) {
                rsc.pendingTask = task;
                rsc.pendingNode = node;
            }
            return;
        }
        boolean expired = status != 7 && checkOperationExpiry(rsc, node, op, task, rc, interval);
        // degraded monitor results count as their error-free equivalents (still listed as failed actions)
        if ("monitor".equals(task) && (rc == 190 || rc == 191)) {
            rc = rc == 190 ? 0 : 8;
            recordFailed(rsc, node, op);
        }
        if (expired && rc != target) {
            if (interval > 0 && node.online && !node.unclean) {
                expiredRecurring.add(op);
            }
            return;
        }
        boolean probe = isProbe(op);
        // remap_operation
        if (status == 0 || status == 4) {
            status = 0;
            if (target < 0) {
                status = 4;
            } else if (target != rc) {
                status = 4;
            }
            switch (rc) {
                case 0:
                    if (probe && target == 7) {
                        status = 0;
                    }
                    break;
                case 7:
                    if (probe || target == rc || !rsc.managed) {
                        status = 0;
                        rsc.role = Role.STOPPED;
                        state.onFail = OnFail.IGNORE;
                        rsc.nextRole = Role.UNKNOWN;
                    }
                    break;
                case 8:
                    if (probe && rc != target) {
                        status = 0;
                    }
                    rsc.role = Role.PROMOTED;
                    break;
                case 9:
                    rsc.role = Role.PROMOTED;
                    status = 4;
                    break;
                case 6:
                    status = 6; // fatal
                    break;
                case 3:
                    if (interval > 0) {
                        status = 3; // not supported
                        break;
                    }
                    status = 5;
                    break;
                case 5:
                case 2:
                case 4:
                    status = 5; // hard error
                    break;
                default:
                    if (status == 0) {
                        status = 4;
                    }
                    break;
            }
        }
        switch (status) {
            case 0:
                updateState(rsc, node, op, task, rc, state);
                break;
            case 7: // not installed
            case 1: // cancelled
            case 2: // timeout
            case 3:
            case 4:
            case 5:
            case 6:
            default: {
                OnFail strategy = onFail(rsc, task, interval);
                if (status == 1) {
                    break;
                }
                if (strategy == OnFail.IGNORE) {
                    updateState(rsc, node, op, task, rc, state);
                    recordFailed(rsc, node, op);
                    rsc.failureIgnored = true;
                } else {
                    opFailure(rsc, node, op, task, rc, status, state);
                }
                break;
            }
        }
    }

    /**
     * check_operation_expiry: whether a history entry is older than the resource's failure-timeout (and its fail
     * count expired with it); schedules clearing the fail count when it expired or the parameters changed.
     */
    private boolean checkOperationExpiry(Resource rsc, Node node, CibElement op, String task, int rc, long interval) {
        boolean expired = false;
        boolean isLastFailure = op.id() != null && op.id().endsWith("_last_failure_0");
        int unexpired = 0;
        long lastRun = intAttr(op, "last-rc-change", -1);
        if (rsc.failureTimeoutSec > 0 && lastRun >= 0) {
            if (ws.now >= lastRun + rsc.failureTimeoutSec) {
                expired = true;
            }
            unexpired = Failures.failCount(ws, rsc, node, op, true);
        }
        String clearReason = null;
        if (expired) {
            if (Failures.failCount(ws, rsc, node, op, false) != 0) {
                if (unexpired == 0) {
                    clearReason = "it expired";
                } else {
                    expired = false;
                }
            }
        }
        if (!expired && isLastFailure && ("start".equals(task) || "monitor".equals(task))) {
            Digests.Result r = Digests.compare(ws, rsc, node, op).result();
            if (r != Digests.Result.UNKNOWN && r != Digests.Result.MATCH) {
                clearReason = "resource parameters have changed";
            }
        }
        if (clearReason != null) {
            Failures.clearFailcount(acts, rsc, node);
        }
        if (expired && interval == 0 && "monitor".equals(task)) {
            switch (rc) {
                case 0:
                case 7:
                case 8:
                case 190:
                case 191:
                    expired = false;
                    break;
                default:
                    break;
            }
        }
        return expired;
    }

    OnFail onFail(Resource rsc, String task, long interval) {
        String value = null;
        for (OpDef d : rsc.ops) {
            if (d.name().equals(task) && d.intervalMs() == interval) {
                value = d.meta().get("on-fail");
                break;
            }
        }
        if (value == null && "monitor".equals(task) && interval == 0) {
            // probes use the on-fail of the first enabled recurring monitor? Pacemaker uses defaults
            value = null;
        }
        if (value == null) {
            value = ws.opDefaults.get("on-fail");
        }
        if (value == null) {
            if ("stop".equals(task)) {
                return ws.stonithEnabled ? OnFail.FENCE : OnFail.BLOCK;
            }
            return OnFail.RECOVER;
        }
        switch (value) {
            case "ignore":
                return OnFail.IGNORE;
            case "block":
                return OnFail.BLOCK;
            case "stop":
                return OnFail.STOP;
            case "standby":
                return OnFail.STANDBY;
            case "fence":
                return ws.stonithEnabled ? OnFail.FENCE : OnFail.BLOCK;
            case "demote":
                return OnFail.DEMOTE;
            case "restart-container":
                return OnFail.RECOVER;
            default:
                return OnFail.RECOVER;
        }
    }

    private void setActive(Resource rsc) {
        Resource top = rsc.top();
        if (top.isClone() && top.promotable) {
            rsc.role = Role.UNPROMOTED;
        } else {
            rsc.role = Role.STARTED;
        }
    }

    private void updateState(Resource rsc, Node node, CibElement op, String task, int rc, OpState state) {
        boolean clearPast = false;
        if (rc == 7) {
            clearPast = true;
        } else if (rc == 5) {
            rsc.role = Role.STOPPED;
        } else if ("monitor".equals(task)) {
            if (state.lastFailure != null) {
                if (opKey(op).equals(opKey(state.lastFailure))) {
                    clearPast = true;
                }
            }
            if (rsc.role.below(Role.STARTED)) {
                setActive(rsc);
            }
        } else if ("start".equals(task)) {
            rsc.role = Role.STARTED;
            clearPast = true;
        } else if ("stop".equals(task)) {
            rsc.role = Role.STOPPED;
            clearPast = true;
        } else if ("promote".equals(task)) {
            rsc.role = Role.PROMOTED;
            clearPast = true;
        } else if ("demote".equals(task)) {
            if (state.onFail == OnFail.DEMOTE) {
                clearPast = true;
            }
            rsc.role = Role.UNPROMOTED;
        } else if ("migrate_from".equals(task)) {
            rsc.role = Role.STARTED;
            clearPast = true;
        } else if ("migrate_to".equals(task)) {
            Migration.unpackMigrateToSuccess(ws, this, rsc, node, op);
        } else if (rsc.role.below(Role.STARTED)) {
            setActive(rsc);
        }
        if (clearPast) {
            switch (state.onFail) {
                case STOP:
                case FENCE:
                case MIGRATE:
                case STANDBY:
                    break;
                default:
                    state.onFail = OnFail.IGNORE;
                    rsc.nextRole = Role.UNKNOWN;
                    break;
            }
        }
    }

    static String opKey(CibElement op) {
        String k = op.attr("operation_key");
        return k != null ? k : op.attr("operation") + "_" + op.attr("interval");
    }

    /** record_failed_op: failures on online nodes, once per operation key and node, in unpack order. */
    private void recordFailed(Resource rsc, Node node, CibElement op) {
        rsc.failedOps.add(op);
        if (!node.online) {
            return;
        }
        String key = op.attr("operation_key");
        for (WorkingSet.FailedOp f : ws.failedOps) {
            if (f.node() == node && java.util.Objects.equals(key, f.op().attr("operation_key"))) {
                return;
            }
        }
        ws.failedOps.add(new WorkingSet.FailedOp(op, node, rsc));
    }

    private void opFailure(Resource rsc, Node node, CibElement op, String task, int rc, int status, OpState state) {
        state.lastFailure = op;
        boolean probe = isProbe(op);
        if (!(probe && rc == 5)) {
            recordFailed(rsc, node, op);
        }
        OnFail actionOnFail = onFail(rsc, task, intAttr(op, "interval", 0));
        Role failRole = actionOnFail == OnFail.STOP ? Role.STOPPED : Role.STARTED;
        if (status == 6 || status == 5 && !ws.stonithEnabled && "stop".equals(task)) {
            // fatal errors ban the resource everywhere
        }
        if (actionOnFail.ordinal() > state.onFail.ordinal()) {
            state.onFail = actionOnFail;
        }
        if ("stop".equals(task)) {
            Failures.ban(ws, rsc, node, "__stop_fail__");
        } else if (Migration.MIGRATE_TO.equals(task)) {
            Migration.unpackMigrateToFailure(ws, this, rsc, node, op);
        } else if (Migration.MIGRATE_FROM.equals(task)) {
            Migration.unpackMigrateFromFailure(ws, this, rsc, node, op);
        } else if ("promote".equals(task)) {
            rsc.role = Role.PROMOTED;
        } else if ("demote".equals(task)) {
            if (actionOnFail == OnFail.BLOCK) {
                rsc.role = Role.PROMOTED;
                rsc.nextRole = Role.STOPPED;
            } else if (rc == 7) {
                rsc.role = Role.STOPPED;
            } else {
                rsc.role = Role.UNPROMOTED;
            }
        }
        if (probe && rc == 5) {
            rsc.role = Role.STOPPED;
        } else if (rsc.role.below(Role.STARTED)) {
            setActive(rsc);
        }
        if (failRole != Role.STARTED && rsc.nextRole.below(failRole)) {
            rsc.nextRole = failRole;
        }
        if (failRole == Role.STOPPED) {
            Resource failRsc = rsc;
            Resource top = rsc.top();
            if (rsc.parent != null && top.isClone() && !top.unique) {
                failRsc = rsc.parent;
            }
            for (Node n : ws.nodes) {
                failRsc.allowed.put(n, -Scores.INFINITY);
            }
            failRsc.meta.put("__banned_everywhere", "true");
        }
        // hard and fatal errors prevent the resource from running on this node or anywhere
        // an anonymous clone instance's failure bans the whole clone (unpack_rsc_op's uber_parent)
        Resource banned = rsc.inClone() && !rsc.unique ? rsc.top() : rsc;
        if (status == 5) {
            Failures.ban(ws, banned, node, "hard-error");
        } else if (status == 6) {
            for (Node n : ws.nodes) {
                Failures.ban(ws, banned, n, "fatal-error");
            }
        }
    }

    static int[] activeOps(List<CibElement> ops) {
        int counter = -1;
        int impliedMonitorStart = -1;
        int impliedCloneStart = -1;
        int stop = -1;
        int start = -1;
        for (CibElement op : ops) {
            counter++;
            String task = op.attr("operation");
            String status = op.attr("op-status");
            if ("stop".equals(task) && "0".equals(status)) {
                stop = counter;
            } else if ("start".equals(task) || "migrate_from".equals(task)) {
                start = counter;
            } else if (impliedMonitorStart <= stop && "monitor".equals(task)) {
                String rc = op.attr("rc-code");
                if ("0".equals(rc) || "8".equals(rc)) {
                    impliedMonitorStart = counter;
                }
            } else if ("promote".equals(task) || "demote".equals(task)) {
                impliedCloneStart = counter;
            }
        }
        if (start == -1) {
            if (impliedCloneStart != -1) {
                start = impliedCloneStart;
            } else if (impliedMonitorStart != -1) {
                start = impliedMonitorStart;
            }
        }
        return new int[] {start, stop};
    }

    private void processRecurring(Node node, Resource rsc, int start, int stop, List<CibElement> ops) {
        int counter = -1;
        for (CibElement op : ops) {
            counter++;
            if (!node.online) {
                break;
            } else if (start < stop && counter <= stop) {
                continue;
            } else if (counter < start) {
                continue;
            }
            int interval = intAttr(op, "interval", 0);
            if (interval == 0) {
                continue;
            }
            if ("-1".equals(op.attr("op-status"))) {
                continue;
            }
            activeRecurring.add(rsc.id + "_" + op.attr("operation") + "_" + interval + "@" + node.id);
            // process_recurring creates each active recurring operation as an optional action while unpacking
            acts.rscAction(rsc, op.attr("operation"), interval, node, true);
        }
    }

    private void processRscState(Resource rsc, Node node, OnFail onFail) {
        if (rsc.role != Role.UNKNOWN) {
            Resource it = rsc;
            while (it != null) {
                it.knownOn.add(node);
                if (it.unique && it.isPrimitive() && it.parent != null && !it.inClone()) {
                    // group member outside clones: the group learns too
                }
                if (it.unique && !it.isPrimitive()) {
                    break;
                }
                if (it.isPrimitive() && it.unique && !it.inClone()) {
                    break;
                }
                it = it.parent;
            }
        }
        if (rsc.role.above(Role.STOPPED) && !node.online && !node.maintenance && rsc.managed) {
            if (ws.stonithEnabled) {
                UnpackNodes.fence(ws, node, rsc.id + " is thought to be active there");
            }
        }
        OnFail saveOnFail = onFail;
        if (node.unclean) {
            onFail = OnFail.IGNORE;
        }
        switch (onFail) {
            case DEMOTE:
                rsc.failed = true;
                rsc.meta.put("__demote_on_fail@" + node.id, "true");
                // demote_action: created (required) while unpacking, so it precedes every scheduled action
                acts.rscAction(rsc, "demote", 0, node, false);
                break;
            case FENCE:
                UnpackNodes.fence(ws, node, rsc.id + " failed there");
                break;
            case STANDBY:
                node.standby = true;
                node.standbyOnFail = true;
                break;
            case BLOCK:
                rsc.managed = false;
                rsc.block = true;
                break;
            case MIGRATE:
                Failures.ban(ws, rsc, node, "__action_migration_auto__");
                break;
            case STOP:
                rsc.nextRole = Role.STOPPED;
                break;
            case RECOVER:
                if (rsc.role != Role.STOPPED && rsc.role != Role.UNKNOWN) {
                    rsc.failed = true;
                    rsc.stopFlag = true;
                    // stop_action: created (required) while unpacking, so it precedes every scheduled action
                    acts.stop(rsc, node, false);
                }
                break;
            default:
                break;
        }
        if (rsc.role != Role.STOPPED && rsc.role != Role.UNKNOWN) {
            addRunning(rsc, node);
            switch (onFail) {
                case IGNORE:
                    break;
                case DEMOTE:
                case BLOCK:
                    rsc.failed = true;
                    break;
                default:
                    rsc.failed = true;
                    rsc.stopFlag = true;
                    break;
            }
        }
        if (saveOnFail != OnFail.IGNORE && node.unclean) {
            // failures on nodes about to be fenced still show as failed
        }
        Migration.keepPartialMigrationActive(rsc, node);
    }

    void addRunning(Resource rsc, Node node) {
        if (!rsc.runningOn.contains(node)) {
            rsc.runningOn.add(node);
        }
        if (!node.running.contains(rsc)) {
            node.running.add(rsc);
        }
        if (rsc.isPrimitive() && node.maintenance) {
            // resources active on a node in maintenance are left alone (native_add_running)
            rsc.managed = false;
        }
        if (rsc.isPrimitive() && !rsc.managed) {
            // an unmanaged resource stays where it is ("not_managed_default")
            rsc.allowed.merge(node, Scores.INFINITY, Scores::add);
        } else if (rsc.isPrimitive() && rsc.runningOn.size() > 1) {
            switch (rsc.multipleActive) {
                case "block":
                    rsc.managed = false;
                    rsc.block = true;
                    // a group configured with multiple-active=block is blocked as a whole
                    if (rsc.parent != null && rsc.parent.isGroup() && "block".equals(rsc.parent.multipleActive)) {
                        for (Resource sibling : rsc.parent.children) {
                            sibling.managed = false;
                            sibling.block = true;
                        }
                    }
                    break;
                case "stop_only":
                    break;
                default:
                    break;
            }
        }
        Resource p = rsc.parent;
        while (p != null) {
            if (!p.runningOn.contains(node)) {
                p.runningOn.add(node);
            }
            p = p.parent;
        }
    }

    static Map<String, String> attrsOf(Node n) {
        return n.attrs;
    }
}
