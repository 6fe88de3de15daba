package io.tandem.executor;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the executor remembers about a resource, the material of a CIB {@code lrm_resource} entry.
 *
 * @param resourceId           the resource
 * @param agent                its agent (from the latest operation)
 * @param startParameters      the parameters of the last start (used by stop), empty if never started
 * @param lastOneShot          the latest non-recurring operation (Pacemaker's {@code rsc_last_0})
 * @param lastFailure          the latest failed operation (Pacemaker's {@code rsc_last_failure_0})
 * @param recurring            the latest result of each active recurring operation, by key ({@code monitor_10000})
 * @param recent               the most recent results, oldest first, bounded
 */
public record ResourceHistory(String resourceId, AgentId agent, Map<String, String> startParameters,
                              Optional<OperationResult> lastOneShot, Optional<OperationResult> lastFailure,
                              Map<String, OperationResult> recurring, List<OperationResult> recent) {
    public ResourceHistory {
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(agent, "agent");
        startParameters = Map.copyOf(startParameters);
        Objects.requireNonNull(lastOneShot, "lastOneShot");
        Objects.requireNonNull(lastFailure, "lastFailure");
        recurring = Map.copyOf(recurring);
        recent = List.copyOf(recent);
    }
}
