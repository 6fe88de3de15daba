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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One authenticated TCP connection to the peer: a sender thread draining a queue (so callers never block on
 * the network and packets leave in the order they were queued) and a receiver thread handing packets to the
 * engine in arrival order.
 */
final class PeerLink {
    /** What the engine hears from a link. */
    interface Handler {
        void onPacket(PeerLink link, Packet packet) throws IOException;

        void onLost(PeerLink link, String reason);
    }

    private static final int MAGIC = 0x544E4431; // "TND1"
    private static final int CHALLENGE_BYTES = 32;

    private record Outgoing(Packet packet, Runnable onSent) { }

    private final SocketChannel channel;
    private final String name;
    private final LinkedBlockingQueue<Outgoing> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Handler handler;
    private Thread sender;
    private Thread receiver;

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

    /** Queues {@code p}; {@code onSent} runs once it is handed to TCP. Dropped silently once closed. */
    void send(Packet p, Runnable onSent) {
        if (!closed.get()) {
            queue.add(new Outgoing(p, onSent));
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    private void sendLoop() {
        List<Outgoing> batch = new ArrayList<>();
        List<ByteBuffer> buffers = new ArrayList<>();
        try {
            while (!closed.get()) {
                batch.clear();
                buffers.clear();
                batch.add(queue.take());
                queue.drainTo(batch, 63);
                for (Outgoing o : batch) {
                    for (ByteBuffer b : Wire.encode(o.packet())) {
                        buffers.add(b);
                    }
                }
                ByteBuffer[] all = buffers.toArray(new ByteBuffer[0]);
                long left = 0;
                for (ByteBuffer b : all) {
                    left += b.remaining();
                }
                while (left > 0) {
                    left -= channel.write(all);
                }
                for (Outgoing o : batch) {
                    if (o.onSent() != null) {
                        o.onSent().run();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            lost("send failed: " + e.getMessage());
        }
    }

    private void receiveLoop() {
        ByteBuffer header = ByteBuffer.allocate(Wire.HEADER);
        // One direct buffer, reused: the engine handles each packet before the next is read and copies what
        // it keeps, so bulk data goes socket -> buffer -> disk without the JDK's hidden heap-to-direct copies.
        ByteBuffer reuse = ByteBuffer.allocateDirect(64 * 1024);
        try {
            while (!closed.get()) {
                header.clear();
                readFully(header);
                int type = header.get(0) & 0xff;
                int length = Wire.bodyLength(header);
                if (reuse.capacity() < length) {
                    reuse = ByteBuffer.allocateDirect(Math.max(length, Math.min(2 * reuse.capacity(), Wire.MAX_BODY)));
                }
                ByteBuffer body = reuse.clear().limit(length);
                readFully(body);
                body.flip();
                handler.onPacket(this, Wire.decode(type, body));
            }
        } catch (EOFException e) {
            lost("connection closed by peer");
        } catch (IOException | RuntimeException e) {
            lost(closed.get() ? "closed" : "receive failed: " + e);
        }
    }

    private void readFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new EOFException();
            }
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
        // Not when the sender itself failed: lost() goes on to the engine's onLost, whose metadata writes would find
        // the interrupt and close the (interruptible) FileChannel of the backing store for everyone.
        if (sender != null && sender != Thread.currentThread()) {
            sender.interrupt();
        }
    }

    @Override
    public String toString() {
        return "PeerLink[" + name + "]";
    }
}
