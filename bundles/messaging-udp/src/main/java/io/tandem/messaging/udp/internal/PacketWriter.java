package io.tandem.messaging.udp.internal;

/** A reusable big-endian output buffer for one datagram. Not thread-safe; one per engine. */
final class PacketWriter {
    private final byte[] buf;
    private int pos;

    PacketWriter(int capacity) {
        buf = new byte[capacity];
    }

    byte[] array() {
        return buf;
    }

    int position() {
        return pos;
    }

    void position(int p) {
        pos = p;
    }

    int capacity() {
        return buf.length;
    }

    void reset() {
        pos = 0;
    }

    void putByte(int v) {
        buf[pos++] = (byte) v;
    }

    void putShort(int v) {
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void putInt(int v) {
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }

    void putBytes(byte[] src, int off, int len) {
        System.arraycopy(src, off, buf, pos, len);
        pos += len;
    }
}
