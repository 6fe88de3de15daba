package io.tandem.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the scheduler wants done: Pacemaker's {@code <transition_graph>} as values. Every action lists the ids of
 * the actions that must complete first ({@link GraphAction#inputs()}); an action whose inputs are all complete
 * may run. The graph is acyclic and {@code actions} is in Pacemaker's synapse order.
 *
 * @param actions      the actions, each id unique
 * @param batchLimit   the cluster option {@code batch-limit}: how many actions may run at once (0 = no limit)
 * @param clusterDelay the cluster option {@code cluster-delay} (default 60 s), slack added to action timeouts
 * @param stonithTimeout the cluster option {@code stonith-timeout} (default 60 s)
 * @param recheckBy    when the scheduler must run again even if nothing changes: the earliest failure-timeout
 *                     expiry, rule change or shutdown-lock expiry, capped by {@code cluster-recheck-interval}
 *                     (empty when the interval is 0 and nothing expires)
 * @param summary      the "Transition Summary" lines, for logs
 * @param graphXml     the same graph as Pacemaker's XML, for {@code ha:simulate --save-graph} and debugging
 * @since 1.1
 */
public record TransitionGraph(List<GraphAction> actions, int batchLimit, Duration clusterDelay, Duration stonithTimeout,
                              Optional<Instant> recheckBy, List<String> summary, String graphXml) {
    public TransitionGraph {
        actions = List.copyOf(actions);
        Objects.requireNonNull(clusterDelay, "clusterDelay");
        Objects.requireNonNull(stonithTimeout, "stonithTimeout");
        Objects.requireNonNull(recheckBy, "recheckBy");
        summary = List.copyOf(summary);
        Objects.requireNonNull(graphXml, "graphXml");
        if (batchLimit < 0) {
            throw new IllegalArgumentException("batch-limit must not be negative: " + batchLimit);
        }
        Map<Integer, GraphAction> byId = new HashMap<>();
        for (GraphAction a : actions) {
            if (byId.put(a.id(), a) != null) {
                throw new IllegalArgumentException("duplicate action id " + a.id());
            }
        }
        for (GraphAction a : actions) {
            for (int in : a.inputs()) {
                if (!byId.containsKey(in)) {
                    throw new IllegalArgumentException("action " + a.id() + " (" + a.operationKey() + ") waits for unknown action " + in);
                }
            }
        }
    }

    /** Whether there is nothing to do. */
    public boolean isEmpty() {
        return actions.isEmpty();
    }
}
