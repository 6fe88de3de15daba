package io.tandem.replication.internal;

import io.tandem.replication.VolumeConfig;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One authenticated TCP connection to the peer. After the handshake the socket is non-blocking and nobody but the
 * sender thread ever waits for the network:
 * <ul>
 * <li>The thread that sends a packet writes it to the socket itself when nothing is queued before it, as much as
 * the socket takes at once: all of it in the usual case (an acknowledgement, a flush, a write that fits the socket's
 * buffer). That saves a thread hand-off per packet on both ends of every round trip, and keeps the number of busy
 * threads per write at two (the writer and the peer's receiver). Only what the socket does not take goes to the
 * queue, which the sender thread writes in order, waiting for the socket to drain when it is full.</li>
 * <li>Packets leave in the order {@code send} was called: writes happen under one lock and only while the queue is
 * empty, the queue otherwise.</li>
 * <li>The receiver thread reads as much as the socket has (several small packets per read) into one reused direct
 * buffer and hands packets to the engine in arrival order; a large body is read exactly, straight into that buffer,
 * so bulk data goes socket, buffer, disk. Because sending never blocks the receiver (an acknowledgement the socket
 * cannot take is queued), two peers can never wait on each other's full buffers.</li>
 * </ul>
 */
final class PeerLink {
    /** What the engine hears from a link. */
    interface Handler {
        void onPacket(PeerLink link, Packet packet) throws IOException;

        void onLost(PeerLink link, String reason);
    }

    private static final int MAGIC = 0x544E4431; // "TND1"
    private static final int CHALLENGE_BYTES = 32;
    /** Bodies up to this size are read together with whatever follows them; larger ones are read exactly. */
    private static final int READ_AHEAD_BODY = 64 << 10;
    /** How far past the packet being read a read may go (several small packets per read, little to move later). */
    private static final int READ_AHEAD = 16 << 10;
    private static final int MAX_BATCH = 64;

    /** A packet, encoded; {@code onSent} runs once all of it is handed to TCP. */
    private record Outgoing(ByteBuffer[] buffers, Runnable onSent) { }

    private final SocketChannel channel;
    private final String name;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Guards writing to the socket, {@link #queue} and {@link #sendFailure}; never held while waiting. */
    private final ReentrantLock sendLock = new ReentrantLock();
    private final Condition queued = sendLock.newCondition();
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    private String sendFailure;
    private volatile Handler handler;
    private Selector readable;
    private Selector writable;
    private Thread sender;
    private Thread receiver;
    /** Receive buffer: bytes [pos, end) are read and not yet handled. Receiver thread only. */
    private ByteBuffer rbuf;
    private int pos;
    private int end;

    private PeerLink(SocketChannel channel, String name) {
        this.channel = channel;
        this.name = name;
    }

    /**
     * Greets and authenticates the peer on a fresh socket (blocking, bounded by {@code timeoutMillis}): both
     * send volume and host name and a random challenge; with a shared secret each answers the other's
     * challenge with HMAC(secret, challenge | own host name), so a reflected answer does not verify.
     */
    static PeerLink handshake(SocketChannel channel, VolumeConfig cfg, int timeoutMillis) throws IOException {
        channel.configureBlocking(true);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        channel.socket().setSoTimeout(timeoutMillis);
        DataInputStream in = new DataInputStream(channel.socket().getInputStream());
        boolean auth = !cfg.sharedSecret().isEmpty();
        byte[] challenge = new byte[auth ? CHALLENGE_BYTES : 0];
        new SecureRandom().nextBytes(challenge);
        ByteBuffer hello = ByteBuffer.allocate(1024);
        hello.putInt(MAGIC);
        putString(hello, cfg.name());
        putString(hello, cfg.localHost());
        hello.putShort((short) challenge.length).put(challenge).flip();
        writeFully(channel, hello);
        if (in.readInt() != MAGIC) {
            throw new IOException("peer does not speak Tandem replication");
        }
        String volume = readString(in);
        String host = readString(in);
        byte[] peerChallenge = new byte[in.readUnsignedShort()];
        if (peerChallenge.length > 256) {
            throw new IOException("bad handshake");
        }
        in.readFully(peerChallenge);
        if (!volume.equals(cfg.name())) {
            throw new IOException("peer runs volume '" + volume + "', not '" + cfg.name() + "'");
        }
        if (!host.equals(cfg.peerHost())) {
            throw new IOException("peer identifies as '" + host + "', expected '" + cfg.peerHost() + "'");
        }
        if (auth != (peerChallenge.length > 0)) {
            throw new IOException(auth ? "peer does not authenticate (no shared-secret)"
                    : "peer requires authentication (cram-hmac-alg) but none is configured");
        }
        if (auth) {
            byte[] answer = hmac(cfg, peerChallenge, cfg.localHost());
            ByteBuffer b = ByteBuffer.allocate(2 + answer.length);
            b.putShort((short) answer.length).put(answer).flip();
            writeFully(channel, b);
            byte[] peerAnswer = new byte[in.readUnsignedShort()];
            if (peerAnswer.length > 256) {
                throw new IOException("bad authentication answer");
            }
            in.readFully(peerAnswer);
            if (!MessageDigest.isEqual(peerAnswer, hmac(cfg, challenge, cfg.peerHost()))) {
                throw new IOException("Authentication of peer failed");
            }
        }
        channel.socket().setSoTimeout(0);
        return new PeerLink(channel, cfg.name() + ":" + cfg.peerHost());
    }

    private static byte[] hmac(VolumeConfig cfg, byte[] challenge, String host) throws IOException {
        try {
            String alg = VolumeConfig.hmacName(cfg.cramHmacAlg());
            Mac mac = Mac.getInstance(alg);
            mac.init(new SecretKeySpec(cfg.sharedSecret().getBytes(StandardCharsets.UTF_8), alg));
            mac.update(challenge);
            return mac.doFinal(host.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot compute " + cfg.cramHmacAlg() + ": " + e.getMessage(), e);
        }
    }

    private static void putString(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.putShort((short) bytes.length).put(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        if (n > 255) {
            throw new IOException("bad handshake");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void writeFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Starts the threads; from now on packets go to {@code handler}. */
    void start(Handler h) {
        this.handler = h;
        try {
            channel.configureBlocking(false);
            readable = Selector.open();
            writable = Selector.open();
            channel.register(readable, SelectionKey.OP_READ);
            channel.register(writable, SelectionKey.OP_WRITE);
        } catch (IOException e) {
            failSend("cannot set up the connection: " + e.getMessage());
        }
        sender = new Thread(this::sendLoop, "tandem-repl-send-" + name);
        receiver = new Thread(this::receiveLoop, "tandem-repl-recv-" + name);
        sender.setDaemon(true);
        receiver.setDaemon(true);
        sender.start();
        receiver.start();
    }

    void send(Packet p) {
        send(p, null);
    }

    /** Whether every byte read so far has been handled (the next packet has not arrived yet). Receiver thread only. */
    boolean nothingBuffered() {
        return end == pos;
    }

    /**
     * Sends {@code p} after everything sent before; {@code onSent} runs once it is handed to TCP: in the caller when
     * the socket took all of it at once, else on the sender thread, so it must be cheap and safe to run under the
     * caller's locks. Never waits for the network. Dropped silently once closed; a failure to write closes the link
     * through the sender thread, never in the caller (which may hold the engine's locks).
     */
    void send(Packet p, Runnable onSent) {
        send(p, onSent, true);
    }

    /**
     * Sends {@code p} after everything sent before, then closes the connection (from the sender thread, so never in
     * the caller) and tells the engine through {@link Handler#onLost} with {@code reason}.
     */
    void sendAndClose(Packet p, String reason) {
        send(p, () -> close(reason, true), false);
    }

    private void send(Packet p, Runnable onSent, boolean inline) {
        if (closed.get()) {
            return;
        }
        ByteBuffer[] buffers = Wire.encode(p);
        boolean sent = false;
        sendLock.lock();
        try {
            if (closed.get() || sendFailure != null) {
                return;
            }
            if (inline && queue.isEmpty()) {
                try {
                    channel.write(buffers);
                } catch (IOException | RuntimeException e) {
                    failSendLocked("send failed: " + e.getMessage());
                    return;
                }
                sent = remaining(buffers) == 0;
            }
            if (!sent) {
                queue.addLast(new Outgoing(buffers, onSent));
                queued.signal();
            }
        } finally {
            sendLock.unlock();
        }
        if (sent && onSent != null) {
            onSent.run();
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    private static long remaining(ByteBuffer[] buffers) {
        long n = 0;
        for (ByteBuffer b : buffers) {
            n += b.remaining();
        }
        return n;
    }

    private void failSend(String reason) {
        sendLock.lock();
        try {
            failSendLocked(reason);
        } finally {
            sendLock.unlock();
        }
    }

    private void failSendLocked(String reason) {
        if (sendFailure == null) {
            sendFailure = reason;
        }
        queued.signal();
    }

    private void sendLoop() {
        List<Outgoing> batch = new ArrayList<>();
        List<ByteBuffer> buffers = new ArrayList<>();
        List<Runnable> done = new ArrayList<>();
        try {
            while (!closed.get()) {
                boolean full;
                done.clear();
                sendLock.lock();
                try {
                    while (queue.isEmpty() && sendFailure == null && !closed.get()) {
                        queued.await();
                    }
                    if (sendFailure != null) {
                        throw new IOException(sendFailure);
                    }
                    if (closed.get()) {
                        return;
                    }
                    batch.clear();
                    buffers.clear();
                    for (Outgoing o : queue) {
                        batch.add(o);
                        buffers.addAll(List.of(o.buffers()));
                        if (batch.size() == MAX_BATCH) {
                            break;
                        }
                    }
                    channel.write(buffers.toArray(new ByteBuffer[0]));
                    int written = 0;
                    for (Outgoing o : batch) {
                        if (remaining(o.buffers()) > 0) {
                            break;
                        }
                        queue.removeFirst();
                        written++;
                        if (o.onSent() != null) {
                            done.add(o.onSent());
                        }
                    }
                    // Part of the batch did not fit: the socket's buffer is full until the peer reads.
                    full = written < batch.size();
                } finally {
                    sendLock.unlock();
                }
                done.forEach(Runnable::run);
                if (full) {
                    writable.select(1000);
                    writable.selectedKeys().clear();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            String failure;
            sendLock.lock();
            try {
                failure = sendFailure;
            } finally {
                sendLock.unlock();
            }
            lost(closed.get() ? "closed" : failure != null ? failure : "send failed: " + e.getMessage());
        } finally {
            closeQuietly(writable);
        }
    }

    private void receiveLoop() {
        // One direct buffer, reused: the engine handles each packet before the next is read and copies what it keeps,
        // so bulk data goes socket -> buffer -> disk without the JDK's hidden heap-to-direct copies.
        rbuf = ByteBuffer.allocateDirect(256 * 1024);
        try {
            while (!closed.get()) {
                fill(Wire.HEADER);
                int type = rbuf.get(pos) & 0xff;
                int length = Wire.bodyLength(rbuf.duplicate().position(pos).limit(pos + Wire.HEADER).slice());
                fill(Wire.HEADER + length);
                ByteBuffer body = rbuf.duplicate().position(pos + Wire.HEADER).limit(pos + Wire.HEADER + length).slice();
                pos += Wire.HEADER + length;
                handler.onPacket(this, Wire.decode(type, body));
            }
        } catch (EOFException e) {
            lost("connection closed by peer");
        } catch (IOException | RuntimeException e) {
            lost(closed.get() ? "closed" : "receive failed: " + e);
        } finally {
            closeQuietly(readable);
        }
    }

    /** Makes {@code n} bytes from {@link #pos} available in {@link #rbuf}, reading (and waiting) as needed. */
    private void fill(int n) throws IOException {
        if (end - pos >= n) {
            return;
        }
        if (rbuf.capacity() - pos < n) {
            // Little is ever left over (read-ahead is small, large bodies are read exactly).
            rbuf.limit(end).position(pos);
            if (rbuf.capacity() < n) {
                int capacity = Math.max(n, Math.min(2 * rbuf.capacity(), Wire.HEADER + Wire.MAX_BODY));
                rbuf = ByteBuffer.allocateDirect(capacity).put(rbuf);
            } else {
                rbuf.compact();
            }
            end -= pos;
            pos = 0;
        }
        // Read ahead for small packets (several per read); read a large body exactly, so no partial packet behind
        // it has to be moved to the front of the buffer afterwards.
        int limit = n - Wire.HEADER > READ_AHEAD_BODY ? pos + n : Math.min(rbuf.capacity(), pos + n + READ_AHEAD);
        while (end - pos < n) {
            int r = channel.read(rbuf.limit(limit).position(end));
            if (r < 0) {
                throw new EOFException();
            }
            if (r == 0) {
                if (closed.get()) {
                    throw new IOException("closed");
                }
                readable.select(1000);
                readable.selectedKeys().clear();
            }
            end += r;
        }
    }

    private void lost(String reason) {
        if (closed.compareAndSet(false, true)) {
            closeQuietly();
            Handler h = handler;
            if (h != null) {
                h.onLost(this, reason);
            }
        }
    }

    /** Closes the connection; the engine is told through {@link Handler#onLost} unless it asked. */
    void close(String reason, boolean notify) {
        if (notify) {
            lost(reason);
        } else if (closed.compareAndSet(false, true)) {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Already broken; nothing more to release.
        }
        // Woken, not interrupted: an interrupt would reach whatever the thread does next (the engine's onLost writes
        // metadata, and an interrupt closes the backing store's FileChannel for everyone).
        sendLock.lock();
        try {
            queued.signalAll();
        } finally {
            sendLock.unlock();
        }
        Selector r = readable;
        Selector w = writable;
        if (r != null) {
            r.wakeup();
        }
        if (w != null) {
            w.wakeup();
        }
    }

    private static void closeQuietly(Selector s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Nothing more to release.
            }
        }
    }

    @Override
    public String toString() {
        return "PeerLink[" + name + "]";
    }
}
