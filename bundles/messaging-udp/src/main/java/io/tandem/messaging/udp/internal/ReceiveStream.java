package io.tandem.messaging.udp.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The receiving half of one reliable stream (one incarnation of a peer to this incarnation): puts segments in
 * order, drops the ones already delivered, reassembles messages from FIRST..LAST segments and says what to
 * acknowledge. Pure state; the engine decodes and dispatches completed messages.
 */
final class ReceiveStream {
    /** Segments accepted beyond the next expected one; the sender's window is smaller. */
    static final int RECEIVE_WINDOW = 4 * SendStream.MAX_WINDOW;

    enum Result { DELIVERED_OR_BUFFERED, ALREADY_RECEIVED, BEYOND_WINDOW, OVERSIZED }

    interface MessageSink {
        void message(byte[] buf, int off, int len);
    }

    /**
     * Part of a datagram. The caller's buffer is only lent for the duration of {@link #onSegment} (the UDP transport
     * reuses one), so a slice kept for later is copied first ({@code owned}: it already is a copy).
     */
    private record Slice(byte[] buf, int off, int len, int flags, boolean owned) {
        Slice(byte[] buf, int off, int len, int flags) {
            this(buf, off, len, flags, false);
        }

        static Slice copyOf(byte[] buf, int off, int len, int flags) {
            return new Slice(Arrays.copyOfRange(buf, off, off + len), 0, len, flags, true);
        }

        Slice kept() {
            return owned ? this : copyOf(buf, off, len, flags);
        }
    }

    private final long senderIncarnation;
    private final int maxMessageBytes;
    private final TreeMap<Long, Slice> outOfOrder = new TreeMap<>();
    private final List<Slice> assembling = new ArrayList<>();
    private long assemblingBytes;
    private boolean discarding;
    private long expected = 1;
    private int unackedSegments;

    ReceiveStream(long senderIncarnation, int maxMessageBytes) {
        this.senderIncarnation = senderIncarnation;
        this.maxMessageBytes = maxMessageBytes;
    }

    long senderIncarnation() {
        return senderIncarnation;
    }

    /** Highest sequence number received with all before it. */
    long cumulative() {
        return expected - 1;
    }

    /** Segments received since the last {@link #ackSent()}. */
    int unackedSegments() {
        return unackedSegments;
    }

    void ackSent() {
        unackedSegments = 0;
    }

    /** {@code buf} is not kept after the call returns; the sink gets either it or a copy. */
    Result onSegment(long seq, int flags, byte[] buf, int off, int len, MessageSink sink) {
        unackedSegments++;
        if (seq < expected || outOfOrder.containsKey(seq)) {
            return Result.ALREADY_RECEIVED;
        }
        if (seq >= expected + RECEIVE_WINDOW) {
            return Result.BEYOND_WINDOW;
        }
        Result result = Result.DELIVERED_OR_BUFFERED;
        if (seq != expected) {
            outOfOrder.put(seq, Slice.copyOf(buf, off, len, flags));
            return result;
        }
        if (!accept(new Slice(buf, off, len, flags), sink)) {
            result = Result.OVERSIZED;
        }
        expected++;
        Iterator<Map.Entry<Long, Slice>> it = outOfOrder.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Slice> e = it.next();
            if (e.getKey() != expected) {
                break;
            }
            it.remove();
            if (!accept(e.getValue(), sink)) {
                result = Result.OVERSIZED;
            }
            expected++;
        }
        return result;
    }

    /** Fills {@code out} with up to {@code maxRanges} pairs (first, last) of buffered sequence numbers; returns the count. */
    int sackRanges(long[] out, int maxRanges) {
        int n = 0;
        long first = -1;
        long last = -1;
        for (long s : outOfOrder.keySet()) {
            if (first >= 0 && s == last + 1 && s - first < 65535) {
                last = s;
                continue;
            }
            if (first >= 0) {
                out[2 * n] = first;
                out[2 * n + 1] = last;
                if (++n == maxRanges) {
                    return n;
                }
            }
            first = s;
            last = s;
        }
        if (first >= 0) {
            out[2 * n] = first;
            out[2 * n + 1] = last;
            n++;
        }
        return n;
    }

    /** In-order segment: appends it to the message being assembled; false if that message had to be discarded. */
    private boolean accept(Slice s, MessageSink sink) {
        if ((s.flags & PacketBody.FLAG_FIRST) != 0) {
            assembling.clear();
            assemblingBytes = 0;
            discarding = false;
        }
        if (discarding) {
            if ((s.flags & PacketBody.FLAG_LAST) != 0) {
                discarding = false;
            }
            return true;
        }
        assemblingBytes += s.len;
        if (assemblingBytes > maxMessageBytes) {
            assembling.clear();
            assemblingBytes = 0;
            discarding = (s.flags & PacketBody.FLAG_LAST) == 0;
            return false;
        }
        if ((s.flags & PacketBody.FLAG_LAST) == 0) {
            assembling.add(s.kept());
            return true;
        }
        if (assembling.isEmpty()) {
            sink.message(s.buf, s.off, s.len);
        } else {
            assembling.add(s);
            byte[] whole = new byte[(int) assemblingBytes];
            int pos = 0;
            for (Slice part : assembling) {
                System.arraycopy(part.buf, part.off, whole, pos, part.len);
                pos += part.len;
            }
            assembling.clear();
            assemblingBytes = 0;
            sink.message(whole, 0, whole.length);
        }
        return true;
    }
}
