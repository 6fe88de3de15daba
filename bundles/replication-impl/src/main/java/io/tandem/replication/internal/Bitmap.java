package io.tandem.replication.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The out-of-sync bitmap: one bit per 4 KiB block, set while the block may differ from the peer's. Kept in
 * memory and written to the metadata area by {@link Metadata}; thread-safe.
 */
final class Bitmap {
    static final int BLOCK_SHIFT = 12;
    static final int BLOCK_BYTES = 1 << BLOCK_SHIFT;
    /** One on-disk bitmap page covers 4 KiB of bitmap, 32768 blocks, 128 MiB of data. */
    static final int PAGE_BYTES = 4096;
    static final int BITS_PER_PAGE = PAGE_BYTES * 8;

    private final long bits;
    private final long[] words;
    private long weight;

    Bitmap(long bits) {
        if (bits < 0 || bits > (long) Integer.MAX_VALUE * 64) {
            throw new IllegalArgumentException("bitmap too large: " + bits);
        }
        this.bits = bits;
        this.words = new long[(int) ((bits + 63) >>> 6)];
    }

    long bits() {
        return bits;
    }

    int pages() {
        return (int) ((words.length * 8L + PAGE_BYTES - 1) / PAGE_BYTES);
    }

    synchronized long weight() {
        return weight;
    }

    synchronized boolean get(long bit) {
        return (words[(int) (bit >>> 6)] & (1L << bit)) != 0;
    }

    /** Sets bits [from, to); returns how many were newly set. */
    synchronized long set(long from, long to) {
        long added = 0;
        for (long b = from; b < to; b++) {
            int w = (int) (b >>> 6);
            long mask = 1L << b;
            if ((words[w] & mask) == 0) {
                words[w] |= mask;
                added++;
            }
        }
        weight += added;
        return added;
    }

    synchronized void setAll() {
        set(0, bits);
    }

    /** Clears bits [from, to); returns how many were cleared. */
    synchronized long clear(long from, long to) {
        long removed = 0;
        for (long b = from; b < to; b++) {
            int w = (int) (b >>> 6);
            long mask = 1L << b;
            if ((words[w] & mask) != 0) {
                words[w] &= ~mask;
                removed++;
            }
        }
        weight -= removed;
        return removed;
    }

    /** The first set bit at or after {@code from}, or -1. */
    synchronized long nextSet(long from) {
        if (from >= bits) {
            return -1;
        }
        int w = (int) (from >>> 6);
        long word = words[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                long b = ((long) w << 6) + Long.numberOfTrailingZeros(word);
                return b < bits ? b : -1;
            }
            if (++w == words.length) {
                return -1;
            }
            word = words[w];
        }
    }

    /** ORs a peer's bitmap words in; returns how many bits were newly set. */
    synchronized long or(long[] other) {
        if (other.length != words.length) {
            throw new IllegalArgumentException("bitmap size mismatch: " + other.length + " != " + words.length);
        }
        long before = weight;
        long w = 0;
        for (int i = 0; i < words.length; i++) {
            words[i] |= other[i];
            w += Long.bitCount(words[i]);
        }
        weight = w;
        return w - before;
    }

    synchronized long[] words() {
        return words.clone();
    }

    /** One page of the on-disk image (little-endian words). */
    synchronized ByteBuffer page(int page) {
        ByteBuffer buf = ByteBuffer.allocate(PAGE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int first = page * (PAGE_BYTES / 8);
        for (int i = 0; i < PAGE_BYTES / 8 && first + i < words.length; i++) {
            buf.putLong(i * 8, words[first + i]);
        }
        return buf;
    }

    synchronized void loadPage(int page, ByteBuffer buf) {
        ByteBuffer b = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int first = page * (PAGE_BYTES / 8);
        for (int i = 0; i < PAGE_BYTES / 8 && first + i < words.length; i++) {
            long v = b.getLong(i * 8);
            if (first + i == words.length - 1 && (bits & 63) != 0) {
                v &= (1L << (bits & 63)) - 1;
            }
            weight += Long.bitCount(v) - Long.bitCount(words[first + i]);
            words[first + i] = v;
        }
    }

    static int pageOfBit(long bit) {
        return (int) (bit / BITS_PER_PAGE);
    }
}
