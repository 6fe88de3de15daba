package io.tandem.agent.webserver.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A GET over a plain socket: no proxy settings, no connection pool, a hard timeout. */
final class HttpProbe {
    record Response(int status, String body) {}

    private HttpProbe() {}

    static Response get(InetAddress address, int port, String path, Duration timeout) throws IOException {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), millis);
            s.setSoTimeout(millis);
            String host = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            int lineEnd = text.indexOf("\r\n");
            String[] statusLine = (lineEnd < 0 ? text : text.substring(0, lineEnd)).split(" ");
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP answer: " + (text.length() > 80 ? text.substring(0, 80) : text));
            }
            int status;
            try {
                status = Integer.parseInt(statusLine[1]);
            } catch (NumberFormatException e) {
                throw new IOException("bad HTTP status line: " + statusLine[1], e);
            }
            int bodyStart = text.indexOf("\r\n\r\n");
            return new Response(status, bodyStart < 0 ? "" : text.substring(bodyStart + 4));
        }
    }
}
