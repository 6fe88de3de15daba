package io.tandem.scheduler.internal;

import io.tandem.cib.CibElement;
import io.tandem.common.ParameterDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Operation digests (pe_digest.c): what the history recorded as the parameters of an operation (op-digest,
 * op-restart-digest) compared with what the configuration asks for now. The text hashed is Pacemaker's
 * {@code " <parameters k=\"v\" .../>\n"} with sorted attributes; the same algorithm as
 * io.tandem.executor.OperationDigest, repeated here because the scheduler must not depend on the executor.
 */
final class Digests {
    /** Comparison outcome (enum rsc_digest_cmp_val). */
    enum Result { MATCH, RESTART, ALL, UNKNOWN }

    private Digests() {
    }

    /** The calculated digests of one history entry. */
    record Calc(String all, String restart, String secure, Result result) {
    }

    /** rsc_action_digest_cmp: recalculates the digests of {@code xmlOp} on {@code node} and compares them. */
    static Calc compare(WorkingSet ws, Resource rsc, Node node, CibElement xmlOp) {
        String task = xmlOp.attr("operation");
        long interval = UnpackStatus.intAttr(xmlOp, "interval", 0);
        OpDef config = findOp(rsc, task, interval);
        Map<String, String> all = new TreeMap<>(params(ws, rsc, node));
        Map<String, String> extra = new LinkedHashMap<>();
        if (config != null) {
            Rules.Context ctx = new Rules.Context(node.attrs, null, ws.now, null, null);
            Rules.unpackSets(config.xml(), "instance_attributes", ctx, extra, false);
        }
        all.putAll(extra);
        // pcmk__filter_op_for_digest: meta attributes are dropped except the timeout of recurring operations
        if (interval > 0) {
            all.put("CRM_meta_timeout", Long.toString(timeoutMs(ws, config)));
        }
        all.keySet().removeIf(k -> (k.startsWith("CRM_meta_") && !(interval > 0 && k.equals("CRM_meta_timeout")))
                || k.equals("crm_feature_set"));
        Result rc = interval == 0 && !extra.isEmpty() ? Result.RESTART : Result.MATCH;
        String allCalc = of(all);
        String restartCalc = null;
        if (xmlOp.attr("op-restart-digest") != null) {
            Map<String, String> restart = new TreeMap<>(all);
            String force = xmlOp.attr("op-force-restart");
            if (force != null) {
                restart.keySet().removeIf(k -> !force.contains(" " + k + " "));
            }
            restartCalc = of(restart);
        }
        String secureCalc = secure(ws, rsc, node, xmlOp, all);
        String digestAll = xmlOp.attr("op-digest");
        String digestRestart = xmlOp.attr("op-restart-digest");
        if (restartCalc != null && !restartCalc.equals(digestRestart)) {
            rc = Result.RESTART;
        } else if (digestAll == null) {
            rc = Result.UNKNOWN;
        } else if (!digestAll.equals(allCalc)) {
            if (!(interval == 0 && rc == Result.RESTART)) {
                rc = Result.ALL;
            }
        } else {
            rc = Result.MATCH;
        }
        return new Calc(allCalc, restartCalc, secureCalc, rc);
    }

    /**
     * calculate_secure_digest: the digest without the parameters the history lists as secret (what a sanitized
     * CIB such as the regression inputs still matches). Histories older than feature set 3.16.0 hashed only the
     * instance attributes, without fencing parameters or the timeout.
     */
    private static String secure(WorkingSet ws, Resource rsc, Node node, CibElement xmlOp, Map<String, String> all) {
        String version = xmlOp.attr("crm_feature_set");
        if (version == null) {
            version = ws.cib.root().attr("crm_feature_set");
        }
        boolean old = version != null && compareVersions(version, "3.16.0") < 0;
        Map<String, String> secure = new TreeMap<>(old ? params(ws, rsc, node) : all);
        String list = xmlOp.attr("op-secure-params");
        if (list != null) {
            secure.keySet().removeIf(k -> list.contains(" " + k + " "));
        }
        if (old && "stonith".equals(rsc.cls)) {
            secure.keySet().removeIf(Digests::isFenceParam);
        }
        secure.keySet().removeIf(k -> (k.startsWith("CRM_meta_") && !k.equals("CRM_meta_timeout")) || k.equals("crm_feature_set"));
        if (old) {
            secure.remove("CRM_meta_timeout");
        }
        return of(secure);
    }

    /** pcmk_stonith_param: parameters Pacemaker itself interprets for fencing devices. */
    static boolean isFenceParam(String p) {
        if (p.equals("provides") || p.equals("stonith-timeout")) {
            return true;
        }
        if (!p.startsWith("pcmk_")) {
            return false;
        }
        switch (p) {
            case "pcmk_action_limit":
            case "pcmk_delay_base":
            case "pcmk_delay_max":
            case "pcmk_host_argument":
            case "pcmk_host_check":
            case "pcmk_host_list":
            case "pcmk_host_map":
                return true;
            default:
                break;
        }
        int i = p.indexOf('_', 5);
        if (i < 0) {
            return false;
        }
        String rest = p.substring(i);
        return rest.equals("_action") || rest.equals("_timeout") || rest.equals("_retries");
    }

    /** compare_version: dotted numeric versions. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? parseLong(x[i]) : 0;
            long q = i < y.length ? parseLong(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** pcmk__find_action_config: the configured operation with this name and interval (disabled ones too). */
    static OpDef findOp(Resource rsc, String task, long interval) {
        for (OpDef d : rsc.ops) {
            if (d.name().equals(task) && d.intervalMs() == interval) {
                return d;
            }
        }
        return null;
    }

    /** The resource's instance attributes evaluated for a node (pe_rsc_params). */
    static Map<String, String> params(WorkingSet ws, Resource rsc, Node node) {
        Rules.Context ctx = new Rules.Context(node.attrs, null, ws.now, null, null);
        Map<String, String> out = new LinkedHashMap<>();
        CibElement tmpl = rsc.xml.attr("template") != null ? ws.templates.get(rsc.xml.attr("template")) : null;
        Map<String, String> own = new LinkedHashMap<>();
        Rules.unpackSets(rsc.xml, "instance_attributes", ctx, own, false);
        if (tmpl != null) {
            Rules.unpackSets(tmpl, "instance_attributes", ctx, out, false);
        }
        out.putAll(own);
        return out;
    }

    /** The operation timeout in ms: the op's own, op_defaults, else the 20s default. */
    static long timeoutMs(WorkingSet ws, OpDef config) {
        String v = config == null ? null : config.meta().get("timeout");
        if (v == null) {
            v = ws.opDefaults.get("timeout");
        }
        if (v == null) {
            v = ws.config.get("default-action-timeout");
        }
        long ms = v == null ? -1 : Rules.parseIntervalMs(v);
        return ms < 0 ? 20000 : ms;
    }

    /** md5 of {@code " <parameters k=\"v\" .../>\n"} with the attributes sorted by name (shared with the executor). */
    static String of(Map<String, String> attributes) {
        return ParameterDigest.of(attributes);
    }
}
