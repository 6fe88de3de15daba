package io.tandem.controller.internal;

import io.tandem.cib.CibElement;
import io.tandem.common.ActionResult;
import io.tandem.common.ExecStatus;
import io.tandem.common.OcfExitCode;
import io.tandem.executor.AgentId;
import io.tandem.executor.Executor;
import io.tandem.executor.OperationResult;
import io.tandem.executor.OperationSpec;
import io.tandem.executor.ResourceHistory;
import io.tandem.executor.ResourceSpec;
import io.tandem.scheduler.GraphAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The node side of the controller: runs the DC's resource actions on this node's executor and reports every
 * result (told by the executor's listener, so recurring monitors keep reporting) with what the DC expected.
 * Runs on the controller's thread, except {@link #operationCompleted}, which hands over to it.
 */
final class LocalActions {
    /** Meta attributes that travel as fields of the operation, not as {@code CRM_meta_*}. */
    private static final Set<String> OPERATION_FIELDS = Set.of("timeout", "interval", "role", "start_delay");

    private final Executor executor;
    private final java.util.function.LongSupplier clockMillis;
    private final String localNode;
    private final BiConsumer<OperationResult, LrmXml.Expectation> report;
    /** What the DC expected of each operation ({@code rsc action interval}), by the last request that started it. */
    private final Map<String, LrmXml.Expectation> expectations = new HashMap<>();
    private String dc = "";
    /** Operations sent to the executor and not answered yet, by {@link #key}, for the join's history. */
    private final Map<String, InFlight> inFlight = new LinkedHashMap<>();

    private record InFlight(GraphAction action, LrmXml.Expectation expectation, long startedMillis) {
    }

    LocalActions(Executor executor, java.util.function.LongSupplier clockMillis, String localNode,
                 BiConsumer<OperationResult, LrmXml.Expectation> report) {
        this.executor = executor;
        this.clockMillis = clockMillis;
        this.localNode = localNode;
        this.report = report;
    }

    void dc(String dcNode) {
        this.dc = dcNode;
    }

    /** The result code the DC wants from an action: 7 for probes, 8 for monitors of the promoted role, else 0. */
    static int targetRc(GraphAction a) {
        if (!a.task().equals("monitor")) {
            return 0;
        }
        if (a.intervalMillis() == 0) {
            return OcfExitCode.NOT_RUNNING.code();
        }
        String role = a.meta().getOrDefault("role", "").toLowerCase(Locale.ROOT);
        return role.equals("promoted") || role.equals("master") ? OcfExitCode.RUNNING_PROMOTED.code() : 0;
    }

    static ResourceSpec resource(GraphAction a) {
        Map<String, String> params = new LinkedHashMap<>(a.parameters());
        params.remove("OCF_CHECK_LEVEL");
        return new ResourceSpec(a.resource(), AgentId.parse(a.agent()), params);
    }

    static OperationSpec operation(GraphAction a) {
        Map<String, String> meta = new LinkedHashMap<>();
        a.meta().forEach((k, v) -> {
            if (!OPERATION_FIELDS.contains(k)) {
                meta.put(k, v);
            }
        });
        int depth = 0;
        String level = a.parameters().get("OCF_CHECK_LEVEL");
        if (level != null && level.trim().matches("\\d+")) {
            depth = Integer.parseInt(level.trim());
        }
        return new OperationSpec(a.task(), Duration.ofMillis(a.intervalMillis()), Duration.ofMillis(a.timeoutMillis(20000)),
                depth, a.meta().getOrDefault("role", ""), Duration.ofMillis(millis(a.meta().get("start_delay"))), meta);
    }

    private static long millis(String v) {
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String key(String rsc, String action, long intervalMillis) {
        return rsc + " " + action + " " + intervalMillis;
    }

    /**
     * Runs a resource action for the DC. The result arrives through {@link #operationCompleted}; a request the
     * executor refuses outright (unknown agent class, bad parameters) is reported at once as a failure.
     */
    void execute(GraphAction a, String transitionKey) {
        LrmXml.Expectation e = new LrmXml.Expectation(transitionKey, targetRc(a));
        if (a.task().equals("cancel")) {
            String action = cancelledAction(a);
            executor.cancel(a.resource(), action, Duration.ofMillis(a.intervalMillis()));
            return;
        }
        ResourceSpec spec;
        OperationSpec op;
        try {
            spec = resource(a);
            op = operation(a);
        } catch (IllegalArgumentException ex) {
            report.accept(refused(a, ex.getMessage()), e);
            return;
        }
        String k = key(a.resource(), a.task(), a.intervalMillis());
        expectations.put(k, e);
        inFlight.put(k, new InFlight(a, e, clockMillis.getAsLong()));
        executor.execute(spec, op).whenComplete((r, ex) -> {
            if (ex != null) {
                report.accept(refused(a, String.valueOf(ex.getMessage())), e);
            }
        });
    }

    /** The operation a cancel action stops: its key is {@code <rsc>_<action>_<interval>}. */
    static String cancelledAction(GraphAction a) {
        String k = a.operationKey();
        String rest = k.startsWith(a.resource() + "_") ? k.substring(a.resource().length() + 1) : k;
        int us = rest.lastIndexOf('_');
        return us > 0 ? rest.substring(0, us) : rest;
    }

    private OperationResult refused(GraphAction a, String why) {
        long now = clockMillis.getAsLong();
        AgentId agent;
        try {
            agent = AgentId.parse(a.agent());
        } catch (IllegalArgumentException e) {
            agent = new AgentId("ocf", "tandem", "unknown");
        }
        return new OperationResult(a.resource(), agent, a.task(), a.intervalMillis(), 0,
                new ActionResult(ExecStatus.ERROR_FATAL, OcfExitCode.ERR_CONFIGURED, why), -1, now, now, 0, 0, "", "", "", false);
    }

    /** From the executor's listener, on the controller's thread. */
    void operationCompleted(OperationResult r) {
        String k = key(r.resourceId(), r.action(), r.intervalMillis());
        LrmXml.Expectation e = expectations.get(k);
        if (e == null) {
            e = LrmXml.Expectation.unsolicited(dc, r);
        }
        if (r.status() == ExecStatus.CANCELLED) {
            expectations.remove(k);
        }
        inFlight.remove(k);
        report.accept(r, e);
    }

    /** This node's resource history as {@code lrm_resource} elements, for the DC's join. */
    List<CibElement> history() {
        List<CibElement> out = new ArrayList<>();
        for (String rsc : executor.resources()) {
            ResourceHistory h = executor.history(rsc).orElse(null);
            if (h == null) {
                continue;
            }
            List<CibElement> ops = new ArrayList<>();
            h.lastOneShot().ifPresent(r -> ops.add(LrmXml.op(rsc + "_last_0", r, expectation(r), localNode)));
            h.lastFailure().ifPresent(r -> ops.add(LrmXml.op(rsc + "_last_failure_0", r, expectation(r), localNode)));
            h.recurring().values().forEach(r -> ops.add(LrmXml.op(rsc + "_" + r.action() + "_" + r.intervalMillis(), r, expectation(r), localNode)));
            if (!ops.isEmpty()) {
                out.add(StatusEdits.lrmResource(rsc, h.agent(), ops));
            }
        }
        for (InFlight f : inFlight.values()) {
            GraphAction a = f.action();
            String id = a.intervalMillis() == 0 ? a.resource() + "_last_0" : a.resource() + "_" + a.task() + "_" + a.intervalMillis();
            CibElement op = LrmXml.pending(id, a.resource(), a.task(), a.intervalMillis(), f.expectation(), localNode, f.startedMillis());
            int at = -1;
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).id().equals(a.resource())) {
                    at = i;
                }
            }
            CibElement entry = at >= 0 ? out.get(at) : LrmXml.emptyResource(a.resource(), AgentId.parse(a.agent()));
            List<CibElement> ops = new ArrayList<>(entry.children("lrm_rsc_op"));
            ops.removeIf(o -> o.id().equals(id));
            ops.add(op);
            if (at >= 0) {
                out.set(at, entry.withChildren(ops));
            } else {
                out.add(entry.withChildren(ops));
            }
        }
        return out;
    }

    private LrmXml.Expectation expectation(OperationResult r) {
        LrmXml.Expectation e = expectations.get(key(r.resourceId(), r.action(), r.intervalMillis()));
        return e != null ? e : LrmXml.Expectation.unsolicited(dc, r);
    }

    /** Forgets a resource after a cleanup, so the DC probes it afresh. */
    void forget(String resource) {
        for (String rsc : executor.resources()) {
            if (rsc.equals(resource) || rsc.startsWith(resource + ":")) {
                executor.forget(rsc);
                // an operation still running (a probe the DC sent after the cleanup) keeps what the DC expects of
                // it, or its result would not be recognised and the transition would wait for its timeout
                expectations.keySet().removeIf(k -> k.startsWith(rsc + " ") && !inFlight.containsKey(k));
            }
        }
    }
}
