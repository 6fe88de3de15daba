package io.tandem.executor.internal;

import io.tandem.executor.AgentId;
import io.tandem.executor.OperationSpec;
import io.tandem.executor.ResourceSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment of an external agent, built from scratch (never the JVM's), as Pacemaker 2.1's executor
 * sets it (reference: ocf-runtime.md section 4).
 */
final class AgentEnvironment {
    static final String EXIT_REASON_PREFIX = "ocf-exit-reason:";

    private AgentEnvironment() {
    }

    /** What every external agent gets: PATH (tools first), LC_ALL=C, HA_SBIN_DIR for the tools, the extras. */
    static Map<String, String> base(ExecutorSettings s) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", s.agentPath());
        env.put("LC_ALL", "C");
        if (s.toolsDirectoryPresent()) {
            // ocf-directories honours an existing HA_SBIN_DIR; ocf-shellfuncs and agents such as Stateful call
            // ${HA_SBIN_DIR}/crm_attribute directly, bypassing PATH.
            env.put("HA_SBIN_DIR", s.toolsDirectory().toString());
        }
        env.putAll(s.environment());
        return env;
    }

    /** The environment of an OCF action; meta-data calls get only the base OCF variables. */
    static Map<String, String> ocf(ExecutorSettings s, AgentId agent, ResourceSpec resource, OperationSpec op) {
        Map<String, String> env = base(s);
        env.put("OCF_ROOT", s.ocfRoot().toString());
        env.put("OCF_RA_VERSION_MAJOR", "1");
        env.put("OCF_RA_VERSION_MINOR", "1");
        env.put("OCF_EXIT_REASON_PREFIX", EXIT_REASON_PREFIX);
        env.put("OCF_OUTPUT_FORMAT", "text");
        env.put("OCF_RESOURCE_INSTANCE", resource.resourceId());
        env.put("OCF_RESOURCE_TYPE", agent.type());
        env.put("OCF_RESOURCE_PROVIDER", agent.provider());
        if ("meta-data".equals(op.action())) {
            return env;
        }
        resource.parameters().forEach((k, v) -> env.put("OCF_RESKEY_" + k, v));
        env.putAll(metaVariables(s, op, "OCF_RESKEY_"));
        if (op.checkLevel() != 0) {
            env.put("OCF_CHECK_LEVEL", Integer.toString(op.checkLevel()));
        }
        return env;
    }

    /**
     * {@code CRM_meta_*} and {@code crm_feature_set} with the given prefix: timeout always (ms), interval only for
     * recurring operations (its absence is what makes a monitor a probe), the node, the role and start delay of
     * the operation, then the operation's meta attributes with {@code -} turned into {@code _}.
     */
    static Map<String, String> metaVariables(ExecutorSettings s, OperationSpec op, String prefix) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(prefix + "crm_feature_set", s.featureSet());
        String meta = prefix + "CRM_meta_";
        env.put(meta + "timeout", Long.toString(op.timeout().toMillis()));
        if (op.isRecurring()) {
            env.put(meta + "interval", Long.toString(op.interval().toMillis()));
        }
        env.put(meta + "on_node", s.nodeName());
        env.put(meta + "on_node_uuid", s.nodeUuid());
        if (!op.role().isEmpty()) {
            env.put(meta + "role", op.role());
        }
        if (!op.startDelay().isZero()) {
            env.put(meta + "start_delay", Long.toString(op.startDelay().toMillis()));
        }
        op.meta().forEach((k, v) -> env.put(meta + k.replace('-', '_'), v));
        return env;
    }
}
