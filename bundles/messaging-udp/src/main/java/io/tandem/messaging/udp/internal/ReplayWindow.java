package io.tandem.messaging.udp.internal;

/**
 * Replay protection for one sender: its incarnation must not go backwards, and within an incarnation each
 * packet sequence number is accepted once, within a sliding window of {@value #SIZE} numbers. A second copy of
 * a packet that arrives on a different link than the first is a {@link Verdict#DUPLICATE} (redundant links do
 * that all the time); on the same link, or below the window, it is a {@link Verdict#REPLAY}.
 */
final class ReplayWindow {
    static final int SIZE = 1024;

    enum Verdict {
        /** First packet of this sender, or a new sequence number of its current incarnation. */
        FRESH,
        /** First packet of a higher incarnation than before: the sender restarted. */
        NEW_INCARNATION,
        REPLAY,
        DUPLICATE
    }

    private long incarnation;
    private long highest;
    private final long[] seen = new long[SIZE / 64];
    /** Per window slot, the links (bit per link index, up to 64) the packet arrived on. */
    private final long[] links = new long[SIZE];

    long incarnation() {
        return incarnation;
    }

    /** Checks and, unless rejected, records packet {@code seq} of {@code inc} received on {@code link}. */
    Verdict check(long inc, long seq, int link) {
        long linkBit = 1L << (link & 63);
        if (inc < incarnation) {
            return Verdict.REPLAY;
        }
        if (inc > incarnation) {
            boolean restart = incarnation != 0;
            incarnation = inc;
            java.util.Arrays.fill(seen, 0L);
            highest = seq;
            mark(seq, linkBit);
            return restart ? Verdict.NEW_INCARNATION : Verdict.FRESH;
        }
        if (seq > highest) {
            if (seq - highest >= SIZE) {
                java.util.Arrays.fill(seen, 0L);
            } else {
                for (long s = highest + 1; s < seq; s++) {
                    clear(s);
                }
            }
            highest = seq;
            mark(seq, linkBit);
            return Verdict.FRESH;
        }
        if (seq <= highest - SIZE) {
            return Verdict.REPLAY;
        }
        int slot = (int) (seq & (SIZE - 1));
        if ((seen[slot >>> 6] & (1L << (slot & 63))) == 0) {
            mark(seq, linkBit);
            return Verdict.FRESH;
        }
        if ((links[slot] & linkBit) == 0) {
            links[slot] |= linkBit;
            return Verdict.DUPLICATE;
        }
        return Verdict.REPLAY;
    }

    private void mark(long seq, long linkBit) {
        int slot = (int) (seq & (SIZE - 1));
        seen[slot >>> 6] |= 1L << (slot & 63);
        links[slot] = linkBit;
    }

    private void clear(long seq) {
        int slot = (int) (seq & (SIZE - 1));
        seen[slot >>> 6] &= ~(1L << (slot & 63));
    }
}
