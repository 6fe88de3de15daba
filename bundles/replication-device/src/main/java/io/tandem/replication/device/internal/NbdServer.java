package io.tandem.replication.device.internal;

import io.tandem.replication.Volume;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one {@link BlockTarget} as an NBD export on a UNIX domain socket, for kernels that have the nbd driver
 * ({@code nbd-client -unix SOCKET /dev/nbd0}) and for user-space clients (qemu, libnbd's {@code nbdcopy},
 * {@code nbdinfo}, {@code nbdfuse}).
 *
 * <p>The protocol is the NBD project's (doc/proto.md): fixed newstyle negotiation with {@code NBD_OPT_GO},
 * {@code NBD_OPT_INFO}, {@code NBD_OPT_EXPORT_NAME}, {@code NBD_OPT_LIST} and {@code NBD_OPT_ABORT} (TLS, structured
 * replies and metadata contexts are declined, so every reply is a simple reply); then READ, WRITE (with FUA), FLUSH,
 * WRITE_ZEROES and DISC. The export is known by the volume's name and as the default export (""). Flush is the
 * volume's flush, which covers every completed write on every connection, so several connections may be used
 * ({@code NBD_FLAG_CAN_MULTI_CONN}). Each connection serves its requests in order on its own thread.
 *
 * <p>The socket is created mode 0600 (whoever can connect can write the disk); a stale socket file of an earlier
 * run (nobody accepts on it) is replaced, a live one is refused. A client that breaks the protocol is disconnected;
 * a request that fails gets an errno (EINVAL for a read outside the export, ENOSPC for a write outside it, EIO for a
 * failed read, write or flush).
 */
final class NbdServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NbdServer.class);

    static final long NBDMAGIC = 0x4e42444d41474943L;
    static final long IHAVEOPT = 0x49484156454f5054L;
    static final long OPTION_REPLY_MAGIC = 0x3e889045565a9L;
    static final int REQUEST_MAGIC = 0x25609513;
    static final int SIMPLE_REPLY_MAGIC = 0x67446698;

    static final int FLAG_FIXED_NEWSTYLE = 1;
    static final int FLAG_NO_ZEROES = 2;

    static final int OPT_EXPORT_NAME = 1;
    static final int OPT_ABORT = 2;
    static final int OPT_LIST = 3;
    static final int OPT_STARTTLS = 5;
    static final int OPT_INFO = 6;
    static final int OPT_GO = 7;

    static final int REP_ACK = 1;
    static final int REP_SERVER = 2;
    static final int REP_INFO = 3;
    static final int REP_ERR_UNSUP = 0x80000001;
    static final int REP_ERR_POLICY = 0x80000002;
    static final int REP_ERR_INVALID = 0x80000003;
    static final int REP_ERR_UNKNOWN = 0x80000006;
    static final int REP_ERR_SHUTDOWN = 0x80000007;

    static final int INFO_EXPORT = 0;
    static final int INFO_NAME = 1;
    static final int INFO_DESCRIPTION = 2;
    static final int INFO_BLOCK_SIZE = 3;

    static final int TFLAG_HAS_FLAGS = 1;
    static final int TFLAG_SEND_FLUSH = 1 << 2;
    static final int TFLAG_SEND_FUA = 1 << 3;
    static final int TFLAG_SEND_WRITE_ZEROES = 1 << 6;
    static final int TFLAG_CAN_MULTI_CONN = 1 << 8;
    static final int TRANSMISSION_FLAGS = TFLAG_HAS_FLAGS | TFLAG_SEND_FLUSH | TFLAG_SEND_FUA
            | TFLAG_SEND_WRITE_ZEROES | TFLAG_CAN_MULTI_CONN;

    static final int CMD_READ = 0;
    static final int CMD_WRITE = 1;
    static final int CMD_DISC = 2;
    static final int CMD_FLUSH = 3;
    static final int CMD_WRITE_ZEROES = 6;
    static final int CMD_FLAG_FUA = 1;
    static final int CMD_FLAG_NO_HOLE = 2;

    static final int EIO = 5;
    static final int EINVAL = 22;
    static final int ENOSPC = 28;

    /** Largest request payload: advertised as the maximum block size; a client sending more is disconnected. */
    static final int MAX_PAYLOAD = 32 << 20;
    private static final int PREFERRED_BLOCK = 4096;
    /** Options carry a name and a few info requests; anything much longer is not an NBD client. */
    private static final int MAX_OPTION_BYTES = 64 << 10;
    private static final int ZERO_CHUNK = 1 << 20;

    private final String name;
    private final Path socket;
    private final BlockTarget target;
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger transmitting = new AtomicInteger();
    private final AtomicInteger serial = new AtomicInteger();
    private volatile boolean closed;
    private ServerSocketChannel server;
    private Thread acceptor;

    NbdServer(String name, Path socket, BlockTarget target) {
        this.name = name;
        this.socket = socket;
        this.target = target;
    }

    /** Binds the socket (replacing a stale one), restricts it to its owner and starts accepting. */
    void start() throws IOException {
        if (!Files.isDirectory(socket.getParent())) {
            // Owner only: the socket is mode 0600 too, but only once bound.
            Files.createDirectories(socket.getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        removeStaleSocket();
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            s.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            s.close();
            Files.deleteIfExists(socket);
            throw e;
        }
        server = s;
        acceptor = new Thread(this::acceptLoop, "tandem-nbd-accept-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.info("{}: NBD export on unix:{}", name, socket);
    }

    /** A socket file nobody accepts on is a leftover of a crashed run; one that answers belongs to someone else. */
    private void removeStaleSocket() throws IOException {
        if (!Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            throw new IOException(socket + " is served by another process (another node's export of " + name
                    + "?); refusing to take it over");
        } catch (java.net.SocketException e) {
            // Connection refused: nobody serves it.
            Files.delete(socket);
            LOG.warn("{}: removed the stale NBD socket {} of an earlier run", name, socket);
        }
    }

    Path socket() {
        return socket;
    }

    /** Connections that finished the negotiation and can read or write the export now. */
    int clients() {
        return transmitting.get();
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel c;
            try {
                c = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("{}: NBD accept failed: {}", name, e.toString());
                }
                return;
            }
            connections.add(c);
            if (closed) {
                closeQuietly(c);
                return;
            }
            Thread t = new Thread(() -> serve(c), "tandem-nbd-" + name + "-" + serial.incrementAndGet());
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(SocketChannel c) {
        try {
            Connection conn = new Connection(c);
            if (conn.negotiate()) {
                transmitting.incrementAndGet();
                try {
                    conn.transmit();
                } finally {
                    transmitting.decrementAndGet();
                }
            }
        } catch (EOFException | ClosedChannelException e) {
            LOG.debug("{}: NBD client went away", name);
        } catch (ProtocolException e) {
            LOG.warn("{}: NBD client disconnected: {}", name, e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.warn("{}: NBD connection failed: {}", name, e.toString());
            }
        } finally {
            connections.remove(c);
            closeQuietly(c);
        }
    }

    /** Stops accepting, disconnects every client and removes the socket file. */
    @Override
    public void close() {
        closed = true;
        if (server != null) {
            closeQuietly(server);
        }
        for (SocketChannel c : connections) {
            closeQuietly(c);
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("{}: cannot remove {}: {}", name, socket, e.toString());
        }
        if (acceptor != null) {
            try {
                acceptor.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(java.nio.channels.Channel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Nothing more to release.
        }
    }

    /** The client broke the protocol: the connection is dropped (a hard disconnect, as the protocol allows). */
    static final class ProtocolException extends IOException {
        private static final long serialVersionUID = 1L;

        ProtocolException(String message) {
            super(message);
        }
    }

    /** One client: the negotiation, then its requests in order. */
    private final class Connection {
        private final SocketChannel ch;
        private final ByteBuffer header = ByteBuffer.allocate(32);
        private ByteBuffer data = ByteBuffer.allocateDirect(128 << 10);
        private ByteBuffer zeros;
        private boolean noZeroes;

        Connection(SocketChannel ch) {
            this.ch = ch;
        }

        /** True once the client chose the export and transmission begins; false if it ended the negotiation. */
        boolean negotiate() throws IOException {
            ByteBuffer hello = ByteBuffer.allocate(18).putLong(NBDMAGIC).putLong(IHAVEOPT)
                    .putShort((short) (FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES)).flip();
            writeFully(hello);
            int clientFlags = readInt();
            if ((clientFlags & ~(FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES)) != 0) {
                throw new ProtocolException("unknown client flags 0x" + Integer.toHexString(clientFlags));
            }
            boolean fixed = (clientFlags & FLAG_FIXED_NEWSTYLE) != 0;
            noZeroes = (clientFlags & FLAG_NO_ZEROES) != 0;
            while (true) {
                ByteBuffer h = readExactly(header, 16);
                long magic = h.getLong();
                int option = h.getInt();
                int length = h.getInt();
                if (magic != IHAVEOPT) {
                    throw new ProtocolException("bad option magic 0x" + Long.toHexString(magic));
                }
                if (length < 0 || length > MAX_OPTION_BYTES) {
                    throw new ProtocolException("option " + option + " of " + Integer.toUnsignedString(length)
                            + " bytes");
                }
                byte[] body = new byte[length];
                readFully(ByteBuffer.wrap(body));
                switch (option) {
                    case OPT_EXPORT_NAME -> {
                        String wanted = new String(body, StandardCharsets.UTF_8);
                        if (!known(wanted) || closed) {
                            // This option cannot be answered with an error: the protocol says to disconnect.
                            throw new ProtocolException("unknown export '" + wanted + "' (NBD_OPT_EXPORT_NAME)");
                        }
                        ByteBuffer b = ByteBuffer.allocate(10 + (noZeroes ? 0 : 124)).putLong(target.sizeBytes())
                                .putShort((short) TRANSMISSION_FLAGS);
                        writeFully(b.position(b.capacity()).flip());
                        return true;
                    }
                    case OPT_ABORT -> {
                        if (fixed) {
                            optionReply(option, REP_ACK, new byte[0]);
                        }
                        return false;
                    }
                    case OPT_LIST -> {
                        if (length != 0) {
                            optionError(fixed, option, REP_ERR_INVALID, "NBD_OPT_LIST takes no data");
                        } else {
                            byte[] n = name.getBytes(StandardCharsets.UTF_8);
                            optionReply(option, REP_SERVER, ByteBuffer.allocate(4 + n.length).putInt(n.length).put(n)
                                    .array());
                            optionReply(option, REP_ACK, new byte[0]);
                        }
                    }
                    case OPT_INFO, OPT_GO -> {
                        if (info(fixed, option, ByteBuffer.wrap(body)) && option == OPT_GO) {
                            return true;
                        }
                    }
                    case OPT_STARTTLS -> optionError(fixed, option, REP_ERR_POLICY,
                            "TLS is not offered on the local socket of " + name);
                    default -> optionError(fixed, option, REP_ERR_UNSUP, "option " + option + " is not supported");
                }
            }
        }

        private boolean known(String export) {
            return export.isEmpty() || export.equals(name);
        }

        /** NBD_OPT_INFO / NBD_OPT_GO: the export's size, flags and block sizes; true if the export can be used. */
        private boolean info(boolean fixed, int option, ByteBuffer body) throws IOException {
            if (body.remaining() < 6) {
                optionError(fixed, option, REP_ERR_INVALID, "option too short");
                return false;
            }
            int nameLength = body.getInt();
            if (nameLength < 0 || nameLength > body.remaining() - 2) {
                optionError(fixed, option, REP_ERR_INVALID, "export name length " + nameLength + " beyond the option");
                return false;
            }
            byte[] n = new byte[nameLength];
            body.get(n);
            int requests = Short.toUnsignedInt(body.getShort());
            if (body.remaining() != 2 * requests) {
                optionError(fixed, option, REP_ERR_INVALID, requests + " information requests do not match the length");
                return false;
            }
            boolean wantName = false;
            boolean wantDescription = false;
            for (int i = 0; i < requests; i++) {
                int type = Short.toUnsignedInt(body.getShort());
                wantName |= type == INFO_NAME;
                wantDescription |= type == INFO_DESCRIPTION;
            }
            String wanted = new String(n, StandardCharsets.UTF_8);
            if (!known(wanted)) {
                optionError(fixed, option, REP_ERR_UNKNOWN, "no export '" + wanted + "' here (this socket exports '"
                        + name + "')");
                return false;
            }
            if (closed) {
                optionError(fixed, option, REP_ERR_SHUTDOWN, name + " is being detached");
                return false;
            }
            optionReply(option, REP_INFO, ByteBuffer.allocate(12).putShort((short) INFO_EXPORT)
                    .putLong(target.sizeBytes()).putShort((short) TRANSMISSION_FLAGS).array());
            optionReply(option, REP_INFO, ByteBuffer.allocate(14).putShort((short) INFO_BLOCK_SIZE).putInt(1)
                    .putInt(PREFERRED_BLOCK).putInt(MAX_PAYLOAD).array());
            if (wantName) {
                byte[] nb = name.getBytes(StandardCharsets.UTF_8);
                optionReply(option, REP_INFO, ByteBuffer.allocate(2 + nb.length).putShort((short) INFO_NAME).put(nb)
                        .array());
            }
            if (wantDescription) {
                byte[] d = ("Tandem replicated volume " + name).getBytes(StandardCharsets.UTF_8);
                optionReply(option, REP_INFO, ByteBuffer.allocate(2 + d.length).putShort((short) INFO_DESCRIPTION)
                        .put(d).array());
            }
            optionReply(option, REP_ACK, new byte[0]);
            return true;
        }

        private void optionError(boolean fixed, int option, int error, String message) throws IOException {
            if (!fixed) {
                // A client without fixed newstyle cannot read error replies.
                throw new ProtocolException(message);
            }
            optionReply(option, error, message.getBytes(StandardCharsets.UTF_8));
        }

        private void optionReply(int option, int type, byte[] payload) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(20 + payload.length).putLong(OPTION_REPLY_MAGIC).putInt(option)
                    .putInt(type).putInt(payload.length).put(payload).flip();
            writeFully(b);
        }

        void transmit() throws IOException {
            long size = target.sizeBytes();
            while (true) {
                ByteBuffer h = readExactly(header, 28);
                int magic = h.getInt();
                int flags = Short.toUnsignedInt(h.getShort());
                int type = Short.toUnsignedInt(h.getShort());
                long handle = h.getLong();
                long offset = h.getLong();
                long length = Integer.toUnsignedLong(h.getInt());
                if (magic != REQUEST_MAGIC) {
                    throw new ProtocolException("bad request magic 0x" + Integer.toHexString(magic));
                }
                boolean inside = offset >= 0 && offset <= size && length <= size - offset;
                switch (type) {
                    case CMD_READ -> {
                        if (length > MAX_PAYLOAD) {
                            throw new ProtocolException("read of " + length + " bytes (maximum " + MAX_PAYLOAD + ")");
                        }
                        if (!inside || (flags & ~CMD_FLAG_FUA) != 0) {
                            reply(handle, EINVAL);
                            continue;
                        }
                        ByteBuffer b = buffer((int) length);
                        int error = 0;
                        try {
                            inChunks(offset, b, true);
                        } catch (IOException e) {
                            LOG.warn("{}: NBD read of {} bytes at {} failed: {}", name, length, offset, e.getMessage());
                            error = EIO;
                        }
                        if (error != 0) {
                            reply(handle, error);
                        } else {
                            writeFully(ByteBuffer.allocate(16).putInt(SIMPLE_REPLY_MAGIC).putInt(0).putLong(handle)
                                    .flip(), b.flip());
                        }
                    }
                    case CMD_WRITE -> {
                        if (length > MAX_PAYLOAD) {
                            throw new ProtocolException("write of " + length + " bytes (maximum " + MAX_PAYLOAD + ")");
                        }
                        ByteBuffer b = buffer((int) length);
                        readFully(b);
                        if (!inside || (flags & ~CMD_FLAG_FUA) != 0) {
                            reply(handle, inside ? EINVAL : ENOSPC);
                            continue;
                        }
                        reply(handle, io(() -> {
                            inChunks(offset, b.flip(), false);
                            if ((flags & CMD_FLAG_FUA) != 0) {
                                target.flush();
                            }
                        }, "write of " + length + " bytes at " + offset));
                    }
                    case CMD_WRITE_ZEROES -> {
                        if (!inside || (flags & ~(CMD_FLAG_FUA | CMD_FLAG_NO_HOLE)) != 0) {
                            reply(handle, inside ? EINVAL : ENOSPC);
                            continue;
                        }
                        reply(handle, io(() -> {
                            writeZeroes(offset, length);
                            if ((flags & CMD_FLAG_FUA) != 0) {
                                target.flush();
                            }
                        }, "write of " + length + " zero bytes at " + offset));
                    }
                    case CMD_FLUSH -> reply(handle, io(target::flush, "flush"));
                    case CMD_DISC -> {
                        return;
                    }
                    default -> reply(handle, EINVAL);
                }
            }
        }

        /** Reads or writes {@code b} at {@code offset} in pieces the volume takes ({@link Volume#MAX_IO_BYTES}). */
        private void inChunks(long offset, ByteBuffer b, boolean read) throws IOException {
            int end = b.limit();
            long at = offset;
            while (b.position() < end) {
                int n = Math.min(Volume.MAX_IO_BYTES, end - b.position());
                ByteBuffer piece = b.duplicate().limit(b.position() + n);
                if (read) {
                    target.read(at, piece);
                } else {
                    target.write(at, piece);
                }
                b.position(b.position() + n);
                at += n;
            }
        }

        private void writeZeroes(long offset, long length) throws IOException {
            if (zeros == null) {
                zeros = ByteBuffer.allocateDirect(ZERO_CHUNK);
            }
            long at = offset;
            long end = offset + length;
            while (at < end) {
                int n = (int) Math.min(ZERO_CHUNK, end - at);
                target.write(at, zeros.clear().limit(n));
                at += n;
            }
        }

        private int io(IoAction action, String what) {
            try {
                action.run();
                return 0;
            } catch (IOException e) {
                LOG.warn("{}: NBD {} failed: {}", name, what, e.getMessage());
                return EIO;
            }
        }

        private ByteBuffer buffer(int length) {
            if (data.capacity() < length) {
                data = ByteBuffer.allocateDirect(Math.max(length, Math.min(2 * data.capacity(), MAX_PAYLOAD)));
            }
            return data.clear().limit(length);
        }

        private void reply(long handle, int error) throws IOException {
            writeFully(ByteBuffer.allocate(16).putInt(SIMPLE_REPLY_MAGIC).putInt(error).putLong(handle).flip());
        }

        private int readInt() throws IOException {
            return readExactly(header, 4).getInt();
        }

        private ByteBuffer readExactly(ByteBuffer b, int n) throws IOException {
            b.clear().limit(n);
            readFully(b);
            return b.flip();
        }

        private void readFully(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                if (ch.read(b) < 0) {
                    throw new EOFException();
                }
            }
        }

        private void writeFully(ByteBuffer... bs) throws IOException {
            long left = 0;
            for (ByteBuffer b : bs) {
                left += b.remaining();
            }
            while (left > 0) {
                left -= ch.write(bs);
            }
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
