package io.tandem.replication.internal;

import io.tandem.replication.SyncProgress;
import java.util.ArrayDeque;

/** Speed and ETA of a resync or verify, from samples of "blocks left" over time, as DRBD's sync marks. */
final class Progress {
    private static final long MARK_NANOS = 1_000_000_000L;
    private static final int MARKS = 4;

    private record Mark(long nanos, long left) { }

    private final long totalBlocks;
    private final long startNanos;
    private final boolean verify;
    private final ArrayDeque<Mark> marks = new ArrayDeque<>();

    Progress(long totalBlocks, long nowNanos, boolean verify) {
        this.totalBlocks = totalBlocks;
        this.startNanos = nowNanos;
        this.verify = verify;
        marks.add(new Mark(nowNanos, totalBlocks));
    }

    synchronized void sample(long nowNanos, long left) {
        if (nowNanos - marks.peekLast().nanos() >= MARK_NANOS) {
            marks.addLast(new Mark(nowNanos, left));
            while (marks.size() > MARKS) {
                marks.removeFirst();
            }
        }
    }

    long totalBlocks() {
        return totalBlocks;
    }

    synchronized SyncProgress snapshot(long nowNanos, long left) {
        long l = Math.min(Math.max(0, left), totalBlocks);
        Mark oldest = marks.peekFirst();
        double dt = Math.max(1e-3, (nowNanos - oldest.nanos()) / 1e9);
        long recentKiB = (long) (Math.max(0, oldest.left() - l) * 4 / dt);
        double all = Math.max(1e-3, (nowNanos - startNanos) / 1e9);
        long avgKiB = (long) ((totalBlocks - l) * 4 / all);
        long speed = recentKiB > 0 ? recentKiB : avgKiB;
        long eta = speed > 0 ? l * 4 / speed : -1;
        return new SyncProgress(totalBlocks * 4, l * 4, recentKiB, avgKiB, eta, verify);
    }
}
