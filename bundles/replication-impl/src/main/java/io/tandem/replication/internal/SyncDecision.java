package io.tandem.replication.internal;

import io.tandem.replication.AfterSplitBrain;
import io.tandem.replication.DiskState;
import io.tandem.replication.GenerationIds;
import io.tandem.replication.Role;

/**
 * What to do when two nodes meet: DRBD 8's {@code drbd_uuid_compare} and {@code drbd_sync_handshake},
 * including the after-sb policies. Pure; each node computes it with the roles swapped and, because exactly one
 * of them has {@code discardConcurrent}, both reach mirror-image answers.
 */
final class SyncDecision {
    enum Outcome { NO_SYNC, BECOME_SOURCE, BECOME_TARGET, DISCONNECT }

    /** One node's view at handshake time. */
    record Side(GenerationIds ids, Role role, DiskState disk, boolean crashedPrimary, boolean discardMyData,
            long changedBlocks) {
    }

    /**
     * @param hg DRBD's handshake value: 0 nothing, +-1 bitmap sync (+ = this node is source), +-2/3 full sync,
     *        +-100 split brain, -1000 unrelated data
     * @param rule which comparison rule decided (DRBD's rule numbers, for the log)
     * @param splitBrain a split brain was found
     * @param demote this node (Primary) must become Secondary before syncing as target
     * @param priLost this Primary lost the split brain and cannot be demoted (pri-lost-after-sb)
     */
    record Result(Outcome outcome, int hg, int rule, boolean splitBrain, String reason, boolean demote,
            boolean priLost) {
        boolean fullSync() {
            return Math.abs(hg) >= 2 && Math.abs(hg) < 100;
        }
    }

    private SyncDecision() {
    }

    record Compare(int hg, int rule) {
    }

    static Compare compareUuids(Side me, Side peer, boolean discardConcurrent) {
        long self = me.ids().current() & ~1L;
        long p = peer.ids().current() & ~1L;
        if (self == GenerationIds.JUST_CREATED && p == GenerationIds.JUST_CREATED) {
            return new Compare(0, 10);
        }
        if (self == GenerationIds.JUST_CREATED) {
            return new Compare(-2, 20);
        }
        if (p == GenerationIds.JUST_CREATED) {
            return new Compare(2, 30);
        }
        if (self == p) {
            // Same data generation: only a crashed Primary (its activity log) or leftover bits can differ.
            int dc = (me.crashedPrimary() ? 1 : 0) + (peer.crashedPrimary() ? 2 : 0);
            switch (dc) {
                case 1:
                    return new Compare(1, 40);
                case 2:
                    return new Compare(-1, 40);
                case 3:
                    return new Compare(discardConcurrent ? -1 : 1, 40);
                default:
                    if (me.changedBlocks() + peer.changedBlocks() == 0) {
                        return new Compare(0, 40);
                    }
                    // Leftover bits (online verify found differences): the Primary's data wins.
                    if (me.role() == Role.PRIMARY && peer.role() != Role.PRIMARY) {
                        return new Compare(1, 41);
                    }
                    if (peer.role() == Role.PRIMARY && me.role() != Role.PRIMARY) {
                        return new Compare(-1, 41);
                    }
                    return new Compare(discardConcurrent ? -1 : 1, 41);
            }
        }
        p = peer.ids().bitmap() & ~1L;
        if (self == p) {
            return new Compare(-1, 50);
        }
        if (self == (peer.ids().history0() & ~1L) || self == (peer.ids().history1() & ~1L)) {
            return new Compare(-3, 70);
        }
        self = me.ids().bitmap() & ~1L;
        p = peer.ids().current() & ~1L;
        if (self == p) {
            return new Compare(1, 80);
        }
        if ((me.ids().history0() & ~1L) == p || (me.ids().history1() & ~1L) == p) {
            return new Compare(3, 100);
        }
        p = peer.ids().bitmap() & ~1L;
        if (self == p && self != 0) {
            return new Compare(100, 110);
        }
        long[] mine = {me.ids().history0() & ~1L, me.ids().history1() & ~1L};
        long[] theirs = {peer.ids().history0() & ~1L, peer.ids().history1() & ~1L};
        for (long a : mine) {
            for (long b : theirs) {
                if (a != 0 && a == b) {
                    return new Compare(-100, 120);
                }
            }
        }
        return new Compare(-1000, 130);
    }

    /**
     * The whole handshake decision.
     *
     * @param canDemote whether this node could become Secondary now (not in use), for call-pri-lost-after-sb
     */
    static Result decide(Side me, Side peer, AfterSplitBrain sb0, AfterSplitBrain sb1, AfterSplitBrain sb2,
            boolean discardConcurrent, boolean canDemote) {
        Compare c = compareUuids(me, peer, discardConcurrent);
        int hg = c.hg();
        boolean splitBrain = false;
        boolean demote = false;
        boolean priLost = false;
        String reason;
        if (hg == -1000) {
            if (me.discardMyData() && !peer.discardMyData()) {
                // Beyond DRBD (which needs create-md on the victim): discard-my-data takes a full sync.
                return new Result(Outcome.BECOME_TARGET, -2, c.rule(), false,
                        "Unrelated data, full sync from peer (discard-my-data)", false, false);
            }
            if (peer.discardMyData() && !me.discardMyData()) {
                return new Result(Outcome.BECOME_SOURCE, 2, c.rule(), false,
                        "Unrelated data, full sync to peer (peer discards its data)", false, false);
            }
            return new Result(Outcome.DISCONNECT, hg, c.rule(), false, "Unrelated data, aborting!", false, false);
        }
        if (Math.abs(hg) == 100) {
            splitBrain = true;
            int primaries = (me.role() == Role.PRIMARY ? 1 : 0) + (peer.role() == Role.PRIMARY ? 1 : 0);
            int resolved = -100;
            if (hg == 100) {
                switch (primaries) {
                    case 0 -> resolved = recover0p(me, peer, sb0, discardConcurrent);
                    case 1 -> {
                        int[] r = recover1or2p(me, peer, sb0, sb1, discardConcurrent, canDemote);
                        resolved = r[0];
                        demote = r[1] == 1;
                        priLost = r[2] == 1;
                    }
                    default -> {
                        int[] r = recover1or2p(me, peer, sb0, sb2, discardConcurrent, canDemote);
                        resolved = r[0];
                        demote = r[1] == 1;
                        priLost = r[2] == 1;
                    }
                }
            }
            if (Math.abs(resolved) < 100) {
                hg = resolved;
                reason = "Split-Brain detected, " + primaries + " primaries, automatically solved. Sync from "
                        + (hg > 0 ? "this" : "peer") + " node";
            } else {
                hg = -100;
                if (me.discardMyData() && !peer.discardMyData()) {
                    hg = -1;
                } else if (!me.discardMyData() && peer.discardMyData()) {
                    hg = 1;
                }
                if (Math.abs(hg) < 100) {
                    reason = "Split-Brain detected, manually solved. Sync from " + (hg > 0 ? "this" : "peer")
                            + " node";
                } else {
                    return new Result(Outcome.DISCONNECT, hg, c.rule(), true,
                            "Split-Brain detected but unresolved, dropping connection!", false, priLost);
                }
            }
        } else {
            reason = switch (hg) {
                case 0 -> "No resync needed";
                case 1, -1 -> "Resync from the bitmap";
                default -> "Full resync: generation histories do not share a bitmap id";
            };
        }
        if (hg > 0 && !me.disk().isConsistent()) {
            return new Result(Outcome.DISCONNECT, hg, c.rule(), splitBrain,
                    "I shall become SyncSource, but I am inconsistent!", false, false);
        }
        if (hg < 0 && me.role() == Role.PRIMARY && me.disk().isConsistent() && !demote) {
            return new Result(Outcome.DISCONNECT, hg, c.rule(), splitBrain,
                    "I shall become SyncTarget, but I am primary!", false, false);
        }
        Outcome outcome = hg > 0 ? Outcome.BECOME_SOURCE : hg < 0 ? Outcome.BECOME_TARGET : Outcome.NO_SYNC;
        return new Result(outcome, hg, c.rule(), splitBrain, reason, demote, false);
    }

    /** after-sb-0pri (also the base of consensus, violently-as0p and call-pri-lost-after-sb). */
    static int recover0p(Side me, Side peer, AfterSplitBrain policy, boolean discardConcurrent) {
        long self = me.ids().bitmap() & 1;
        long p = peer.ids().bitmap() & 1;
        long chSelf = me.changedBlocks();
        long chPeer = peer.changedBlocks();
        switch (policy) {
            case DISCARD_YOUNGER_PRIMARY:
                if (self == 0 && p == 1) {
                    return -1;
                }
                if (self == 1 && p == 0) {
                    return 1;
                }
                return leastChanges(chSelf, chPeer, discardConcurrent);
            case DISCARD_OLDER_PRIMARY:
                if (self == 0 && p == 1) {
                    return 1;
                }
                if (self == 1 && p == 0) {
                    return -1;
                }
                return leastChanges(chSelf, chPeer, discardConcurrent);
            case DISCARD_ZERO_CHANGES:
                if (chPeer == 0 && chSelf == 0) {
                    return discardConcurrent ? -1 : 1;
                }
                if (chPeer == 0) {
                    return 1;
                }
                if (chSelf == 0) {
                    return -1;
                }
                return -100;
            case DISCARD_LEAST_CHANGES:
                return leastChanges(chSelf, chPeer, discardConcurrent);
            case DISCARD_LOCAL:
                return -1;
            case DISCARD_REMOTE:
                return 1;
            default:
                return -100;
        }
    }

    private static int leastChanges(long chSelf, long chPeer, boolean discardConcurrent) {
        if (chSelf < chPeer) {
            return -1;
        }
        if (chSelf > chPeer) {
            return 1;
        }
        return discardConcurrent ? -1 : 1;
    }

    /** after-sb-1pri and after-sb-2pri: {result, demote, priLost}. */
    private static int[] recover1or2p(Side me, Side peer, AfterSplitBrain sb0, AfterSplitBrain policy,
            boolean discardConcurrent, boolean canDemote) {
        boolean primary = me.role() == Role.PRIMARY;
        switch (policy) {
            case CONSENSUS: {
                int hg = recover0p(me, peer, sb0, discardConcurrent);
                if (hg == -1 && !primary) {
                    return new int[] {-1, 0, 0};
                }
                if (hg == 1 && primary) {
                    return new int[] {1, 0, 0};
                }
                return new int[] {-100, 0, 0};
            }
            case VIOLENTLY_AS0P:
                // The Primary may lose its data: it is demoted first, DRBD would sync over it while Primary.
                int hg = recover0p(me, peer, sb0, discardConcurrent);
                return new int[] {hg, hg == -1 && primary ? 1 : 0, 0};
            case DISCARD_SECONDARY:
                return new int[] {primary ? 1 : -1, 0, 0};
            case CALL_PRI_LOST_AFTER_SB: {
                int h = recover0p(me, peer, sb0, discardConcurrent);
                if (h == -1 && primary) {
                    return canDemote ? new int[] {-1, 1, 0} : new int[] {-100, 0, 1};
                }
                return new int[] {h, 0, 0};
            }
            default:
                return new int[] {-100, 0, 0};
        }
    }
}
