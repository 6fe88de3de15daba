package io.tandem.executor.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One action for an agent.
 *
 * @param resourceId  the resource (instance) id, e.g. {@code web-ip} or {@code drbd0:1}
 * @param action      start, stop, monitor, promote, demote, notify, reload, validate-all, ...
 * @param parameters  instance attributes, the keys external agents see as {@code OCF_RESKEY_<key>}
 * @param meta        meta attributes without the prefix, the keys external agents see as
 *                    {@code OCF_RESKEY_CRM_meta_<key>} (timeout, interval, clone, notify_type, ...)
 * @param timeout     how long the action may take
 * @param interval    0 for a one-shot action, the period of a recurring monitor otherwise
 * @param checkLevel  OCF_CHECK_LEVEL for monitors (0, 10, 20), 0 otherwise
 */
public record AgentRequest(String resourceId, String action, Map<String, String> parameters, Map<String, String> meta,
                           Duration timeout, Duration interval, int checkLevel) {
    public AgentRequest {
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(action, "action");
        parameters = Map.copyOf(parameters);
        meta = Map.copyOf(meta);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(interval, "interval");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative: " + interval);
        }
    }

    public String parameter(String name, String fallback) {
        String v = parameters.get(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    public boolean isRecurring() {
        return !interval.isZero();
    }
}
