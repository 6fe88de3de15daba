package io.tandem.controller.internal;

import io.tandem.cib.CibElement;
import io.tandem.common.ExecStatus;
import io.tandem.common.OcfExitCode;
import io.tandem.executor.AgentId;
import io.tandem.executor.OperationResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operation results in the CIB status section, as Pacemaker's controller writes them: {@code lrm_resource} entries
 * of {@code lrm_rsc_op} elements with the ids {@code <rsc>_last_0} (the latest one-shot operation),
 * {@code <rsc>_last_failure_0} (the latest failure) and {@code <rsc>_<task>_<interval>} (each recurring operation).
 * The transition key {@code <transition>:<action>:<target-rc>:<dc>} tells the scheduler what result was expected.
 */
final class LrmXml {
    /** The feature set Tandem's histories claim: that of Pacemaker 2.1.5, whose digests they follow. */
    static final String FEATURE_SET = "3.16.2";

    private LrmXml() {
    }

    /** What the node knew about an operation when it ran it: the transition key and the expected rc. */
    record Expectation(String transitionKey, int targetRc) {
        static Expectation unsolicited(String dc, OperationResult r) {
            int target = r.action().equals("monitor") && r.intervalMillis() == 0 ? OcfExitCode.NOT_RUNNING.code() : 0;
            return new Expectation("0:0:" + target + ":" + dc, target);
        }
    }

    /** Whether the result is what the action wanted. A stop finding the resource stopped is a success too. */
    static boolean isSuccess(OperationResult r, int targetRc) {
        if (r.status() != ExecStatus.DONE) {
            return false;
        }
        int rc = r.exitCode().code();
        return rc == targetRc || (r.action().equals("stop") && rc == OcfExitCode.NOT_RUNNING.code());
    }

    /** Whether a result that is not the expected one counts as a failure (fail count, on-fail); probes finding a resource in any clean state do not. */
    static boolean isFailure(OperationResult r, int targetRc) {
        if (isSuccess(r, targetRc) || r.status() == ExecStatus.CANCELLED) {
            return false;
        }
        if (r.action().equals("monitor") && r.intervalMillis() == 0 && r.status() == ExecStatus.DONE) {
            int rc = r.exitCode().code();
            return rc != 0 && rc != 7 && rc != 8;
        }
        return true;
    }

    static CibElement op(String id, OperationResult r, Expectation e, String node) {
        String magic = r.status().code() + ":" + r.exitCode().code() + ";" + e.transitionKey();
        Map<String, String> a = new LinkedHashMap<>();
        a.put("id", id);
        a.put("operation_key", r.operationKey());
        a.put("operation", r.action());
        a.put("crm-debug-origin", "do_update_resource");
        a.put("crm_feature_set", FEATURE_SET);
        a.put("transition-key", e.transitionKey());
        a.put("transition-magic", magic);
        a.put("exit-reason", r.exitReason() == null ? "" : r.exitReason());
        a.put("on_node", node);
        a.put("call-id", Long.toString(r.callId()));
        a.put("rc-code", Integer.toString(r.exitCode().code()));
        a.put("op-status", Integer.toString(r.status().code()));
        a.put("interval", Long.toString(r.intervalMillis()));
        a.put("last-rc-change", Long.toString(r.lastRcChangeMillis() / 1000));
        a.put("exec-time", Long.toString(r.execMillis()));
        a.put("queue-time", Long.toString(r.queueMillis()));
        a.put("op-digest", r.parameterDigest());
        return new CibElement("lrm_rsc_op", a, List.of(), 0);
    }

    /**
     * An operation still running ({@code op-status -1}, rc 193), as Pacemaker records pending operations: a new DC
     * that learns of a start in flight treats the resource as (becoming) active there instead of starting it
     * elsewhere.
     */
    static CibElement pending(String id, String rsc, String action, long intervalMillis, Expectation e, String node,
                              long startedMillis) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("id", id);
        a.put("operation_key", rsc + "_" + action + "_" + intervalMillis);
        a.put("operation", action);
        a.put("crm-debug-origin", "do_update_resource");
        a.put("crm_feature_set", FEATURE_SET);
        a.put("transition-key", e.transitionKey());
        a.put("transition-magic", "-1:193;" + e.transitionKey());
        a.put("exit-reason", "");
        a.put("on_node", node);
        a.put("call-id", "-1");
        a.put("rc-code", "193");
        a.put("op-status", "-1");
        a.put("interval", Long.toString(intervalMillis));
        a.put("last-rc-change", Long.toString(startedMillis / 1000));
        a.put("exec-time", "0");
        a.put("queue-time", "0");
        return new CibElement("lrm_rsc_op", a, List.of(), 0);
    }

    static CibElement emptyResource(String rsc, AgentId agent) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("id", rsc);
        a.put("class", agent.standard());
        if (agent.hasProvider()) {
            a.put("provider", agent.provider());
        }
        a.put("type", agent.type());
        return new CibElement("lrm_resource", a, List.of(), 0);
    }

    /**
     * Records a result in a resource's history entry: replaces the entry it belongs to, adds or replaces the
     * last failure, and drops a recurring entry that was cancelled.
     */
    static CibElement record(CibElement lrmResource, OperationResult r, Expectation e, String node) {
        String rsc = lrmResource.id();
        List<CibElement> ops = new ArrayList<>(lrmResource.children("lrm_rsc_op"));
        String entryId = r.isRecurring() ? rsc + "_" + r.action() + "_" + r.intervalMillis() : rsc + "_last_0";
        if (r.status() == ExecStatus.CANCELLED) {
            if (r.isRecurring()) {
                ops.removeIf(o -> entryId.equals(o.id()));
            }
            return lrmResource.withChildren(ops);
        }
        put(ops, op(entryId, r, e, node));
        if (isFailure(r, e.targetRc())) {
            put(ops, op(rsc + "_last_failure_0", r, e, node));
        }
        if (!r.isRecurring() && r.action().equals("stop") && isSuccess(r, e.targetRc())) {
            // the executor cancelled the recurring operations before the stop
            ops.removeIf(o -> !"0".equals(o.attr("interval", "0")) && !o.id().equals(rsc + "_last_failure_0"));
        }
        return lrmResource.withChildren(ops);
    }

    private static void put(List<CibElement> ops, CibElement op) {
        for (int i = 0; i < ops.size(); i++) {
            if (op.id().equals(ops.get(i).id())) {
                ops.set(i, op);
                return;
            }
        }
        ops.add(op);
    }
}
