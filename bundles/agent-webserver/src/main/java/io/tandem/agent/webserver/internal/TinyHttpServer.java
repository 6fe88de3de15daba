package io.tandem.agent.webserver.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.0-style server on plain sockets: one accept thread, a few worker threads, one request per connection.
 * Plain sockets because com.sun.net.httpserver is not exported by Karaf's system bundle, and two endpoints need
 * nothing more.
 */
final class TinyHttpServer implements AutoCloseable {
    private static final int READ_TIMEOUT_MILLIS = 5000;
    private static final int MAX_HEADER_LINES = 100;

    private final ServerSocket socket;
    private final String content;
    private final ExecutorService workers;
    private final Thread acceptor;

    TinyHttpServer(InetSocketAddress address, String content) throws IOException {
        this.content = content;
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true); // a restart right after a stop must not wait for TIME_WAIT
        try {
            s.bind(address, 50);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        this.socket = s;
        AtomicInteger n = new AtomicInteger();
        String name = "tandem-webserver-" + address.getPort();
        this.workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, name + "-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                workers.execute(() -> serve(client));
            } catch (SocketException e) {
                return; // closed by close()
            } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(READ_TIMEOUT_MILLIS);
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
            String requestLine = in.readLine();
            if (requestLine == null) {
                return;
            }
            for (int i = 0; i < MAX_HEADER_LINES; i++) { // headers are read and ignored
                String header = in.readLine();
                if (header == null || header.isEmpty()) {
                    break;
                }
            }
            String[] parts = requestLine.split(" ");
            OutputStream out = client.getOutputStream();
            if (parts.length < 2) {
                respond(out, 400, "Bad Request", "bad request\n", true);
                return;
            }
            String method = parts[0];
            String path = parts[1];
            int query = path.indexOf('?');
            if (query >= 0) {
                path = path.substring(0, query);
            }
            boolean body = !method.equals("HEAD");
            if (!method.equals("GET") && !method.equals("HEAD")) {
                respond(out, 405, "Method Not Allowed", "only GET and HEAD\n", true);
            } else if (path.equals("/")) {
                respond(out, 200, "OK", content.endsWith("\n") ? content : content + "\n", body);
            } else if (path.equals("/health")) {
                respond(out, 200, "OK", "OK\n", body);
            } else {
                respond(out, 404, "Not Found", "not found\n", body);
            }
        } catch (IOException e) {
            // the client went away or was too slow: nothing to answer
        }
    }

    private static void respond(OutputStream out, int status, String reason, String text, boolean body) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                + bytes.length + "\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        if (body) {
            out.write(bytes);
        }
        out.flush();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a listening socket cannot fail in a way that matters
        }
        workers.shutdownNow();
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
