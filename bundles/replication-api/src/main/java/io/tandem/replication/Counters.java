package io.tandem.replication;

/**
 * DRBD's per-device counters as /proc/drbd shows them. Traffic and disk counters are in KiB since the volume
 * came up; the others are gauges.
 *
 * @param ns KiB sent to the peer (replicated writes and resync data)
 * @param nr KiB received from the peer
 * @param dw KiB written to the local disk
 * @param dr KiB read from the local disk
 * @param al activity-log transactions written
 * @param bm bitmap pages written
 * @param lo local I/O requests in flight
 * @param pe requests sent to the peer and not yet answered
 * @param ua requests received from the peer and not yet acknowledged
 * @param ap application requests not yet completed
 * @param ep epochs open (write-ordering groups; 1 when idle)
 * @param wo write ordering method: 'f' flush, 'd' drain, 'n' none
 * @param oos KiB out of sync
 */
public record Counters(long ns, long nr, long dw, long dr, long al, long bm, long lo, long pe, long ua, long ap, long ep,
        char wo, long oos) {
    public Counters {
        if (ns < 0 || nr < 0 || dw < 0 || dr < 0 || al < 0 || bm < 0 || lo < 0 || pe < 0 || ua < 0 || ap < 0
                || ep < 0 || oos < 0) {
            throw new IllegalArgumentException("counters must not be negative");
        }
        if (wo != 'f' && wo != 'd' && wo != 'n' && wo != 'b') {
            throw new IllegalArgumentException("wo must be b, f, d or n: " + wo);
        }
    }
}
