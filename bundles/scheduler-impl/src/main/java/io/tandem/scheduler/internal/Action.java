package io.tandem.scheduler.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One scheduled action (pe_action_t) with its ordering edges. */
final class Action {
    final int id;
    final String key;
    final String task;
    final Resource rsc;
    final Node node;
    final long intervalMs;
    boolean optional;
    boolean runnable = true;
    boolean pseudo;
    boolean printAlways;
    boolean dcAction;
    boolean dumped;
    boolean migrateRunnable;
    /** pe_action_dangle: the stop that completes a dangling migration. */
    boolean dangle;
    boolean requiresAny;
    /** For requires-any pseudo-actions (clone-min orderings): runnable "first" actions seen, and how many are needed. */
    int runnableBefore;
    int requiredRunnableBefore;
    boolean clearedByFencing;
    String reason;
    /** What the action needs before it may run: nothing, quorum, fencing. */
    String needs = "nothing";
    String onFail = "restart";
    Role failRole = Role.STARTED;
    final Map<String, String> meta = new LinkedHashMap<>();
    final List<Edge> before = new ArrayList<>();
    final List<Edge> after = new ArrayList<>();
    /**
     * Graph inputs that take no part in flag propagation: the clone-level ordering between interleaved clones, which
     * Pacemaker keeps in the graph while only the instance orderings update flags.
     */
    final List<Action> graphOnlyInputs = new ArrayList<>();
    int executed;

    /** An ordering between two actions; flags are Pacemaker's pe_ordering bits. */
    static final class Edge {
        final Action action;
        int type;

        Edge(Action action, int type) {
            this.action = action;
            this.type = type;
        }
    }

    Action(int id, String key, String task, Resource rsc, Node node, long intervalMs) {
        this.id = id;
        this.key = key;
        this.task = task;
        this.rsc = rsc;
        this.node = node;
        this.intervalMs = intervalMs;
    }

    boolean inGraphCandidate() {
        return runnable && !optional;
    }

    @Override
    public String toString() {
        return key + (node == null ? "" : " " + node.uname) + (optional ? " (optional)" : "") + (runnable ? "" : " (unrunnable)");
    }
}
