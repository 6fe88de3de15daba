import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The failover client: GET http://HOST:PORT/ every INTERVAL ms for at most SECONDS seconds, one line per request:
 * "START_MS END_MS ANSWER", wall-clock milliseconds (the same clock as `date +%s%3N`), ANSWER the body's first line
 * (the built-in WebServer answers with the name of the node it runs on) or "!" and the error.
 *
 * Each request runs on its own thread, so a request that hangs (a SYN to a node that is gone) does not delay the
 * next one: the interval stays the interval. Plain sockets with HTTP/1.0, no connection reuse: every request is a
 * new connection, as a fresh client would make. Run as a source file: java Probe.java HOST PORT [INTERVAL] [SECONDS].
 */
public final class Probe {
    private static final int TIMEOUT_MILLIS = 1000;

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: java Probe.java HOST PORT [INTERVAL_MS=20] [SECONDS=600]");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        long intervalMs = args.length > 2 ? Long.parseLong(args[2]) : 20;
        long seconds = args.length > 3 ? Long.parseLong(args[3]) : 600;
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        ExecutorService requests = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "probe");
            t.setDaemon(true);
            return t;
        });
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
        ticks.scheduleAtFixedRate(() -> requests.execute(() -> {
            long start = System.currentTimeMillis();
            String answer = request(host, port);
            long end = System.currentTimeMillis();
            synchronized (out) {
                out.println(start + " " + end + " " + answer);
            }
        }), 0, intervalMs, TimeUnit.MILLISECONDS);
        Thread.sleep(seconds * 1000);
        ticks.shutdownNow();
        requests.shutdown();
        requests.awaitTermination(2 * TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        System.exit(0);
    }

    private static String request(String host, int port) {
        try (Socket s = new Socket()) {
            s.setSoTimeout(TIMEOUT_MILLIS);
            s.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            OutputStream o = s.getOutputStream();
            o.write(("GET / HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            o.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            String response = buf.toString(StandardCharsets.UTF_8);
            int body = response.indexOf("\r\n\r\n");
            if (!response.startsWith("HTTP/") || body < 0) {
                return "!bad-response";
            }
            String status = response.substring(0, response.indexOf("\r\n"));
            if (!status.contains(" 200 ")) {
                return "!" + status.replace(' ', '_');
            }
            String text = response.substring(body + 4).strip();
            int nl = text.indexOf('\n');
            String first = nl < 0 ? text : text.substring(0, nl).strip();
            return first.isEmpty() ? "!empty-body" : first.replace(' ', '_');
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return "!" + m.replace(' ', '_');
        }
    }
}
