package io.tandem.ipc.internal;

import io.tandem.ipc.CrmExit;
import io.tandem.ipc.IpcFrames;
import io.tandem.ipc.IpcMessage;
import io.tandem.ipc.spi.IpcHandler;
import io.tandem.ipc.spi.IpcRequest;
import io.tandem.ipc.spi.PeerCredentials;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import jnr.unixsocket.Credentials;
import jnr.unixsocket.UnixServerSocketChannel;
import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketChannel;
import jnr.unixsocket.UnixSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UNIX-domain socket server: one acceptor thread, one pooled thread per connection (bounded), peer
 * credentials read with SO_PEERCRED (jnr-unixsocket: the JDK gives no pid or numeric ids) and checked once per
 * connection, then request/response frames dispatched by verb.
 */
final class IpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IpcServer.class);

    record Settings(Path socketPath, Set<PosixFilePermission> socketPermissions, int maxConnections, int readTimeoutMillis) {
        Settings {
            socketPermissions = Set.copyOf(socketPermissions);
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
            }
            if (readTimeoutMillis < 1) {
                throw new IllegalArgumentException("readTimeoutMillis must be at least 1: " + readTimeoutMillis);
            }
        }
    }

    private final Settings settings;
    private final PeerPolicy policy;
    private final Function<String, Optional<IpcHandler>> handlers;
    private final ThreadPoolExecutor workers;
    private final Object lifecycle = new Object();
    private UnixServerSocketChannel server;
    private Thread acceptor;
    private final Set<UnixSocketChannel> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private boolean bound;

    IpcServer(Settings settings, PeerPolicy policy, Function<String, Optional<IpcHandler>> handlers) {
        this.settings = settings;
        this.policy = policy;
        this.handlers = handlers;
        AtomicInteger counter = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, settings.maxConnections(), 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "tandem-ipc-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    Path socketPath() {
        return settings.socketPath();
    }

    void start() throws IOException {
        synchronized (lifecycle) {
            Path path = settings.socketPath().toAbsolutePath();
            Files.createDirectories(path.getParent());
            // A socket file left by a crashed run would make bind fail; Karaf's instance lock means it is ours.
            if (Files.exists(path) && !Files.isDirectory(path) && !Files.isRegularFile(path)) {
                Files.delete(path);
            } else if (Files.exists(path)) {
                throw new IOException(path + " exists and is not a socket: refusing to replace it");
            }
            server = UnixServerSocketChannel.open();
            server.configureBlocking(true);
            server.socket().bind(new UnixSocketAddress(path.toFile()));
            bound = true;
            try {
                Files.setPosixFilePermissions(path, settings.socketPermissions());
            } catch (UnsupportedOperationException e) {
                LOG.debug("No POSIX permissions on {}", path);
            }
            acceptor = new Thread(this::acceptLoop, "tandem-ipc-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            LOG.info("Local API listening on {}", path);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            UnixSocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("Accepting a connection on {} failed", settings.socketPath(), e);
                    pause();
                }
                continue;
            }
            if (channel == null) {
                continue;
            }
            if (closed) {
                closeQuietly(channel);
                break;
            }
            try {
                workers.execute(() -> serve(channel));
            } catch (RejectedExecutionException e) {
                refuse(channel, CrmExit.ERROR, "server busy: " + settings.maxConnections() + " connections already open");
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100); // only after an accept error, so a persistent one does not spin the CPU
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(UnixSocketChannel channel) {
        open.add(channel);
        try (channel) {
            PeerCredentials peer = credentials(channel);
            Optional<String> refusal = policy.refusal(peer);
            if (refusal.isPresent()) {
                LOG.warn("Refused local API connection from {}: {}", peer, refusal.get());
                IpcFrames.write(channel, IpcMessage.error(CrmExit.INSUFFICIENT_PRIV, refusal.get()));
                return;
            }
            channel.setOption(UnixSocketOptions.SO_RCVTIMEO, settings.readTimeoutMillis());
            while (!closed) {
                Optional<IpcMessage> request = IpcFrames.read(channel);
                if (request.isEmpty()) {
                    return;
                }
                IpcFrames.write(channel, dispatch(request.get(), peer));
            }
        } catch (IOException e) {
            LOG.debug("Local API connection ended: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.warn("Local API connection failed", e);
        } finally {
            open.remove(channel);
        }
    }

    IpcMessage dispatch(IpcMessage request, PeerCredentials peer) {
        Optional<String> verb = request.verb();
        if (verb.isEmpty()) {
            return IpcMessage.error(CrmExit.PROTOCOL, "request has no verb");
        }
        Optional<IpcHandler> handler = handlers.apply(verb.get());
        if (handler.isEmpty()) {
            return IpcMessage.error(CrmExit.DISCONNECT, "no service answers '" + verb.get() + "' (is its subsystem running?)");
        }
        try {
            IpcMessage response = handler.get().handle(new IpcRequest(verb.get(), request, peer));
            return response != null ? response : IpcMessage.error(CrmExit.SOFTWARE, "handler of '" + verb.get() + "' gave no answer");
        } catch (IllegalArgumentException e) {
            return IpcMessage.error(CrmExit.USAGE, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Handler of '{}' failed for {}", verb.get(), peer, e);
            return IpcMessage.error(CrmExit.SOFTWARE, "internal error in '" + verb.get() + "': " + e);
        }
    }

    private static PeerCredentials credentials(UnixSocketChannel channel) throws IOException {
        Credentials c = channel.getOption(UnixSocketOptions.SO_PEERCRED);
        if (c == null) {
            throw new IOException("the kernel gave no peer credentials");
        }
        return new PeerCredentials(c.getPid(), c.getUid(), c.getGid());
    }

    private void refuse(UnixSocketChannel channel, int exit, String message) {
        try (channel) {
            IpcFrames.write(channel, IpcMessage.error(exit, message));
        } catch (IOException e) {
            LOG.debug("Could not tell a refused client why", e);
        }
        LOG.warn("Refused local API connection: {}", message);
    }

    private static void closeQuietly(UnixSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Closing a connection failed", e);
        }
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            if (acceptor != null) {
                // A blocking accept() in native code does not return when the fd is closed: wake it with a connection.
                try (SocketChannel wake = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    wake.connect(UnixDomainSocketAddress.of(settings.socketPath().toAbsolutePath()));
                } catch (IOException e) {
                    LOG.debug("Waking the acceptor failed", e);
                }
                try {
                    acceptor.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (server != null) {
                try {
                    server.close();
                } catch (IOException e) {
                    LOG.debug("Closing the server socket failed", e);
                }
            }
            for (UnixSocketChannel channel : open) {
                try {
                    channel.shutdownInput(); // wakes a thread blocked reading, which closing the fd does not
                } catch (IOException | RuntimeException e) {
                    LOG.debug("Shutting down a connection failed", e);
                }
            }
            workers.shutdownNow();
            try {
                if (bound) { // never remove a file some other start left there
                    Files.deleteIfExists(settings.socketPath().toAbsolutePath());
                }
            } catch (IOException e) {
                LOG.warn("Could not remove {}", settings.socketPath(), e);
            }
        }
    }
}
