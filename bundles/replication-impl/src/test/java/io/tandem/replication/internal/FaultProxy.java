package io.tandem.replication.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy between two engines that injects faults: cut every connection (loss), delay forwarding,
 * black-hole (stop forwarding, as a silent network partition), and cut after N more bytes (mid-write).
 */
final class FaultProxy implements AutoCloseable {
    private final ServerSocketChannel server;
    private final InetSocketAddress target;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private volatile long delayNanos;
    private volatile boolean blackhole;
    private volatile boolean refuse;
    private volatile long cutAfterBytes = -1;
    private final Thread acceptor;

    FaultProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        acceptor = new Thread(this::acceptLoop, "fault-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }

    void delayMillis(long millis) {
        delayNanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    void blackhole(boolean on) {
        blackhole = on;
    }

    /** Refuse (close at once) new connections: the peer looks down. */
    void refuse(boolean on) {
        refuse = on;
    }

    /** Closes every connection after forwarding {@code bytes} more bytes in the alpha-to-beta direction. */
    void cutAfterBytes(long bytes) {
        cutAfterBytes = bytes;
    }

    /** Cuts every current connection (both directions). */
    void cut() {
        for (SocketChannel c : open) {
            try {
                c.close();
            } catch (IOException ignored) {
                // Already closed.
            }
        }
        open.clear();
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel in = server.accept();
                if (refuse) {
                    in.close();
                    continue;
                }
                SocketChannel out;
                try {
                    out = SocketChannel.open(target);
                } catch (IOException e) {
                    in.close();
                    continue;
                }
                open.add(in);
                open.add(out);
                pump(in, out, true);
                pump(out, in, false);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(SocketChannel from, SocketChannel to, boolean forward) {
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            try {
                while (true) {
                    buf.clear();
                    if (from.read(buf) < 0) {
                        break;
                    }
                    buf.flip();
                    long d = delayNanos;
                    if (d > 0) {
                        long until = System.nanoTime() + d;
                        while (System.nanoTime() < until) {
                            LockSupport.parkNanos(until - System.nanoTime());
                        }
                    }
                    while (blackhole && from.isOpen()) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                    }
                    if (!from.isOpen()) {
                        break;
                    }
                    if (forward && cutAfterBytes >= 0) {
                        long allowed = cutAfterBytes;
                        if (buf.remaining() >= allowed) {
                            buf.limit((int) (buf.position() + allowed));
                            while (buf.hasRemaining()) {
                                to.write(buf);
                            }
                            cutAfterBytes = -1;
                            cut();
                            break;
                        }
                        cutAfterBytes = allowed - buf.remaining();
                    }
                    while (buf.hasRemaining()) {
                        to.write(buf);
                    }
                }
            } catch (IOException ignored) {
                // Connection cut.
            }
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // Already closed.
            }
        }, "fault-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        cut();
    }
}
