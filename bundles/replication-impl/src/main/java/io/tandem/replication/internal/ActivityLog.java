package io.tandem.replication.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The activity log: the set of "hot" 4 MiB extents that may hold writes not yet reflected in the on-disk
 * bitmap. A write may only touch an extent that is in the log on disk; an extent leaves the log only after
 * its bitmap page is on disk and no write to it is in flight. So after a crash, the on-disk bitmap plus the
 * extents of the last log record cover every block that may differ from the peer.
 */
final class ActivityLog {
    private final int capacity;
    private final Metadata meta;
    private final Bitmap bitmap;
    /** Extent to in-flight write count, in least-recently-used order. */
    private final LinkedHashMap<Integer, int[]> active = new LinkedHashMap<>(64, 0.75f, true);

    ActivityLog(int capacity, Metadata meta, Bitmap bitmap, int[] initial) {
        this.capacity = capacity;
        this.meta = meta;
        this.bitmap = bitmap;
        for (int e : initial) {
            active.put(e, new int[1]);
        }
    }

    static int extentOf(long block) {
        return (int) (block / Metadata.BLOCKS_PER_EXTENT);
    }

    /** Before writing blocks [firstBlock, lastBlock]: makes their extents part of the on-disk log. */
    synchronized void begin(long firstBlock, long lastBlock) throws IOException {
        int first = extentOf(firstBlock);
        int last = extentOf(lastBlock);
        if (last - first + 1 > capacity) {
            throw new IOException("write spans " + (last - first + 1) + " extents, more than al-extents " + capacity);
        }
        while (true) {
            int missing = 0;
            for (int e = first; e <= last; e++) {
                if (!active.containsKey(e)) {
                    missing++;
                }
            }
            if (missing == 0) {
                break;
            }
            List<Integer> evicted = new ArrayList<>();
            int need = active.size() + missing - capacity;
            for (Iterator<Map.Entry<Integer, int[]>> it = active.entrySet().iterator(); it.hasNext() && need > 0; ) {
                Map.Entry<Integer, int[]> entry = it.next();
                int e = entry.getKey();
                if (entry.getValue()[0] == 0 && (e < first || e > last)) {
                    evicted.add(e);
                    need--;
                }
            }
            if (need > 0) {
                try {
                    wait();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted waiting for an activity-log slot");
                }
                continue;
            }
            // The evicted extents' bits must be durable before the log stops covering them.
            for (int e : evicted) {
                int page = Bitmap.pageOfBit((long) e * Metadata.BLOCKS_PER_EXTENT);
                meta.writeBitmapPages(bitmap, page, page);
            }
            for (int e : evicted) {
                active.remove(e);
            }
            for (int e = first; e <= last; e++) {
                active.putIfAbsent(e, new int[1]);
            }
            meta.writeActivityLog(active.keySet().stream().mapToInt(Integer::intValue).toArray(), evicted.isEmpty());
            break;
        }
        for (int e = first; e <= last; e++) {
            active.get(e)[0]++;
        }
    }

    /** After the write to blocks [firstBlock, lastBlock] completed. */
    synchronized void end(long firstBlock, long lastBlock) {
        for (int e = extentOf(firstBlock); e <= extentOf(lastBlock); e++) {
            int[] ref = active.get(e);
            if (ref != null && ref[0] > 0) {
                ref[0]--;
            }
        }
        notifyAll();
    }

    synchronized int size() {
        return active.size();
    }

    /** Clean shutdown: the bitmap is on disk, so the log may be emptied. */
    synchronized void clear() throws IOException {
        active.clear();
        meta.writeActivityLog(new int[0]);
    }
}
