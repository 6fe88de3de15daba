package io.tandem.scheduler;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One action of a {@link TransitionGraph} (a synapse with its single action).
 *
 * @param id            unique in its graph
 * @param kind          what runs it
 * @param task          Pacemaker's task: start, stop, monitor (also probes, with interval 0), promote, demote,
 *                      notify, migrate_to, migrate_from, reload-agent; for {@link Kind#CLUSTER} stonith,
 *                      do_shutdown, clear_failcount, lrm_delete; for pseudo actions running, stopped, ...
 * @param operationKey  Pacemaker's key, such as {@code ip_monitor_10000} or {@code web_running_0}
 * @param resource      for resource actions: the id the node's executor knows the resource by (a clone instance's
 *                      {@code rsc:N} for anonymous clones), empty otherwise
 * @param resourceLongId the resource's full id when it differs ({@code rsc:N} of an anonymous clone), else = resource
 * @param agentClass    ocf, lsb, systemd, service, stonith (empty when not a resource action)
 * @param provider      the OCF provider, empty if none
 * @param type          the agent type
 * @param node          the node it runs on (for stonith, the node to fence; for pseudo actions empty)
 * @param intervalMillis the interval of a recurring monitor, 0 otherwise
 * @param parameters    the resource's instance attributes as evaluated for that node (and the op's own, such as
 *                      {@code OCF_CHECK_LEVEL})
 * @param meta          Pacemaker's {@code CRM_meta_*} attributes without the prefix: {@code timeout} (ms),
 *                      {@code on_fail}, {@code role}, {@code start_delay}, clone and notify variables, and for
 *                      stonith {@code stonith_action}
 * @param inputs        ids of the actions that must complete first
 * @since 1.1
 */
public record GraphAction(int id, Kind kind, String task, String operationKey, String resource, String resourceLongId,
                          String agentClass, String provider, String type, String node, long intervalMillis,
                          Map<String, String> parameters, Map<String, String> meta, List<Integer> inputs) {
    public enum Kind {
        /** Runs on a node's executor. */
        RESOURCE,
        /** Runs on the DC itself (fencing, shutdown, fail-count clearing, history deletion). */
        CLUSTER,
        /** Completes as soon as its inputs have: marks a point in the graph (a group started, a clone stopped). */
        PSEUDO
    }

    public GraphAction {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(operationKey, "operationKey");
        resource = resource == null ? "" : resource;
        resourceLongId = resourceLongId == null || resourceLongId.isEmpty() ? resource : resourceLongId;
        agentClass = agentClass == null ? "" : agentClass;
        provider = provider == null ? "" : provider;
        type = type == null ? "" : type;
        node = node == null ? "" : node;
        parameters = Map.copyOf(parameters);
        meta = Map.copyOf(meta);
        inputs = List.copyOf(inputs);
        if (kind == Kind.RESOURCE && (resource.isEmpty() || node.isEmpty() || type.isEmpty())) {
            throw new IllegalArgumentException("resource action " + operationKey + " needs a resource, agent type and node");
        }
        if (intervalMillis < 0) {
            throw new IllegalArgumentException(operationKey + ": negative interval");
        }
    }

    /** The agent as {@code class:provider:type} (or {@code class:type}). */
    public String agent() {
        return provider.isEmpty() ? agentClass + ":" + type : agentClass + ":" + provider + ":" + type;
    }

    /** {@code CRM_meta_timeout} in milliseconds, or {@code fallback} when unset or not a number. */
    public long timeoutMillis(long fallback) {
        String t = meta.get("timeout");
        if (t == null) {
            return fallback;
        }
        try {
            return Long.parseLong(t.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    @Override
    public String toString() {
        return operationKey + (node.isEmpty() ? "" : " on " + node);
    }
}
