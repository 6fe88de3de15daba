package io.tandem.messaging.udp.internal;

import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The message layer, above fragmentation: a message is
 *
 * <pre>
 * channel (u8 length + UTF-8) | flags u8 (bit 0: deflated) | payload length u32 | body
 * </pre>
 *
 * The body is Deflate-compressed when the payload is above the threshold and compression makes it smaller.
 * Holds one Deflater and one Inflater, so it belongs to the engine's thread.
 */
final class MessageCodec {
    static final int FLAG_DEFLATED = 1;

    /** A decoded message layer: channel and payload. */
    record Decoded(String channel, byte[] payload, boolean wasCompressed) {
    }

    private final int compressionThresholdBytes;
    private final int maxPayloadBytes;
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    private final Inflater inflater = new Inflater();

    MessageCodec(int compressionThresholdBytes, int maxPayloadBytes) {
        this.compressionThresholdBytes = compressionThresholdBytes;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    static byte[] channelBytes(String channel) {
        byte[] b = channel.getBytes(StandardCharsets.UTF_8);
        if (b.length == 0 || b.length > 255) {
            throw new IllegalArgumentException("channel name must be 1..255 bytes of UTF-8: '" + channel + "'");
        }
        return b;
    }

    byte[] encode(byte[] channel, byte[] payload) {
        int header = 1 + channel.length + 1 + 4;
        if (payload.length > compressionThresholdBytes) {
            byte[] out = new byte[header + payload.length];
            deflater.reset();
            deflater.setInput(payload);
            deflater.finish();
            int pos = header;
            while (!deflater.finished() && pos < out.length) {
                pos += deflater.deflate(out, pos, out.length - pos);
            }
            if (deflater.finished() && pos < out.length) {
                writeHeader(out, channel, FLAG_DEFLATED, payload.length);
                return pos == out.length ? out : java.util.Arrays.copyOf(out, pos);
            }
        }
        byte[] out = new byte[header + payload.length];
        writeHeader(out, channel, 0, payload.length);
        System.arraycopy(payload, 0, out, header, payload.length);
        return out;
    }

    private static void writeHeader(byte[] out, byte[] channel, int flags, int payloadLength) {
        out[0] = (byte) channel.length;
        System.arraycopy(channel, 0, out, 1, channel.length);
        int p = 1 + channel.length;
        out[p] = (byte) flags;
        out[p + 1] = (byte) (payloadLength >>> 24);
        out[p + 2] = (byte) (payloadLength >>> 16);
        out[p + 3] = (byte) (payloadLength >>> 8);
        out[p + 4] = (byte) payloadLength;
    }

    Decoded decode(byte[] buf, int off, int len) throws MalformedPacketException {
        PacketReader r = new PacketReader(buf, off, len);
        String channel = r.getName();
        int flags = r.getUnsignedByte();
        int payloadLength = r.getInt();
        if (payloadLength < 0 || payloadLength > maxPayloadBytes || (flags & ~FLAG_DEFLATED) != 0) {
            throw new MalformedPacketException("bad message header");
        }
        int bodyOff = r.arrayOffset();
        int bodyLen = r.remaining();
        if ((flags & FLAG_DEFLATED) == 0) {
            if (bodyLen != payloadLength) {
                throw new MalformedPacketException("message length mismatch");
            }
            return new Decoded(channel, java.util.Arrays.copyOfRange(buf, bodyOff, bodyOff + bodyLen), false);
        }
        byte[] payload = new byte[payloadLength];
        inflater.reset();
        inflater.setInput(buf, bodyOff, bodyLen);
        try {
            int n = 0;
            while (n < payloadLength && !inflater.finished()) {
                int k = inflater.inflate(payload, n, payloadLength - n);
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += k;
            }
            if (n != payloadLength || !inflater.finished()) {
                throw new MalformedPacketException("compressed message does not inflate to its declared length");
            }
        } catch (DataFormatException e) {
            throw new MalformedPacketException("bad deflate data");
        }
        return new Decoded(channel, payload, true);
    }

    void close() {
        deflater.end();
        inflater.end();
    }
}
