package io.tandem.replication.internal;

import static io.tandem.replication.internal.Pair.block;
import static io.tandem.replication.internal.Pair.events;
import static io.tandem.replication.internal.Pair.waitFor;
import static io.tandem.replication.internal.Pair.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.replication.AfterSplitBrain;
import io.tandem.replication.ConnectionState;
import io.tandem.replication.VolumeEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random split brains: both nodes write while cut off, then meet again. The split brain must be found
 * every time, and the outcome must be exactly one side's data (the one the policy names) or no merge at all.
 */
@Timeout(300)
class SplitBrainPairTest {
    private static final List<AfterSplitBrain> ZERO = List.of(AfterSplitBrain.DISCONNECT,
            AfterSplitBrain.DISCARD_ZERO_CHANGES, AfterSplitBrain.DISCARD_LEAST_CHANGES,
            AfterSplitBrain.DISCARD_YOUNGER_PRIMARY, AfterSplitBrain.DISCARD_OLDER_PRIMARY);
    private static final List<AfterSplitBrain> ONE = List.of(AfterSplitBrain.DISCONNECT,
            AfterSplitBrain.DISCARD_SECONDARY, AfterSplitBrain.CONSENSUS);

    @TempDir
    Path dir;

    @Test
    void splitBrainIsFoundEveryTimeAndResolvedAsThePolicySays() throws Exception {
        for (int seed = 0; seed < 16; seed++) {
            scenario(seed);
        }
    }

    private void scenario(int seed) throws Exception {
        Random r = new Random(seed);
        AfterSplitBrain sb0 = ZERO.get(r.nextInt(ZERO.size()));
        boolean alphaStaysPrimary = r.nextBoolean();
        AfterSplitBrain sb1 = ONE.get(r.nextInt(ONE.size()));
        int writesA = r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(30);
        int writesB = r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(30);
        String what = "seed " + seed + " sb0=" + sb0 + " sb1=" + sb1 + " alphaPrimary=" + alphaStaysPrimary
                + " writes " + writesA + "/" + writesB;
        Path d = Files.createDirectories(dir.resolve("s" + seed));
        try (Pair p = new Pair(d, b -> b.afterSb0pri(sb0).afterSb1pri(sb1))) {
            p.startSynced();
            p.proxy.refuse(true);
            p.proxy.cut();
            waitFor("cut", () -> p.b.status().connection() == ConnectionState.WF_CONNECTION
                    && p.a.status().connection() == ConnectionState.WF_CONNECTION);
            Set<Long> changedA = new HashSet<>();
            Set<Long> changedB = new HashSet<>();
            for (int i = 0; i < writesA; i++) {
                long blk = r.nextInt(2000);
                changedA.add(blk);
                write(p.a, blk, block(r.nextLong()));
            }
            p.b.primary(false);
            for (int i = 0; i < writesB; i++) {
                long blk = r.nextInt(2000);
                changedB.add(blk);
                write(p.b, blk, block(r.nextLong()));
            }
            p.b.secondary();
            if (!alphaStaysPrimary) {
                p.a.secondary();
            }
            String dataA = p.checksumA();
            String dataB = p.checksumB();
            p.eventsA.clear();
            p.eventsB.clear();
            p.proxy.refuse(false);
            waitFor("split brain reported " + what,
                    () -> !events(p.eventsA, VolumeEvent.SplitBrain.class).isEmpty()
                            && !events(p.eventsB, VolumeEvent.SplitBrain.class).isEmpty());
            String winner = expectedWinner(sb0, sb1, alphaStaysPrimary, changedA.size(), changedB.size());
            if (winner == null) {
                waitFor("both StandAlone " + what, () -> p.a.status().connection() == ConnectionState.STAND_ALONE
                        && p.b.status().connection() == ConnectionState.STAND_ALONE);
                assertEquals(dataA, p.checksumA(), what);
                assertEquals(dataB, p.checksumB(), what);
                assertFalse(events(p.eventsA, VolumeEvent.SplitBrain.class).get(0).resolved(), what);
                // Manual recovery: beta discards its data.
                p.b.connect(true);
                p.a.connect(false);
                winner = "alpha";
            }
            String expected = winner.equals("alpha") ? dataA : dataB;
            waitFor("resolved " + what, () -> Pair.upToDate(p.a) && Pair.upToDate(p.b)
                    && p.a.status().counters().oos() == 0 && p.b.status().counters().oos() == 0);
            assertEquals(expected, p.checksumA(), what);
            assertEquals(expected, p.checksumB(), what);
        }
    }

    /** What DRBD does, written out independently of the engine; null: no automatic resolution. */
    private static String expectedWinner(AfterSplitBrain sb0, AfterSplitBrain sb1, boolean alphaPrimary, int chA,
            int chB) {
        // alpha was Primary when the split happened (older primary); beta became Primary after it (younger).
        // alpha dials, so on ties alpha's data is the one discarded.
        String zero = switch (sb0) {
            case DISCONNECT -> null;
            case DISCARD_YOUNGER_PRIMARY -> "alpha";
            case DISCARD_OLDER_PRIMARY -> "beta";
            case DISCARD_LEAST_CHANGES -> chA > chB ? "alpha" : "beta";
            case DISCARD_ZERO_CHANGES -> chA == 0 && chB == 0 ? "beta" : chB == 0 ? "alpha" : chA == 0 ? "beta" : null;
            default -> throw new IllegalArgumentException();
        };
        if (!alphaPrimary) {
            return zero;
        }
        return switch (sb1) {
            case DISCONNECT -> null;
            case DISCARD_SECONDARY -> "alpha";
            case CONSENSUS -> "alpha".equals(zero) ? "alpha" : null;
            default -> throw new IllegalArgumentException();
        };
    }

    @Test
    void splitBrainWithBothPrimariesAndDisconnectPolicyStaysApart() throws Exception {
        try (Pair p = new Pair(dir, b -> b.allowTwoPrimaries(false))) {
            p.startSynced();
            p.proxy.refuse(true);
            p.proxy.cut();
            waitFor("cut", () -> p.b.status().connection() == ConnectionState.WF_CONNECTION);
            p.b.primary(false);
            write(p.b, 1, block(1));
            write(p.a, 2, block(2));
            p.proxy.refuse(false);
            waitFor("StandAlone", () -> p.a.status().connection() == ConnectionState.STAND_ALONE
                    && p.b.status().connection() == ConnectionState.STAND_ALONE);
            assertEquals(2, events(p.eventsA, VolumeEvent.SplitBrain.class).get(0).primaries());
            assertTrue(p.a.status().lastProblem().contains("Split-Brain"), p.a.status().lastProblem());
        }
    }
}
