package io.tandem.controller;

import io.tandem.common.CibVersion;
import io.tandem.common.NodeId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What this node's controller is doing.
 *
 * @param localNode   this node
 * @param dc          the current DC, empty while none is elected (no view yet, or an inquorate view without one)
 * @param viewId      the membership view the DC was elected in
 * @param members     the members of that view
 * @param quorate     whether the view has quorum
 * @param phase       the controller's phase, as Pacemaker names its FSA states
 * @param cibVersion  this node's CIB version
 * @param transition  the number of the transition running or last run (DC only, 0 before the first)
 * @param pendingActions actions of the running transition not yet complete (DC only)
 * @param lastTransitionEnd when the last transition finished, empty if none has (DC only)
 */
public record ControllerState(NodeId localNode, Optional<NodeId> dc, long viewId, List<NodeId> members, boolean quorate,
                              Phase phase, CibVersion cibVersion, long transition, int pendingActions,
                              Optional<Instant> lastTransitionEnd) {
    public enum Phase {
        /** Waiting for a view (or for the DC of the view to answer). */
        PENDING,
        /** This node is DC and is collecting the members' resource histories. */
        INTEGRATION,
        /** DC, nothing to do. */
        IDLE,
        /** DC, running a transition. */
        TRANSITION,
        /** Not DC: following the DC. */
        NOT_DC,
        /** Moving resources away before stopping (clean shutdown). */
        STOPPING
    }

    public ControllerState {
        Objects.requireNonNull(localNode, "localNode");
        Objects.requireNonNull(dc, "dc");
        members = List.copyOf(members);
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(cibVersion, "cibVersion");
        Objects.requireNonNull(lastTransitionEnd, "lastTransitionEnd");
    }

    public boolean isDc() {
        return dc.isPresent() && dc.get().equals(localNode);
    }
}
