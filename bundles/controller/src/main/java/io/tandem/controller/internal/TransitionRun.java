package io.tandem.controller.internal;

import io.tandem.scheduler.GraphAction;
import io.tandem.scheduler.TransitionGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bookkeeping of one running transition graph: which actions may start (all inputs confirmed, batch-limit
 * not reached, not aborted), which are in flight, which failed. No I/O: the controller starts what
 * {@link #startable()} returns and reports back with {@link #confirm} and {@link #fail}.
 */
final class TransitionRun {
    enum State { WAITING, RUNNING, CONFIRMED, FAILED }

    final long id;
    final TransitionGraph graph;
    private final Map<Integer, GraphAction> byId = new LinkedHashMap<>();
    private final Map<Integer, State> states = new HashMap<>();
    private int running;
    private boolean aborted;
    private String abortReason = "";

    TransitionRun(long id, TransitionGraph graph) {
        this.id = id;
        this.graph = graph;
        for (GraphAction a : graph.actions()) {
            byId.put(a.id(), a);
            states.put(a.id(), State.WAITING);
        }
    }

    GraphAction action(int actionId) {
        return byId.get(actionId);
    }

    State state(int actionId) {
        return states.get(actionId);
    }

    /**
     * The actions that may start now, marked running. Pseudo actions are included (the caller confirms them at
     * once and asks again). Nothing starts after an abort.
     */
    List<GraphAction> startable() {
        List<GraphAction> out = new ArrayList<>();
        if (aborted) {
            return out;
        }
        int limit = graph.batchLimit();
        for (GraphAction a : byId.values()) {
            if (states.get(a.id()) != State.WAITING) {
                continue;
            }
            boolean ready = true;
            for (int in : a.inputs()) {
                if (states.get(in) != State.CONFIRMED) {
                    ready = false;
                    break;
                }
            }
            if (!ready) {
                continue;
            }
            boolean counts = a.kind() != GraphAction.Kind.PSEUDO;
            if (counts && limit > 0 && running >= limit) {
                continue;
            }
            states.put(a.id(), State.RUNNING);
            if (counts) {
                running++;
            }
            out.add(a);
        }
        return out;
    }

    /** Marks a running action done as expected; false if it was not running (a late or duplicate answer). */
    boolean confirm(int actionId) {
        return finish(actionId, State.CONFIRMED);
    }

    /** Marks a running action failed; the transition is aborted (no further actions start). */
    boolean fail(int actionId, String why) {
        boolean was = finish(actionId, State.FAILED);
        if (was) {
            abort("action " + byId.get(actionId) + " failed: " + why);
        }
        return was;
    }

    private boolean finish(int actionId, State to) {
        if (states.get(actionId) != State.RUNNING) {
            return false;
        }
        states.put(actionId, to);
        if (byId.get(actionId).kind() != GraphAction.Kind.PSEUDO) {
            running--;
        }
        return true;
    }

    void abort(String why) {
        if (!aborted) {
            aborted = true;
            abortReason = why;
        }
    }

    boolean aborted() {
        return aborted;
    }

    String abortReason() {
        return abortReason;
    }

    int running() {
        return running;
    }

    /** Nothing in flight and nothing more will start: the transition is over (complete, or aborted and drained). */
    boolean finished() {
        if (running > 0) {
            return false;
        }
        if (aborted) {
            return true;
        }
        return startableCount() == 0;
    }

    /** Whether every action completed as planned. */
    boolean complete() {
        return !aborted && states.values().stream().allMatch(s -> s == State.CONFIRMED);
    }

    int pending() {
        return (int) states.values().stream().filter(s -> s == State.WAITING || s == State.RUNNING).count();
    }

    private int startableCount() {
        int n = 0;
        for (GraphAction a : byId.values()) {
            if (states.get(a.id()) == State.WAITING && a.inputs().stream().allMatch(in -> states.get(in) == State.CONFIRMED)) {
                n++;
            }
        }
        return n;
    }
}
