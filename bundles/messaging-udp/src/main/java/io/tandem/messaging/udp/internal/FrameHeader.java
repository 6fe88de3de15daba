package io.tandem.messaging.udp.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The framing layer's header, first in every datagram:
 *
 * <pre>
 * magic "TNDM" u32 | version u8 | type u8 | cluster id u64 | sender name (u8 length + UTF-8)
 * | sender incarnation u64 | packet sequence u64 | auth key index u8
 * </pre>
 *
 * followed by the body of {@code type} and the authentication trailer. The packet sequence counts every
 * packet the sender's incarnation sends; copies sent on redundant links share it.
 *
 * @param headerLength bytes the header takes, i.e. where the body starts relative to the packet start
 */
record FrameHeader(int type, long clusterId, String sender, long incarnation, long sequence, int keyIndex,
                   int headerLength) {
    static final int MAGIC = 0x544E444D;
    static final int VERSION = 1;
    static final int TYPE_HEARTBEAT = 1;
    static final int TYPE_DATA = 2;
    static final int TYPE_ACK = 3;
    static final int TYPE_LEAVE = 4;
    /** Fixed part of the header: everything but the sender name bytes. */
    static final int FIXED_BYTES = 4 + 1 + 1 + 8 + 1 + 8 + 8 + 1;

    /** The wire id of a cluster name: the first 8 bytes of its SHA-256. */
    static long clusterId(String clusterName) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(clusterName.getBytes(StandardCharsets.UTF_8));
            long id = 0;
            for (int i = 0; i < 8; i++) {
                id = (id << 8) | (d[i] & 0xff);
            }
            return id;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a header at {@code w}'s start; returns the header length. */
    static int write(PacketWriter w, int type, long clusterId, byte[] senderName, long incarnation, long sequence,
                     int keyIndex) {
        w.reset();
        w.putInt(MAGIC);
        w.putByte(VERSION);
        w.putByte(type);
        w.putLong(clusterId);
        w.putByte(senderName.length);
        w.putBytes(senderName, 0, senderName.length);
        w.putLong(incarnation);
        w.putLong(sequence);
        w.putByte(keyIndex);
        return w.position();
    }

    static FrameHeader read(PacketReader r) throws MalformedPacketException {
        if (r.remaining() < FIXED_BYTES) {
            throw new MalformedPacketException("shorter than a header");
        }
        if (r.getInt() != MAGIC) {
            throw new MalformedPacketException("bad magic");
        }
        int version = r.getUnsignedByte();
        if (version != VERSION) {
            throw new MalformedPacketException("unsupported version " + version);
        }
        int type = r.getUnsignedByte();
        if (type < TYPE_HEARTBEAT || type > TYPE_LEAVE) {
            throw new MalformedPacketException("unknown packet type " + type);
        }
        long clusterId = r.getLong();
        String sender = r.getName();
        long incarnation = r.getLong();
        long sequence = r.getLong();
        int keyIndex = r.getUnsignedByte();
        if (incarnation <= 0 || sequence <= 0) {
            throw new MalformedPacketException("incarnation and sequence must be positive");
        }
        return new FrameHeader(type, clusterId, sender, incarnation, sequence, keyIndex, r.position());
    }
}
