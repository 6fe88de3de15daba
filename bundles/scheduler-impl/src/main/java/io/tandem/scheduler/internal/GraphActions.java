package io.tandem.scheduler.internal;

import io.tandem.scheduler.GraphAction;
import io.tandem.scheduler.TransitionGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a planned graph into {@link TransitionGraph} values, as pcmk_graph_producer.c's action2xml and
 * add_action_attributes write a {@code <synapse>}: the same actions, in synapse order, with their inputs.
 *
 * <p>Resource names. {@link GraphAction#resource()} is the name the node's executor keeps the resource's history
 * under, which is the {@code lrm_resource id} the controller writes into the status section. It is the name
 * crm_simulate's simulation writes ({@link GraphSimulation#rscName}), so that the scheduler, reading that history
 * back, maps it to the same instance ({@link UnpackStatus} matches an anonymous instance by its history name): a
 * primitive or a globally unique instance is its id; an anonymous clone instance is the name its history already
 * uses on some node ({@code dummy} when any instance is known under the bare configured id, as Pacemaker 2.x writes
 * it, or the {@code dummy:N} it was found under), and a new instance is {@code dummy:N}. Pacemaker's own graph
 * names anonymous instances by the configured id with the instance id as {@code long-id}; both spellings are
 * history names the unpacker accepts, and following the history keeps one executor entry per instance and node.
 * Fail-count clearing and history deletion name the configured id of an anonymous clone, as Pacemaker's fail-count
 * attributes do. {@link GraphAction#resourceLongId()} is always the instance id ({@code dummy:0}).
 */
final class GraphActions {
    /** Tasks the DC runs itself (crm_event): fencing, shutdown, fail-count clearing and history deletion. */
    private static final Set<String> CLUSTER_TASKS = Set.of("stonith", "do_shutdown", "clear_failcount", "lrm_delete");
    /** Action extras that are bookkeeping of this implementation rather than Pacemaker meta. */
    private static final Set<String> INTERNAL_META = Set.of("cancel_key", "cancel_task", "crm_event");
    static final long DEFAULT_TIMEOUT_MS = 20_000;

    private final WorkingSet ws;
    private final Map<String, Map<String, String>> paramsCache = new java.util.HashMap<>();

    GraphActions(WorkingSet ws) {
        this.ws = ws;
    }

    static TransitionGraph graph(PolicyEngine.Planned planned, Instant now) {
        WorkingSet ws = planned.ws();
        GraphSimulation sim = planned.sim();
        GraphActions conv = new GraphActions(ws);
        List<GraphAction> actions = new ArrayList<>(sim.graph.size());
        for (Action a : sim.graph) {
            actions.add(conv.convert(a, sim.inputs.getOrDefault(a, List.of())));
        }
        return new TransitionGraph(actions, batchLimit(ws), clusterDelay(ws), stonithTimeout(ws), recheckBy(ws, now),
                planned.summary(), GraphXml.write(ws, sim.graph, sim.inputs));
    }

    static GraphAction.Kind kind(Action a) {
        if (a.pseudo) {
            return GraphAction.Kind.PSEUDO;
        }
        if (a.rsc == null || CLUSTER_TASKS.contains(a.task)) {
            return GraphAction.Kind.CLUSTER;
        }
        return GraphAction.Kind.RESOURCE;
    }

    /** The resource name a graph action carries (see the class comment). */
    static String resourceName(Action a) {
        Resource r = a.rsc;
        if (r == null) {
            return "";
        }
        if ("clear_failcount".equals(a.task) || "lrm_delete".equals(a.task)) {
            return r.unique || !r.inClone() ? r.id : (r.orphan && r.cloneName != null ? r.cloneName : r.baseId());
        }
        return GraphSimulation.rscName(r);
    }

    GraphAction convert(Action a, List<Action> inputs) {
        GraphAction.Kind kind = kind(a);
        Resource r = a.rsc;
        boolean withRsc = r != null && kind != GraphAction.Kind.PSEUDO;
        String node = "";
        if (a.node != null && (kind != GraphAction.Kind.PSEUDO || "stonith".equals(a.task))) {
            // a pseudo fencing action still names the node it stands for
            node = a.node.uname;
        }
        Map<String, String> params = kind == GraphAction.Kind.RESOURCE ? parameters(a) : Map.of();
        Map<String, String> meta = meta(a, kind);
        List<Integer> in = new ArrayList<>(inputs.size());
        for (Action i : inputs) {
            in.add(i.id);
        }
        String cls = kind == GraphAction.Kind.RESOURCE && r.cls != null ? r.cls : "";
        String provider = kind == GraphAction.Kind.RESOURCE && r.provider != null ? r.provider : "";
        String type = kind == GraphAction.Kind.RESOURCE && r.type != null ? r.type : "";
        return new GraphAction(a.id, kind, a.task, a.key, withRsc ? resourceName(a) : "", withRsc ? r.id : "", cls,
                provider, type, node, a.intervalMs, params, meta, in);
    }

    /** pe_rsc_params for the action's node plus the operation's own instance attributes (OCF_CHECK_LEVEL). */
    private Map<String, String> parameters(Action a) {
        Map<String, String> base = paramsCache.computeIfAbsent(a.rsc.id + "\u0000" + a.node.id,
                k -> Digests.params(ws, a.rsc, a.node));
        OpDef op = opConfig(a);
        if (op == null) {
            return base;
        }
        Map<String, String> extra = new LinkedHashMap<>();
        Rules.unpackSets(op.xml(), "instance_attributes", new Rules.Context(a.node.attrs, null, ws.now, null, null), extra, false);
        if (extra.isEmpty()) {
            return base;
        }
        Map<String, String> out = new LinkedHashMap<>(base);
        out.putAll(extra);
        return out;
    }

    /** The configured operation an action runs as (find_rsc_op_entry): a cancel is its monitor's, a notify "notify". */
    private static OpDef opConfig(Action a) {
        if (a.rsc == null) {
            return null;
        }
        String task = a.task;
        if ("cancel".equals(task)) {
            task = a.meta.getOrDefault("cancel_task", "monitor");
        } else if ("notify".equals(task) || "notified".equals(task)) {
            task = "notify";
        }
        long interval = "notify".equals(task) ? 0 : a.intervalMs;
        for (OpDef d : a.rsc.ops) {
            if (d.name().equals(task) && d.intervalMs() == interval) {
                return d;
            }
        }
        return null;
    }

    /**
     * The action's meta attributes as Pacemaker names them after {@code CRM_meta_}: op_defaults under the op's
     * meta_attributes under its XML attributes (unpack_operation), interval and start-delay in ms, the timeout
     * resolved, the role spelled as 2.1.5 does, the clone's meta of every enclosing clone, and the action's extras
     * (notify_*, op_target_rc, migrate_source/target, stonith_action, operation of a cancel).
     */
    private Map<String, String> meta(Action a, GraphAction.Kind kind) {
        Map<String, String> m = new TreeMap<>();
        if (a.rsc != null) {
            Rules.Context ctx = new Rules.Context(a.node == null ? null : a.node.attrs, null, ws.now, null, null);
            OpDef op = opConfig(a);
            Map<String, String> raw = new LinkedHashMap<>(ws.opDefaults);
            String defaultTimeout = raw.remove("timeout");
            if (op != null) {
                Map<String, String> own = new LinkedHashMap<>();
                Rules.unpackSets(op.xml(), "meta_attributes", ctx, own, false);
                raw.putAll(own);
                for (Map.Entry<String, String> e : op.xml().attributes().entrySet()) {
                    raw.put(e.getKey(), e.getValue());
                }
                raw.remove("id");
            }
            raw.remove("interval");
            long interval = a.intervalMs;
            if (interval > 0) {
                raw.put("interval", Long.toString(interval));
            }
            String timeout = raw.get("timeout");
            if (timeout == null && op == null && "monitor".equals(a.task) && a.intervalMs == 0) {
                // a probe without its own configuration takes the timeout of the most frequent monitor
                timeout = minIntervalMonitorTimeout(a.rsc);
            }
            if (timeout == null) {
                timeout = defaultTimeout;
            }
            if (timeout == null) {
                timeout = ws.config.get("default-action-timeout");
            }
            long timeoutMs = timeout == null ? DEFAULT_TIMEOUT_MS : Rules.parseIntervalMs(timeout);
            raw.put("timeout", Long.toString(timeoutMs > 0 ? timeoutMs : DEFAULT_TIMEOUT_MS));
            String delay = raw.get("start-delay");
            if (delay != null) {
                raw.put("start-delay", Long.toString(Rules.parseIntervalMs(delay)));
            }
            String role = raw.get("role");
            if (role != null && Role.parse(role) != Role.UNKNOWN) {
                raw.put("role", Role.parse(role).text);
            }
            for (Map.Entry<String, String> e : raw.entrySet()) {
                m.put(metaName(e.getKey()), e.getValue());
            }
            cloneMeta(a.rsc, m);
        }
        for (Map.Entry<String, String> e : a.meta.entrySet()) {
            if (!INTERNAL_META.contains(e.getKey())) {
                m.put(metaName(e.getKey()), e.getValue());
            }
        }
        if ("cancel".equals(a.task)) {
            m.put("operation", a.meta.getOrDefault("cancel_task", "monitor"));
        }
        if (a.node != null && kind != GraphAction.Kind.PSEUDO) {
            m.put("on_node", a.node.uname);
            m.put("on_node_uuid", a.node.id);
        }
        return m;
    }

    private static String minIntervalMonitorTimeout(Resource rsc) {
        OpDef best = null;
        for (OpDef d : rsc.ops) {
            if ("monitor".equals(d.name()) && d.intervalMs() > 0 && d.enabled() && (best == null || d.intervalMs() < best.intervalMs())) {
                best = d;
            }
        }
        return best == null ? null : best.xml().attr("timeout");
    }

    /** native_append_meta and clone_append_meta up the parent chain. */
    private static void cloneMeta(Resource rsc, Map<String, String> m) {
        if (rsc.isPrimitive() && rsc.instance >= 0 && rsc.inClone()) {
            m.put("clone", Integer.toString(rsc.instance));
        }
        for (Resource p = rsc; p != null; p = p.parent) {
            if (!p.isClone()) {
                continue;
            }
            m.put("globally_unique", Boolean.toString(p.unique));
            m.put("notify", Boolean.toString(p.notify));
            m.put("clone_max", Integer.toString(p.cloneMax));
            m.put("clone_node_max", Integer.toString(p.cloneNodeMax));
            if (p.promotable) {
                m.put("promoted_max", Integer.toString(p.promotedMax));
                m.put("promoted_node_max", Integer.toString(p.promotedNodeMax));
                // agents written before 2.0 read the old names
                m.put("master_max", Integer.toString(p.promotedMax));
                m.put("master_node_max", Integer.toString(p.promotedNodeMax));
            }
        }
    }

    /** crm_meta_name: the CRM_meta_ suffix with dashes as underscores. */
    static String metaName(String key) {
        return key.replace('-', '_');
    }

    static int batchLimit(WorkingSet ws) {
        String v = ws.config.get("batch-limit");
        if (v == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static Duration clusterDelay(WorkingSet ws) {
        return option(ws, "cluster-delay", 60_000);
    }

    static Duration stonithTimeout(WorkingSet ws) {
        return option(ws, "stonith-timeout", 60_000);
    }

    private static Duration option(WorkingSet ws, String name, long dfltMs) {
        String v = ws.config.get(name);
        long ms = v == null ? dfltMs : Rules.parseIntervalMs(v);
        return Duration.ofMillis(ms > 0 ? ms : dfltMs);
    }

    /**
     * The earliest failure-timeout expiry of a fail count or shutdown-lock expiry after now, capped by
     * cluster-recheck-interval (15 min by default; 0 means no cap).
     */
    static Optional<Instant> recheckBy(WorkingSet ws, Instant now) {
        long best = Long.MAX_VALUE;
        for (Resource r : ws.byId.values()) {
            if (!r.isPrimitive()) {
                continue;
            }
            if (r.failureTimeoutSec > 0) {
                for (Node n : ws.nodes) {
                    long e = Failures.failureExpiry(ws, r, n);
                    if (e > ws.now && e < best) {
                        best = e;
                    }
                }
            }
            if (r.lockNode != null && ws.shutdownLockSeconds > 0) {
                long e = r.lockTime + ws.shutdownLockSeconds;
                if (e > ws.now && e < best) {
                    best = e;
                }
            }
        }
        Optional<Instant> expiry = best == Long.MAX_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochSecond(best));
        String v = ws.config.get("cluster-recheck-interval");
        long intervalMs = v == null ? 15 * 60_000L : Rules.parseIntervalMs(v);
        if (intervalMs <= 0) {
            return expiry;
        }
        Instant cap = now.plusMillis(intervalMs);
        return Optional.of(expiry.filter(e -> e.isBefore(cap)).orElse(cap));
    }
}
