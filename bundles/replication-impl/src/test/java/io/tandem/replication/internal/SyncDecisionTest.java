package io.tandem.replication.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.replication.AfterSplitBrain;
import io.tandem.replication.DiskState;
import io.tandem.replication.GenerationIds;
import io.tandem.replication.Role;
import io.tandem.replication.internal.SyncDecision.Outcome;
import io.tandem.replication.internal.SyncDecision.Side;
import org.junit.jupiter.api.Test;

class SyncDecisionTest {
    private static final long X = 0x1000, Y = 0x2000, Z = 0x3000, W = 0x4000;
    private static final AfterSplitBrain D = AfterSplitBrain.DISCONNECT;

    private static Side side(long cur, long bm, long h0, Role role, long changed) {
        return new Side(new GenerationIds(cur, bm, h0, 0), role, DiskState.CONSISTENT, false, false, changed);
    }

    private static SyncDecision.Result decide(Side me, Side peer, AfterSplitBrain sb0, AfterSplitBrain sb1,
            boolean dc) {
        SyncDecision.Result a = SyncDecision.decide(me, peer, sb0, sb1, D, dc, true);
        SyncDecision.Result b = SyncDecision.decide(peer, me, sb0, sb1, D, !dc, true);
        // Both nodes must reach mirror-image answers.
        if (a.outcome() == Outcome.BECOME_SOURCE) {
            assertEquals(Outcome.BECOME_TARGET, b.outcome());
        } else if (a.outcome() == Outcome.BECOME_TARGET) {
            assertEquals(Outcome.BECOME_SOURCE, b.outcome());
        } else {
            assertEquals(a.outcome(), b.outcome());
        }
        return a;
    }

    @Test
    void freshMetadataOnBothSidesNeedsNoSync() {
        Side fresh = new Side(GenerationIds.justCreated(), Role.SECONDARY, DiskState.INCONSISTENT, false, false, 100);
        assertEquals(Outcome.NO_SYNC, decide(fresh, fresh, D, D, true).outcome());
    }

    @Test
    void forcedPrimaryFullSyncsAJustCreatedPeer() {
        Side forced = new Side(new GenerationIds(Y | 1, GenerationIds.JUST_CREATED, 0, 0), Role.PRIMARY,
                DiskState.UP_TO_DATE, false, false, 100);
        Side fresh = new Side(GenerationIds.justCreated(), Role.SECONDARY, DiskState.INCONSISTENT, false, false, 100);
        SyncDecision.Result r = decide(forced, fresh, D, D, false);
        assertEquals(Outcome.BECOME_SOURCE, r.outcome());
        assertTrue(r.fullSync());
    }

    @Test
    void disconnectedPrimarySyncsFromItsBitmap() {
        SyncDecision.Result r = decide(side(Y | 1, X | 1, 0, Role.PRIMARY, 5), side(X, 0, 0, Role.SECONDARY, 0), D, D,
                true);
        assertEquals(Outcome.BECOME_SOURCE, r.outcome());
        assertEquals(1, r.hg());
    }

    @Test
    void currentFoundInHistoryMeansFullSync() {
        SyncDecision.Result r = decide(side(Y, 0, X, Role.SECONDARY, 0), side(X, 0, 0, Role.SECONDARY, 0), D, D, true);
        assertEquals(3, r.hg());
    }

    @Test
    void crashedPrimaryIsSourceWhenCurrentIdsAgree() {
        Side crashed = new Side(new GenerationIds(X, 0, 0, 0), Role.SECONDARY, DiskState.CONSISTENT, true, false, 2048);
        assertEquals(Outcome.BECOME_SOURCE, decide(crashed, side(X, 0, 0, Role.SECONDARY, 0), D, D, true).outcome());
    }

    @Test
    void unrelatedDataIsRefusedUnlessDiscardMyData() {
        assertEquals(Outcome.DISCONNECT,
                decide(side(Y, 0, 0, Role.SECONDARY, 0), side(Z, 0, 0, Role.SECONDARY, 0), D, D, true).outcome());
        Side victim = new Side(new GenerationIds(Z, 0, 0, 0), Role.SECONDARY, DiskState.CONSISTENT, false, true, 0);
        assertEquals(Outcome.BECOME_TARGET, decide(victim, side(Y, 0, 0, Role.SECONDARY, 0), D, D, true).outcome());
    }

    @Test
    void splitBrainPolicies() {
        // Both changed since X; alpha (bit 1 in its bitmap id) was Primary at the split.
        Side older = side(Y, X | 1, 0, Role.SECONDARY, 10);
        Side younger = side(Z, X, 0, Role.SECONDARY, 3);
        assertEquals(Outcome.DISCONNECT, decide(older, younger, D, D, true).outcome());
        assertTrue(decide(older, younger, D, D, true).splitBrain());
        assertEquals(Outcome.BECOME_SOURCE,
                decide(older, younger, AfterSplitBrain.DISCARD_YOUNGER_PRIMARY, D, true).outcome());
        assertEquals(Outcome.BECOME_TARGET,
                decide(older, younger, AfterSplitBrain.DISCARD_OLDER_PRIMARY, D, true).outcome());
        assertEquals(Outcome.BECOME_SOURCE,
                decide(older, younger, AfterSplitBrain.DISCARD_LEAST_CHANGES, D, true).outcome());
        assertEquals(Outcome.DISCONNECT,
                decide(older, younger, AfterSplitBrain.DISCARD_ZERO_CHANGES, D, true).outcome());
        Side idle = side(W, X, 0, Role.SECONDARY, 0);
        assertEquals(Outcome.BECOME_SOURCE,
                decide(older, idle, AfterSplitBrain.DISCARD_ZERO_CHANGES, D, true).outcome());
        // discard-local/discard-remote are one-sided by nature: checked on this side only.
        assertEquals(Outcome.BECOME_TARGET, SyncDecision.decide(older, younger, AfterSplitBrain.DISCARD_LOCAL, D, D,
                true, true).outcome());
        assertEquals(Outcome.BECOME_SOURCE, SyncDecision.decide(older, younger, AfterSplitBrain.DISCARD_REMOTE, D, D,
                true, true).outcome());
    }

    @Test
    void onePrimaryPolicies() {
        Side primary = side(Y | 1, X | 1, 0, Role.PRIMARY, 3);
        Side secondary = side(Z, X, 0, Role.SECONDARY, 10);
        assertEquals(Outcome.BECOME_SOURCE,
                decide(primary, secondary, D, AfterSplitBrain.DISCARD_SECONDARY, true).outcome());
        // Consensus: least-changes would discard the Primary, the secondary-discarding policy disagrees.
        assertEquals(Outcome.DISCONNECT, decide(primary, secondary, AfterSplitBrain.DISCARD_LEAST_CHANGES,
                AfterSplitBrain.CONSENSUS, true).outcome());
        assertEquals(Outcome.BECOME_SOURCE, decide(primary, secondary, AfterSplitBrain.DISCARD_YOUNGER_PRIMARY,
                AfterSplitBrain.CONSENSUS, true).outcome());
        // call-pri-lost-after-sb: the losing Primary is demoted if it can be, else reported.
        SyncDecision.Result demoted = SyncDecision.decide(primary, secondary, AfterSplitBrain.DISCARD_LEAST_CHANGES,
                AfterSplitBrain.CALL_PRI_LOST_AFTER_SB, D, true, true);
        assertEquals(Outcome.BECOME_TARGET, demoted.outcome());
        assertTrue(demoted.demote());
        SyncDecision.Result lost = SyncDecision.decide(primary, secondary, AfterSplitBrain.DISCARD_LEAST_CHANGES,
                AfterSplitBrain.CALL_PRI_LOST_AFTER_SB, D, true, false);
        assertEquals(Outcome.DISCONNECT, lost.outcome());
        assertTrue(lost.priLost());
    }

    @Test
    void manualRecoveryWithDiscardMyData() {
        Side victim = new Side(new GenerationIds(Z, X, 0, 0), Role.SECONDARY, DiskState.CONSISTENT, false, true, 3);
        SyncDecision.Result r = decide(victim, side(Y, X | 1, 0, Role.SECONDARY, 10), D, D, true);
        assertEquals(Outcome.BECOME_TARGET, r.outcome());
        assertTrue(r.splitBrain());
    }

    @Test
    void primaryNeverBecomesTargetWithoutPolicy() {
        SyncDecision.Result r = SyncDecision.decide(side(X | 1, 0, 0, Role.PRIMARY, 0),
                side(Y, X, 0, Role.SECONDARY, 0), D, D, D, true, true);
        assertEquals(Outcome.DISCONNECT, r.outcome());
        assertTrue(r.reason().contains("I shall become SyncTarget, but I am primary!"));
    }
}
