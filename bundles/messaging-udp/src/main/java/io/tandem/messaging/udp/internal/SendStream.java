package io.tandem.messaging.udp.internal;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The sending half of one reliable stream (this incarnation to one incarnation of a peer): messages are cut
 * into segments numbered from 1, sent within a congestion window, acknowledged cumulatively and selectively, and
 * retransmitted on loss (time-based loss detection against later acknowledged segments, and a retransmission
 * timeout with RFC 6298 estimation as a backstop). Pure state: the engine supplies the clock and the output.
 */
final class SendStream {
    static final int MAX_WINDOW = 1024;
    static final int MIN_CWND = 4;
    static final int INITIAL_CWND = 32;
    static final long MIN_RTO = TimeUnit.MILLISECONDS.toNanos(10);
    static final long INITIAL_RTO = TimeUnit.MILLISECONDS.toNanos(200);
    static final long MAX_RTO = TimeUnit.SECONDS.toNanos(2);

    interface Output {
        void transmit(SendStream stream, Segment segment);
    }

    static final class Segment {
        final long seq;
        final byte[] data;
        final int off;
        final int len;
        final int flags;
        long sentAt;
        int transmissions;
        boolean sacked;

        Segment(long seq, byte[] data, int off, int len, int flags) {
            this.seq = seq;
            this.data = data;
            this.off = off;
            this.len = len;
            this.flags = flags;
        }
    }

    private final long destinationIncarnation;
    private final int segmentBytes;
    private final Output output;
    private final ArrayDeque<byte[]> unsent = new ArrayDeque<>();
    private final Segment[] window = new Segment[MAX_WINDOW];
    private byte[] current;
    private int currentOffset;
    private long queuedBytes;
    private long nextSeq = 1;
    private long cumulativeAcked;
    private int unackedMessages;
    private double cwnd = INITIAL_CWND;
    private double ssthresh = MAX_WINDOW;
    private long srtt = -1;
    private long rttvar;
    private long rto = INITIAL_RTO;
    private long rackSentAt = Long.MIN_VALUE;
    private long recoveryPoint;
    private long rtoDeadline = Long.MAX_VALUE;
    private long retransmissions;
    private int sackedInFlight;

    SendStream(long destinationIncarnation, int segmentBytes, Output output) {
        if (segmentBytes < 1) {
            throw new IllegalArgumentException("segment size " + segmentBytes);
        }
        this.destinationIncarnation = destinationIncarnation;
        this.segmentBytes = segmentBytes;
        this.output = output;
    }

    long destinationIncarnation() {
        return destinationIncarnation;
    }

    /** Messages handed in and not yet fully acknowledged. */
    int unackedMessages() {
        return unackedMessages;
    }

    long queuedBytes() {
        return queuedBytes;
    }

    long retransmissions() {
        return retransmissions;
    }

    boolean hasInFlight() {
        return nextSeq - 1 > cumulativeAcked;
    }

    /** When the retransmission timer expires, or {@link Long#MAX_VALUE} with nothing in flight. */
    long rtoDeadline() {
        return hasInFlight() ? rtoDeadline : Long.MAX_VALUE;
    }

    /** Queues an encoded message (one or more segments) and sends what the window allows. */
    void enqueue(byte[] encodedMessage, long now) {
        unsent.add(encodedMessage);
        queuedBytes += encodedMessage.length;
        unackedMessages++;
        pump(now);
    }

    private int inFlightUnsacked() {
        return (int) (nextSeq - 1 - cumulativeAcked) - sackedInFlight;
    }

    private void pump(long now) {
        if (current == null && unsent.isEmpty()) {
            return;
        }
        int inFlight = inFlightUnsacked();
        while ((current != null || !unsent.isEmpty()) && inFlight < (int) cwnd && nextSeq - cumulativeAcked <= MAX_WINDOW) {
            if (current == null) {
                current = unsent.poll();
                currentOffset = 0;
            }
            int len = Math.min(segmentBytes, current.length - currentOffset);
            int flags = (currentOffset == 0 ? PacketBody.FLAG_FIRST : 0);
            if (currentOffset + len == current.length) {
                flags |= PacketBody.FLAG_LAST;
            }
            Segment seg = new Segment(nextSeq, current, currentOffset, len, flags);
            currentOffset += len;
            if ((flags & PacketBody.FLAG_LAST) != 0) {
                queuedBytes -= current.length;
                current = null;
            }
            if (!hasInFlight()) {
                rtoDeadline = now + rto;
            }
            window[slot(nextSeq)] = seg;
            nextSeq++;
            inFlight++;
            send(seg, now);
        }
    }

    private void send(Segment seg, long now) {
        seg.sentAt = now;
        seg.transmissions++;
        if (seg.transmissions > 1) {
            retransmissions++;
        }
        output.transmit(this, seg);
    }

    /** An acknowledgement: everything up to {@code cumulative}, and the ranges (pairs first,last) above it. */
    void onAck(long cumulative, long[] ranges, long now) {
        long highestSent = nextSeq - 1;
        cumulative = Math.min(cumulative, highestSent);
        boolean progress = false;
        long rttSample = -1;
        while (cumulativeAcked < cumulative) {
            long s = ++cumulativeAcked;
            Segment seg = window[slot(s)];
            window[slot(s)] = null;
            if (seg.sacked) {
                sackedInFlight--;
            } else {
                rttSample = sampleAndRack(seg, now, rttSample);
                grow();
            }
            if ((seg.flags & PacketBody.FLAG_LAST) != 0) {
                unackedMessages--;
            }
            progress = true;
        }
        for (int i = 0; i + 1 < ranges.length; i += 2) {
            long first = Math.max(ranges[i], cumulativeAcked + 1);
            long last = Math.min(ranges[i + 1], highestSent);
            for (long s = first; s <= last; s++) {
                Segment seg = window[slot(s)];
                if (!seg.sacked) {
                    seg.sacked = true;
                    sackedInFlight++;
                    rttSample = sampleAndRack(seg, now, rttSample);
                    grow();
                }
            }
        }
        if (rttSample >= 0) {
            updateRtt(rttSample);
        }
        if (progress) {
            rtoDeadline = now + rto;
        }
        detectLosses(now);
        pump(now);
    }

    private long sampleAndRack(Segment seg, long now, long sample) {
        rackSentAt = Math.max(rackSentAt, seg.sentAt);
        // Karn: a retransmitted segment's ack cannot tell which copy it answers.
        return seg.transmissions == 1 ? now - seg.sentAt : sample;
    }

    private void grow() {
        cwnd += cwnd < ssthresh ? 1.0 : 1.0 / cwnd;
        cwnd = Math.min(cwnd, MAX_WINDOW);
    }

    private void updateRtt(long sample) {
        if (srtt < 0) {
            srtt = sample;
            rttvar = sample / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - sample)) / 4;
            srtt = (7 * srtt + sample) / 8;
        }
        rto = Math.max(MIN_RTO, Math.min(MAX_RTO, srtt + Math.max(4 * rttvar, TimeUnit.MILLISECONDS.toNanos(1))));
    }

    /** A segment sent before one that has since been acknowledged, and older than a reorder allowance, is lost. */
    private void detectLosses(long now) {
        if (rackSentAt == Long.MIN_VALUE) {
            return;
        }
        long allowance = srtt < 0 ? rto / 2 : srtt + srtt / 4;
        boolean reduced = false;
        for (long s = cumulativeAcked + 1; s < nextSeq; s++) {
            Segment seg = window[slot(s)];
            if (!seg.sacked && seg.sentAt < rackSentAt && now - seg.sentAt >= allowance) {
                if (!reduced && s > recoveryPoint) {
                    reduce();
                    reduced = true;
                }
                send(seg, now);
            }
        }
    }

    private void reduce() {
        ssthresh = Math.max(cwnd / 2, MIN_CWND);
        cwnd = ssthresh;
        recoveryPoint = nextSeq - 1;
    }

    /** Called by the engine's timer at or after {@link #rtoDeadline()}. */
    void onTimeout(long now) {
        if (!hasInFlight() || now < rtoDeadline) {
            return;
        }
        long age = rto;
        reduce();
        rto = Math.min(MAX_RTO, rto * 2);
        int budget = Math.max(MIN_CWND, (int) cwnd);
        Segment oldest = null;
        for (long s = cumulativeAcked + 1; s < nextSeq && budget > 0; s++) {
            Segment seg = window[slot(s)];
            if (seg.sacked) {
                continue;
            }
            if (oldest == null) {
                oldest = seg;
            }
            if (now - seg.sentAt >= age) {
                send(seg, now);
                budget--;
            }
        }
        if (oldest != null && oldest.sentAt != now) {
            send(oldest, now);
        }
        rtoDeadline = now + rto;
    }

    private static int slot(long seq) {
        return (int) (seq & (MAX_WINDOW - 1));
    }
}
