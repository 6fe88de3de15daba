package io.tandem.controller.internal;

import io.tandem.cib.CibElement;
import io.tandem.cib.CibParseException;
import io.tandem.cib.CibXml;
import io.tandem.common.ActionResult;
import io.tandem.common.ExecStatus;
import io.tandem.common.OcfExitCode;
import io.tandem.executor.AgentId;
import io.tandem.executor.OperationResult;
import io.tandem.scheduler.GraphAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Graph actions and operation results as message bodies and headers. */
final class Codec {
    private Codec() {
    }

    static String encode(GraphAction a) {
        List<CibElement> children = new ArrayList<>();
        a.parameters().forEach((k, v) -> children.add(CibElement.of("param", "name", k, "value", v)));
        a.meta().forEach((k, v) -> children.add(CibElement.of("meta", "name", k, "value", v)));
        CibElement e = CibElement.of("action", "id", Integer.toString(a.id()), "kind", a.kind().name(), "task", a.task(),
                "key", a.operationKey(), "rsc", a.resource(), "long", a.resourceLongId(), "class", a.agentClass(),
                "provider", a.provider(), "type", a.type(), "node", a.node(),
                "interval", Long.toString(a.intervalMillis())).withChildren(children);
        return CibXml.toCompactXml(e);
    }

    static GraphAction decodeAction(String xml) throws CibParseException {
        CibElement e = CibXml.parse(xml, "controller message");
        Map<String, String> params = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        for (CibElement c : e.children()) {
            (c.name().equals("param") ? params : meta).put(c.attr("name"), c.attr("value", ""));
        }
        return new GraphAction(Integer.parseInt(e.attr("id")), GraphAction.Kind.valueOf(e.attr("kind")), e.attr("task"),
                e.attr("key"), e.attr("rsc"), e.attr("long"), e.attr("class"), e.attr("provider"), e.attr("type"),
                e.attr("node"), Long.parseLong(e.attr("interval", "0")), params, meta, List.of());
    }

    /** An operation result as headers (without the agent's output, which stays on the node). */
    static String[] encode(OperationResult r, LrmXml.Expectation e) {
        String reason = r.exitReason() == null ? "" : r.exitReason().replace('\n', ' ').replace('\r', ' ');
        return new String[] {
            "rsc", r.resourceId(), "agent", r.agent().toString(), "action", r.action(),
            "interval", Long.toString(r.intervalMillis()), "call", Long.toString(r.callId()),
            "status", Integer.toString(r.status().code()), "rc", Integer.toString(r.exitCode().code()), "reason", reason,
            "raw", Integer.toString(r.rawExitCode()), "started", Long.toString(r.startedMillis()),
            "rcchange", Long.toString(r.lastRcChangeMillis()), "exec", Long.toString(r.execMillis()),
            "queue", Long.toString(r.queueMillis()), "digest", r.parameterDigest(),
            "key", e.transitionKey(), "target", Integer.toString(e.targetRc())};
    }

    static OperationResult decodeResult(Wire w) {
        ActionResult ar = new ActionResult(ExecStatus.fromCode((int) w.longHeader("status")),
                OcfExitCode.fromCode((int) w.longHeader("rc")), w.header("reason"));
        return new OperationResult(w.header("rsc"), AgentId.parse(w.header("agent")), w.header("action"),
                w.longHeader("interval"), w.longHeader("call"), ar, (int) w.longHeader("raw"), w.longHeader("started"),
                w.longHeader("rcchange"), w.longHeader("exec"), w.longHeader("queue"), w.header("digest"), "", "", false);
    }

    static LrmXml.Expectation decodeExpectation(Wire w) {
        return new LrmXml.Expectation(w.header("key"), (int) w.longHeader("target"));
    }

    /** Transition and action ids from a transition key {@code <transition>:<action>:<target-rc>:<dc>}. */
    static long[] transitionAndAction(String key) {
        String[] f = key.split(":");
        try {
            return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
        } catch (RuntimeException e) {
            return new long[] {-1, -1};
        }
    }
}
