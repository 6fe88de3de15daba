package io.tandem.membership.internal;

import io.tandem.common.NodeId;
import io.tandem.membership.NoQuorumPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validated membership settings. Every rejection names the configuration property at fault, because the
 * message ends up in the log of a component that failed to activate.
 *
 * @param nodes configured node names, sorted, distinct (the local node is added by the engine if missing)
 */
public record MembershipSettings(List<NodeId> nodes, long deadTimeMillis, long warnTimeMillis, long initDeadMillis,
                                 int expectedVotes, boolean twoNode, boolean waitForAll, NoQuorumPolicy noQuorumPolicy,
                                 List<PingTarget> pingTargets, long pingIntervalMillis, long deadPingMillis,
                                 int pingMultiplier) {
    public MembershipSettings {
        nodes = List.copyOf(new TreeSet<>(nodes));
        pingTargets = List.copyOf(pingTargets);
        Objects.requireNonNull(noQuorumPolicy, "noQuorumPolicy");
        if (deadTimeMillis <= 0) {
            throw new IllegalArgumentException("deadTimeMillis must be positive, got " + deadTimeMillis);
        }
        if (warnTimeMillis <= 0 || warnTimeMillis >= deadTimeMillis) {
            throw new IllegalArgumentException("warnTimeMillis (" + warnTimeMillis
                    + ") must be positive and less than deadTimeMillis (" + deadTimeMillis + ")");
        }
        if (initDeadMillis < deadTimeMillis) {
            throw new IllegalArgumentException("initDeadMillis (" + initDeadMillis
                    + ") must be at least deadTimeMillis (" + deadTimeMillis + "); heartbeat advises twice as much");
        }
        if (expectedVotes < 0) {
            throw new IllegalArgumentException("expectedVotes must be 0 (= number of nodes) or positive, got " + expectedVotes);
        }
        if (pingIntervalMillis <= 0) {
            throw new IllegalArgumentException("pingIntervalMillis must be positive, got " + pingIntervalMillis);
        }
        if (deadPingMillis < pingIntervalMillis) {
            throw new IllegalArgumentException("deadPingMillis (" + deadPingMillis
                    + ") must be at least pingIntervalMillis (" + pingIntervalMillis + ")");
        }
        if (pingMultiplier < 1) {
            throw new IllegalArgumentException("pingMultiplier must be at least 1, got " + pingMultiplier);
        }
        Set<String> names = new HashSet<>();
        for (PingTarget target : pingTargets) {
            if (!names.add(target.name())) {
                throw new IllegalArgumentException("pingNodes: '" + target.name() + "' is declared twice");
            }
        }
    }

    /** Reads the typed OSGi configuration. Node lists also accept comma/blank separated values in one entry. */
    public static MembershipSettings from(MembershipConfig config) {
        List<NodeId> nodes = new ArrayList<>();
        for (String entry : nullToEmpty(config.nodes())) {
            for (String name : entry.trim().split("[,\\s]+")) {
                if (name.isEmpty()) {
                    continue;
                }
                try {
                    nodes.add(NodeId.of(name));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("nodes: " + e.getMessage(), e);
                }
            }
        }
        NoQuorumPolicy policy;
        try {
            policy = NoQuorumPolicy.parse(config.noQuorumPolicy() == null ? "" : config.noQuorumPolicy());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("noQuorumPolicy: " + e.getMessage(), e);
        }
        List<PingTarget> targets = new ArrayList<>();
        for (String entry : nullToEmpty(config.pingNodes())) {
            // One property value may carry several ha.cf lines separated by commas (a .cfg file has one line per key).
            for (String line : entry.split(",")) {
                if (!line.isBlank()) {
                    targets.addAll(PingTarget.parse(line));
                }
            }
        }
        return new MembershipSettings(nodes, config.deadTimeMillis(), config.warnTimeMillis(), config.initDeadMillis(),
                config.expectedVotes(), config.twoNode(), config.waitForAll(), policy, targets,
                config.pingIntervalMillis(), config.deadPingMillis(), config.pingMultiplier());
    }

    private static String[] nullToEmpty(String[] values) {
        return values == null ? new String[0] : values;
    }

    /**
     * How long the coordinator lets the live set settle before proposing a view: long enough that nodes
     * starting together (or a partition healing) are heard in one round, short against the dead time.
     */
    public long settleMillis() {
        return Math.max(10, Math.min(1000, deadTimeMillis / 10));
    }

    /** How long a coordinator waits for acknowledgements before proposing again without the silent members. */
    public long proposalTimeoutMillis() {
        return Math.max(50, Math.min(5000, deadTimeMillis / 2));
    }
}
