package io.tandem.executor;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One operation as configured in a CIB {@code <op>}: the action, its interval (0 for one-shot actions and
 * probes), timeout, monitor depth ({@code OCF_CHECK_LEVEL}), role for role-specific monitors, start delay of
 * the first run of a recurring operation, and further meta attributes that agents see as
 * {@code OCF_RESKEY_CRM_meta_<key>} (clone and notify variables, {@code on_fail}, ...), keys without the
 * {@code CRM_meta_} prefix. {@code timeout} and {@code interval} are set by the executor from the fields here.
 */
public record OperationSpec(String action, Duration interval, Duration timeout, int checkLevel, String role,
                            Duration startDelay, Map<String, String> meta) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    public OperationSpec {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(startDelay, "startDelay");
        role = role == null ? "" : role;
        if (action.isBlank() || !action.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("invalid action '" + action + "'");
        }
        if (interval.isNegative()) {
            throw new IllegalArgumentException(action + ": interval must not be negative: " + interval);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(action + ": timeout must be positive: " + timeout);
        }
        if (startDelay.isNegative()) {
            throw new IllegalArgumentException(action + ": start delay must not be negative: " + startDelay);
        }
        if (checkLevel < 0) {
            throw new IllegalArgumentException(action + ": OCF_CHECK_LEVEL must not be negative: " + checkLevel);
        }
        for (Map.Entry<String, String> e : meta.entrySet()) {
            ResourceSpec.checkName(e.getKey(), "meta attribute");
            Objects.requireNonNull(e.getValue(), () -> "meta attribute " + e.getKey() + " has no value");
            if (e.getKey().equals("timeout") || e.getKey().equals("interval")) {
                throw new IllegalArgumentException(action + ": set " + e.getKey() + " through the operation, not meta");
            }
        }
        meta = Map.copyOf(meta);
    }

    /** A one-shot action with the default timeout (20 s). */
    public static OperationSpec of(String action) {
        return new OperationSpec(action, Duration.ZERO, DEFAULT_TIMEOUT, 0, "", Duration.ZERO, Map.of());
    }

    /** A one-shot action. */
    public static OperationSpec of(String action, Duration timeout) {
        return new OperationSpec(action, Duration.ZERO, timeout, 0, "", Duration.ZERO, Map.of());
    }

    /** A recurring monitor. */
    public static OperationSpec monitor(Duration interval, Duration timeout) {
        return new OperationSpec("monitor", interval, timeout, 0, "", Duration.ZERO, Map.of());
    }

    /** A probe: a monitor with interval 0, which agents recognise by the missing {@code CRM_meta_interval}. */
    public static OperationSpec probe(Duration timeout) {
        return of("monitor", timeout);
    }

    public OperationSpec withTimeout(Duration t) {
        return new OperationSpec(action, interval, t, checkLevel, role, startDelay, meta);
    }

    public OperationSpec withCheckLevel(int level) {
        return new OperationSpec(action, interval, timeout, level, role, startDelay, meta);
    }

    public OperationSpec withRole(String r) {
        return new OperationSpec(action, interval, timeout, checkLevel, r, startDelay, meta);
    }

    public OperationSpec withStartDelay(Duration d) {
        return new OperationSpec(action, interval, timeout, checkLevel, role, d, meta);
    }

    public OperationSpec withMeta(Map<String, String> m) {
        return new OperationSpec(action, interval, timeout, checkLevel, role, startDelay, m);
    }

    public boolean isRecurring() {
        return !interval.isZero();
    }

    /** Pacemaker's operation key without the resource: {@code monitor_10000}. */
    public String key() {
        return action + "_" + interval.toMillis();
    }

    /**
     * The exit code that counts as success: 8 for monitors of the promoted role, 7 for monitors of the stopped
     * role, 0 otherwise (as Pacemaker's scheduler expects them).
     */
    public int expectedExitCode() {
        if (!"monitor".equals(action)) {
            return 0;
        }
        return switch (role.toLowerCase(java.util.Locale.ROOT)) {
            case "promoted", "master" -> 8;
            case "stopped" -> 7;
            default -> 0;
        };
    }
}
