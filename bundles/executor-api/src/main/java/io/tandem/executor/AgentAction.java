package io.tandem.executor;

import java.time.Duration;
import java.util.Objects;

/**
 * One {@code <action>} of an agent's meta-data: the timeouts and intervals the agent suggests (Pacemaker never
 * applies them itself; configuration tools copy them into the CIB).
 *
 * @param name        start, stop, monitor, ...
 * @param timeout     suggested timeout, {@link Duration#ZERO} if absent
 * @param interval    suggested interval (monitor), {@link Duration#ZERO} if absent
 * @param startDelay  suggested start delay, {@link Duration#ZERO} if absent
 * @param depth       OCF_CHECK_LEVEL of this monitor variant, 0 if absent
 * @param role        role of this monitor variant (Promoted, Unpromoted, legacy Master/Slave), empty if none
 */
public record AgentAction(String name, Duration timeout, Duration interval, Duration startDelay, int depth, String role) {
    public AgentAction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(startDelay, "startDelay");
        role = role == null ? "" : role;
        if (name.isBlank()) {
            throw new IllegalArgumentException("action without a name");
        }
    }
}
