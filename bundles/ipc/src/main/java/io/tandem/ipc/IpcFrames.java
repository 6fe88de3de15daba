package io.tandem.ipc;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Optional;

/**
 * Framing on the socket: a 4-byte big-endian length, then that many bytes of {@link IpcMessage} text. A
 * connection carries any number of request/response pairs in turn; either side closes it when done.
 */
public final class IpcFrames {
    /** Larger frames are refused: no legitimate request comes near it, and it bounds a bad client's cost. */
    public static final int MAX_FRAME_BYTES = 1 << 20;

    private IpcFrames() {
    }

    public static void write(WritableByteChannel channel, IpcMessage message) throws IOException {
        byte[] body = message.encode();
        if (body.length > MAX_FRAME_BYTES) {
            throw new IOException("message of " + body.length + " bytes exceeds the frame limit of " + MAX_FRAME_BYTES);
        }
        ByteBuffer buffer = ByteBuffer.allocate(4 + body.length);
        buffer.putInt(body.length).put(body).flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /**
     * @return the next message, or empty at a clean end of stream (before the first byte of a frame)
     * @throws EOFException if the stream ends inside a frame
     * @throws IOException if the frame is too large or not a valid message
     */
    public static Optional<IpcMessage> read(ReadableByteChannel channel) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4);
        if (!fill(channel, header, true)) {
            return Optional.empty();
        }
        int length = header.flip().getInt();
        if (length < 0 || length > MAX_FRAME_BYTES) {
            throw new IOException("frame length " + Integer.toUnsignedString(length) + " exceeds the limit of " + MAX_FRAME_BYTES);
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        fill(channel, body, false);
        try {
            return Optional.of(IpcMessage.decode(body.array()));
        } catch (IllegalArgumentException e) {
            throw new IOException("malformed message: " + e.getMessage(), e);
        }
    }

    private static boolean fill(ReadableByteChannel channel, ByteBuffer buffer, boolean eofAllowedAtStart) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer);
            if (n < 0) {
                if (eofAllowedAtStart && buffer.position() == 0) {
                    return false;
                }
                throw new EOFException("connection closed inside a frame");
            }
            if (n == 0) {
                // A blocking socket read returns nothing only when its receive timeout expired.
                throw new java.net.SocketTimeoutException("no data within the receive timeout");
            }
        }
        return true;
    }
}
