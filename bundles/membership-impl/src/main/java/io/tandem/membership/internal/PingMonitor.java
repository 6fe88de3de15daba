package io.tandem.membership.internal;

import io.tandem.membership.PingNodeStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Up/down state of the ping nodes and groups from probe results (heartbeat's ipfail). A ping node is up from
 * its first answer until {@code deadPing} passes without one; a group is up while any member is. Before the
 * first answer a ping node counts as down: connectivity is claimed only once it was seen. Not thread-safe:
 * used on the membership thread.
 */
final class PingMonitor {
    private final List<PingTarget> targets;
    private final long deadPingNanos;
    private final Map<String, Long> lastAnswerNanos = new HashMap<>();
    private final Map<String, Boolean> targetUp = new HashMap<>();
    private final Map<String, Long> lastChangeMillis = new HashMap<>();
    private final Set<String> inFlight = new java.util.HashSet<>();

    PingMonitor(List<PingTarget> targets, long deadPingNanos) {
        this.targets = List.copyOf(targets);
        this.deadPingNanos = deadPingNanos;
        for (PingTarget target : targets) {
            targetUp.put(target.name(), false);
            lastChangeMillis.put(target.name(), 0L);
        }
    }

    boolean isEmpty() {
        return targets.isEmpty();
    }

    /** Every distinct address to probe, in configuration order. */
    Set<String> addresses() {
        Set<String> all = new LinkedHashSet<>();
        targets.forEach(t -> all.addAll(t.addresses()));
        return all;
    }

    /** Marks a probe as started; false if one for this address is still running (a slow probe is not doubled). */
    boolean startProbe(String address) {
        return inFlight.add(address);
    }

    /** Records a probe's outcome; @return whether any target changed state */
    boolean probeFinished(String address, boolean answered, long nowNanos, long nowMillis) {
        inFlight.remove(address);
        if (answered) {
            lastAnswerNanos.put(address, nowNanos);
        }
        return refresh(nowNanos, nowMillis);
    }

    /** Re-evaluates every target at {@code nowNanos} (ping nodes time out without any probe result). */
    boolean refresh(long nowNanos, long nowMillis) {
        boolean changed = false;
        for (PingTarget target : targets) {
            boolean up = target.addresses().stream().anyMatch(a -> answeredWithinDeadPing(a, nowNanos));
            if (up != targetUp.get(target.name())) {
                targetUp.put(target.name(), up);
                lastChangeMillis.put(target.name(), nowMillis);
                changed = true;
            }
        }
        return changed;
    }

    private boolean answeredWithinDeadPing(String address, long nowNanos) {
        Long last = lastAnswerNanos.get(address);
        return last != null && nowNanos - last < deadPingNanos;
    }

    int upCount() {
        return (int) targets.stream().filter(t -> targetUp.get(t.name())).count();
    }

    List<PingNodeStatus> statuses() {
        List<PingNodeStatus> statuses = new ArrayList<>();
        for (PingTarget target : targets) {
            statuses.add(new PingNodeStatus(target.name(), target.addresses(), targetUp.get(target.name()),
                    lastChangeMillis.get(target.name())));
        }
        return statuses;
    }
}
