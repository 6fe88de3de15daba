package io.tandem.messaging.udp.internal;

import java.nio.charset.StandardCharsets;

/** Big-endian reads over a received datagram, throwing {@link MalformedPacketException} past the end. */
final class PacketReader {
    private final byte[] buf;
    private final int start;
    private int pos;
    private int limit;

    PacketReader(byte[] buf, int off, int len) {
        this.buf = buf;
        this.start = off;
        this.pos = off;
        this.limit = off + len;
    }

    byte[] array() {
        return buf;
    }

    /** Position relative to the start of the packet. */
    int position() {
        return pos - start;
    }

    /** Absolute index into {@link #array()}. */
    int arrayOffset() {
        return pos;
    }

    int remaining() {
        return limit - pos;
    }

    /** Ends the readable region {@code n} bytes earlier (to exclude the authentication trailer). */
    void shrink(int n) throws MalformedPacketException {
        if (n > remaining()) {
            throw new MalformedPacketException("truncated");
        }
        limit -= n;
    }

    private void need(int n) throws MalformedPacketException {
        if (limit - pos < n) {
            throw new MalformedPacketException("truncated");
        }
    }

    int getUnsignedByte() throws MalformedPacketException {
        need(1);
        return buf[pos++] & 0xff;
    }

    int getUnsignedShort() throws MalformedPacketException {
        need(2);
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    int getInt() throws MalformedPacketException {
        need(4);
        int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    long getLong() throws MalformedPacketException {
        long hi = getInt() & 0xffffffffL;
        long lo = getInt() & 0xffffffffL;
        return (hi << 32) | lo;
    }

    /** A u8-length-prefixed UTF-8 node name. */
    String getName() throws MalformedPacketException {
        int len = getUnsignedByte();
        if (len == 0) {
            throw new MalformedPacketException("empty name");
        }
        need(len);
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    /** Skips {@code n} bytes, returning the absolute offset where they start. */
    int skip(int n) throws MalformedPacketException {
        need(n);
        int at = pos;
        pos += n;
        return at;
    }

    void expectEnd() throws MalformedPacketException {
        if (pos != limit) {
            throw new MalformedPacketException((limit - pos) + " trailing bytes");
        }
    }
}
