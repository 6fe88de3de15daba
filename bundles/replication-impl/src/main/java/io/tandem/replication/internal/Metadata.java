package io.tandem.replication.internal;

import io.tandem.replication.GenerationIds;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The on-disk metadata of one volume: superblock, activity log and bitmap, in a metadata area at
 * {@code base} of a store (the end of the backing store for internal metadata, a 128 MiB slot of an external
 * file otherwise). Layout, all offsets relative to {@code base}, integers big-endian:
 *
 * <pre>
 *   0        superblock slot 0 (4 KiB)
 *   4096     superblock slot 1 (4 KiB)
 *   8192     activity-log slot 0 (alSlotBytes = 4 KiB rounded up from 24 + 4 x al-extents)
 *   8192+al  activity-log slot 1
 *   8192+2al bitmap: 1 bit per 4 KiB block, little-endian 64-bit words, padded to 4 KiB pages
 * </pre>
 *
 * A superblock is {@code "TNDMMETA" version flags seq dataBytes alExtents pad current bitmap history0
 * history1 crc32c}; an activity-log record is {@code "TNDMALOG" seq count extent[count] crc32c}. Both are
 * written to the slot that does not hold the newest valid copy and forced, so a torn write leaves the
 * previous copy intact; readers take the valid copy with the highest seq.
 */
final class Metadata {
    static final int FLAG_CONSISTENT = 1;
    static final int FLAG_OUTDATED = 4;
    static final int FLAG_PRIMARY = 8;
    static final int FLAG_CLEAN = 16;
    static final int FLAG_CRASHED_PRIMARY = 32;
    /** Bits outside the activity log are being written: if found set on attach, the bitmap is not trusted. */
    static final int FLAG_BITMAP_DIRTY = 64;

    private static final long SB_MAGIC = 0x544E444D4D455441L; // "TNDMMETA"
    private static final long AL_MAGIC = 0x544E444D414C4F47L; // "TNDMALOG"
    private static final int VERSION = 1;
    private static final int SB_BYTES = 4096;
    private static final int SB_USED = 72;
    static final int AL_EXTENT_SHIFT = 22;
    static final int BLOCKS_PER_EXTENT = 1 << (AL_EXTENT_SHIFT - Bitmap.BLOCK_SHIFT);

    private final BackingStore store;
    private final long base;
    private final long dataBytes;
    private final int alExtents;
    private final int alSlotBytes;
    private long sbSeq;
    private long alSeq;
    private int flags;
    private GenerationIds ids;
    private int[] alContent = new int[0];
    private long bitmapPagesWritten;
    private long alWrites;

    private Metadata(BackingStore store, long base, long dataBytes, int alExtents) {
        this.store = store;
        this.base = base;
        this.dataBytes = dataBytes;
        this.alExtents = alExtents;
        this.alSlotBytes = alSlotBytes(alExtents);
    }

    static int alSlotBytes(int alExtents) {
        return (int) roundUp(24L + 4L * alExtents, 4096);
    }

    static long bitmapBytes(long dataBytes) {
        long blocks = dataBytes >>> Bitmap.BLOCK_SHIFT;
        return roundUp((blocks + 7) / 8, Bitmap.PAGE_BYTES);
    }

    /** Size of the whole metadata area for a volume of {@code dataBytes}. */
    static long areaBytes(long dataBytes, int alExtents) {
        return 2L * SB_BYTES + 2L * alSlotBytes(alExtents) + bitmapBytes(dataBytes);
    }

    /** The largest data size (multiple of 4 KiB) that fits a store of {@code storeBytes} with internal metadata. */
    static long internalDataBytes(long storeBytes, int alExtents) {
        long data = (storeBytes - areaBytes(0, alExtents)) & ~(long) (Bitmap.BLOCK_BYTES - 1);
        while (data > 0 && data + areaBytes(data, alExtents) > storeBytes) {
            data -= Bitmap.BLOCK_BYTES;
        }
        return Math.max(0, data);
    }

    private static long roundUp(long v, long to) {
        return (v + to - 1) / to * to;
    }

    /** create-md: fresh generation ids (just created), Inconsistent, every block out of sync, empty activity log. */
    static void create(BackingStore store, long base, long dataBytes, int alExtents) throws IOException {
        Metadata m = new Metadata(store, base, dataBytes, alExtents);
        Bitmap all = new Bitmap(dataBytes >>> Bitmap.BLOCK_SHIFT);
        all.setAll();
        m.ids = GenerationIds.justCreated();
        m.flags = FLAG_CLEAN;
        m.writeAlSlot(0, 0, new int[0]);
        m.writeAlSlot(1, 0, new int[0]);
        for (int p = 0; p < all.pages(); p++) {
            store.write(base + m.bitmapOffset() + (long) p * Bitmap.PAGE_BYTES, all.page(p));
        }
        m.writeSbSlot(1, 0);
        store.force();
        m.writeSbSlot(0, 1);
        store.force();
    }

    /** Reads the newest valid superblock and activity log, and the bitmap into {@code bitmap}. */
    static Metadata open(BackingStore store, long base, long dataBytes, int alExtents, Bitmap bitmap)
            throws IOException {
        Metadata m = new Metadata(store, base, dataBytes, alExtents);
        ByteBuffer best = null;
        for (int slot = 0; slot < 2; slot++) {
            ByteBuffer b = ByteBuffer.allocate(SB_USED + 4);
            store.read(base + (long) slot * SB_BYTES, b);
            b.flip();
            if (b.getLong(0) == SB_MAGIC && crcOk(b, SB_USED) && (best == null || b.getLong(16) > best.getLong(16))) {
                best = b;
            }
        }
        if (best == null) {
            throw new IOException(store + ": no valid Tandem metadata at offset " + base + " (run create-md)");
        }
        if (best.getInt(8) != VERSION) {
            throw new IOException(store + ": metadata version " + best.getInt(8) + " not supported");
        }
        if (best.getLong(24) != dataBytes) {
            throw new IOException(store + ": metadata is for " + best.getLong(24) + " bytes, volume has " + dataBytes
                    + " (run create-md again)");
        }
        if (best.getInt(32) != alExtents) {
            throw new IOException(store + ": metadata has " + best.getInt(32) + " al-extents, config "
                    + alExtents + " (run create-md again)");
        }
        m.flags = best.getInt(12);
        m.sbSeq = best.getLong(16);
        m.ids = new GenerationIds(best.getLong(40), best.getLong(48), best.getLong(56), best.getLong(64));
        long bestAlSeq = -1;
        for (int slot = 0; slot < 2; slot++) {
            ByteBuffer b = ByteBuffer.allocate(m.alSlotBytes);
            store.read(base + 2L * SB_BYTES + (long) slot * m.alSlotBytes, b);
            b.flip();
            int count = b.getInt(16);
            if (b.getLong(0) == AL_MAGIC && count >= 0 && count <= alExtents && crcOk(b, 20 + 4 * count)
                    && b.getLong(8) > bestAlSeq) {
                bestAlSeq = b.getLong(8);
                int[] ext = new int[count];
                for (int i = 0; i < count; i++) {
                    ext[i] = b.getInt(20 + 4 * i);
                }
                m.alContent = ext;
            }
        }
        m.alSeq = Math.max(0, bestAlSeq);
        for (int p = 0; p < bitmap.pages(); p++) {
            ByteBuffer page = ByteBuffer.allocate(Bitmap.PAGE_BYTES);
            store.read(base + m.bitmapOffset() + (long) p * Bitmap.PAGE_BYTES, page);
            page.flip();
            bitmap.loadPage(p, page);
        }
        return m;
    }

    private static boolean crcOk(ByteBuffer b, int length) {
        CRC32C crc = new CRC32C();
        crc.update(b.duplicate().position(0).limit(length));
        return (int) crc.getValue() == b.getInt(length);
    }

    private long bitmapOffset() {
        return 2L * SB_BYTES + 2L * alSlotBytes;
    }

    synchronized GenerationIds ids() {
        return ids;
    }

    synchronized int flags() {
        return flags;
    }

    synchronized boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** The extents of the newest activity-log record. */
    synchronized int[] activityLog() {
        return alContent.clone();
    }

    synchronized long alWrites() {
        return alWrites;
    }

    synchronized long bitmapPagesWritten() {
        return bitmapPagesWritten;
    }

    /** Writes and forces a new superblock; on return it is the one a restart reads. */
    synchronized void writeSuperblock(GenerationIds newIds, int newFlags) throws IOException {
        GenerationIds oldIds = ids;
        int oldFlags = flags;
        ids = newIds;
        flags = newFlags;
        try {
            long seq = sbSeq + 1;
            writeSbSlot((int) (seq & 1), seq);
            store.force();
            sbSeq = seq;
        } catch (IOException e) {
            ids = oldIds;
            flags = oldFlags;
            throw e;
        }
    }

    synchronized void update(GenerationIds newIds, int setFlags, int clearFlags) throws IOException {
        writeSuperblock(newIds, (flags | setFlags) & ~clearFlags);
    }

    private void writeSbSlot(int slot, long seq) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(SB_BYTES);
        b.putLong(SB_MAGIC).putInt(VERSION).putInt(flags).putLong(seq).putLong(dataBytes).putInt(alExtents).putInt(0)
                .putLong(ids.current()).putLong(ids.bitmap()).putLong(ids.history0()).putLong(ids.history1());
        CRC32C crc = new CRC32C();
        crc.update(b.duplicate().flip());
        b.putInt((int) crc.getValue());
        b.clear();
        store.write(base + (long) slot * SB_BYTES, b);
    }

    /** Writes and forces an activity-log record holding exactly {@code extents}. */
    synchronized void writeActivityLog(int[] extents) throws IOException {
        writeActivityLog(extents, false);
    }

    /**
     * Writes an activity-log record holding exactly {@code extents}, durable on return. With {@code onlyAdds} (the
     * record covers every extent of the previous one) only the record itself is synced: growing the log needs the
     * record on disk before data goes to the new extents, and nothing about earlier data. A record that drops
     * extents forces the whole store first, so every completed write to a dropped extent is on disk before the log
     * stops covering it (DRBD's flush before an activity-log transaction).
     */
    synchronized void writeActivityLog(int[] extents, boolean onlyAdds) throws IOException {
        long seq = alSeq + 1;
        if (onlyAdds) {
            store.writeDurably(alSlotPosition((int) (seq & 1)), alRecord(seq, extents));
        } else {
            writeAlSlot((int) (seq & 1), seq, extents);
            store.force();
        }
        alSeq = seq;
        alContent = extents.clone();
        alWrites++;
    }

    private void writeAlSlot(int slot, long seq, int[] extents) throws IOException {
        store.write(alSlotPosition(slot), alRecord(seq, extents));
    }

    private long alSlotPosition(int slot) {
        return base + 2L * SB_BYTES + (long) slot * alSlotBytes;
    }

    private ByteBuffer alRecord(long seq, int[] extents) {
        ByteBuffer b = ByteBuffer.allocate(alSlotBytes);
        b.putLong(AL_MAGIC).putLong(seq).putInt(extents.length);
        for (int e : extents) {
            b.putInt(e);
        }
        CRC32C crc = new CRC32C();
        crc.update(b.duplicate().flip());
        b.putInt((int) crc.getValue());
        b.clear();
        return b;
    }

    /** Writes and forces the bitmap pages [fromPage, toPage]. */
    void writeBitmapPages(Bitmap bitmap, int fromPage, int toPage) throws IOException {
        for (int p = fromPage; p <= toPage && p < bitmap.pages(); p++) {
            store.write(base + bitmapOffset() + (long) p * Bitmap.PAGE_BYTES, bitmap.page(p));
        }
        store.force();
        synchronized (this) {
            bitmapPagesWritten += toPage - fromPage + 1;
        }
    }

    /**
     * Writes the whole bitmap when it may hold bits the activity log does not cover: the dirty flag goes to
     * disk first, so a crash half-way makes the next attach distrust the bitmap (full resync) instead of
     * losing bits.
     */
    void writeBitmapAll(Bitmap bitmap) throws IOException {
        update(ids(), FLAG_BITMAP_DIRTY, 0);
        writeBitmapPages(bitmap, 0, bitmap.pages() - 1);
        update(ids(), 0, FLAG_BITMAP_DIRTY);
    }
}
