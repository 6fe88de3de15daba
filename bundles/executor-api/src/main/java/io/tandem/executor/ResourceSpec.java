package io.tandem.executor;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A resource as the executor needs it: its id (the instance name agents see as
 * {@code OCF_RESOURCE_INSTANCE}), its agent and its instance attributes ({@code OCF_RESKEY_<name>}).
 */
public record ResourceSpec(String resourceId, AgentId agent, Map<String, String> parameters) {
    public ResourceSpec {
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(agent, "agent");
        if (resourceId.isBlank() || resourceId.chars().anyMatch(c -> c < ' ' || c == '=')) {
            throw new IllegalArgumentException("invalid resource id '" + resourceId + "'");
        }
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            checkName(e.getKey(), "parameter");
            Objects.requireNonNull(e.getValue(), () -> "parameter " + e.getKey() + " has no value");
        }
        parameters = Map.copyOf(parameters);
    }

    public static ResourceSpec of(String resourceId, String agent, Map<String, String> parameters) {
        return new ResourceSpec(resourceId, AgentId.parse(agent), parameters);
    }

    /** The parameters in name order, for display and digests. */
    public Map<String, String> sortedParameters() {
        return new TreeMap<>(parameters);
    }

    static void checkName(String name, String what) {
        if (name == null || name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid " + what + " name '" + name + "'");
        }
    }
}
