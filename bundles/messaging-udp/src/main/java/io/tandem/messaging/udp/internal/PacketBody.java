package io.tandem.messaging.udp.internal;

import java.util.Arrays;

/**
 * Bodies of the packet types, between the frame header and the authentication trailer.
 *
 * <pre>
 * HEARTBEAT  payload length u16 | payload
 * DATA       destination name | destination incarnation u64 | stream sequence u64 | flags u8 | length u16 | bytes
 * ACK        destination name | destination incarnation u64 | cumulative u64 | ranges u8 | (start delta u32, count u16)*
 * LEAVE      (empty)
 * </pre>
 *
 * A reliable stream is named by (sender incarnation, destination incarnation); DATA segments carry the
 * fragmentation flags of the message layer above.
 */
sealed interface PacketBody {
    int FLAG_FIRST = 1;
    int FLAG_LAST = 2;
    /** Most selective-ack ranges one ACK carries. */
    int MAX_SACK_RANGES = 16;

    static PacketBody read(int type, PacketReader r) throws MalformedPacketException {
        PacketBody body = switch (type) {
            case FrameHeader.TYPE_HEARTBEAT -> {
                int len = r.getUnsignedShort();
                yield new Heartbeat(r.array(), r.skip(len), len);
            }
            case FrameHeader.TYPE_DATA -> {
                String dest = r.getName();
                long destInc = r.getLong();
                long seq = r.getLong();
                int flags = r.getUnsignedByte();
                int len = r.getUnsignedShort();
                if (seq <= 0 || (flags & ~(FLAG_FIRST | FLAG_LAST)) != 0) {
                    throw new MalformedPacketException("bad data segment header");
                }
                yield new Data(dest, destInc, seq, flags, r.array(), r.skip(len), len);
            }
            case FrameHeader.TYPE_ACK -> {
                String dest = r.getName();
                long destInc = r.getLong();
                long cumulative = r.getLong();
                int n = r.getUnsignedByte();
                if (n > MAX_SACK_RANGES || cumulative < 0) {
                    throw new MalformedPacketException("bad ack");
                }
                long[] ranges = new long[n * 2];
                for (int i = 0; i < n; i++) {
                    long start = cumulative + (r.getInt() & 0xffffffffL);
                    int count = r.getUnsignedShort();
                    if (start <= cumulative || count == 0) {
                        throw new MalformedPacketException("bad ack range");
                    }
                    ranges[2 * i] = start;
                    ranges[2 * i + 1] = start + count - 1;
                }
                yield new Ack(dest, destInc, cumulative, ranges);
            }
            case FrameHeader.TYPE_LEAVE -> Leave.INSTANCE;
            default -> throw new MalformedPacketException("unknown type " + type);
        };
        r.expectEnd();
        return body;
    }

    static void writeHeartbeat(PacketWriter w, byte[] payload) {
        w.putShort(payload.length);
        w.putBytes(payload, 0, payload.length);
    }

    static void writeData(PacketWriter w, byte[] destination, long destIncarnation, long seq, int flags,
                          byte[] data, int off, int len) {
        w.putByte(destination.length);
        w.putBytes(destination, 0, destination.length);
        w.putLong(destIncarnation);
        w.putLong(seq);
        w.putByte(flags);
        w.putShort(len);
        w.putBytes(data, off, len);
    }

    /** @param ranges pairs (first, last) of received sequence numbers above {@code cumulative}, ascending */
    static void writeAck(PacketWriter w, byte[] destination, long destIncarnation, long cumulative, long[] ranges,
                         int rangeCount) {
        w.putByte(destination.length);
        w.putBytes(destination, 0, destination.length);
        w.putLong(destIncarnation);
        w.putLong(cumulative);
        w.putByte(rangeCount);
        for (int i = 0; i < rangeCount; i++) {
            w.putInt((int) (ranges[2 * i] - cumulative));
            w.putShort((int) (ranges[2 * i + 1] - ranges[2 * i] + 1));
        }
    }

    /** Body bytes of a DATA packet besides the segment itself. */
    static int dataOverhead(int destinationNameBytes) {
        return 1 + destinationNameBytes + 8 + 8 + 1 + 2;
    }

    record Heartbeat(byte[] buf, int off, int len) implements PacketBody {
        byte[] payload() {
            return Arrays.copyOfRange(buf, off, off + len);
        }
    }

    record Data(String destination, long destIncarnation, long seq, int flags, byte[] buf, int off, int len)
            implements PacketBody {
    }

    record Ack(String destination, long destIncarnation, long cumulative, long[] ranges) implements PacketBody {
    }

    enum Leave implements PacketBody {
        INSTANCE
    }
}
