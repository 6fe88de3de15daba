package io.tandem.replication.device.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NBD export over a plain file: libnbd's own tools (nbdinfo, nbdcopy; Debian's libnbd-bin) as the real client,
 * and a hand-written client for what they never send (bad requests, out-of-range I/O, protocol violations).
 */
@Timeout(120)
class NbdServerTest {
    private static final long SIZE = 8L << 20;

    @TempDir
    Path dir;

    private FileTarget target;
    private NbdServer server;
    private Path socket;
    private Path image;

    @BeforeEach
    void start() throws IOException {
        image = dir.resolve("image");
        byte[] initial = new byte[(int) SIZE];
        new Random(7).nextBytes(initial);
        Files.write(image, initial);
        target = new FileTarget(image);
        socket = dir.resolve("nbd").resolve("r0.sock");
        server = new NbdServer("r0", socket, target);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        target.close();
    }

    private String uri(String export) {
        return "nbd+unix:///" + export + "?socket=" + socket;
    }

    @Test
    void socketIsForItsOwnerOnly() throws IOException {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
    }

    @Test
    void aLiveSocketIsNotTakenOverAndAStaleOneIsReplaced() throws Exception {
        IOException taken = assertThrows(IOException.class, () -> new NbdServer("r0", socket, target).start());
        assertTrue(taken.getMessage().contains("is served by another process"), taken.getMessage());
        assertEquals(SIZE, Long.parseLong(run("nbdinfo", "--size", uri("r0")).output().strip()), "still served");

        Path stale = dir.resolve("nbd").resolve("stale.sock");
        java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(stale))
                .close();
        assertTrue(Files.exists(stale), "a closed server leaves its socket file behind, as a crashed JVM does");
        NbdServer second = new NbdServer("stale", stale, target);
        try {
            second.start();
            assertEquals(SIZE, Long.parseLong(run("nbdinfo", "--size", "nbd+unix:///stale?socket=" + stale).output()
                    .strip()));
        } finally {
            second.close();
        }
    }

    @Test
    void nbdinfoSeesTheExportAndItsCapabilities() throws Exception {
        String json = run("nbdinfo", "--json", uri("r0")).output();
        assertTrue(json.contains("\"export-size\": " + SIZE), json);
        assertTrue(json.contains("\"is_read_only\": false"), json);
        assertTrue(json.contains("\"can_flush\": true"), json);
        assertTrue(json.contains("\"can_fua\": true"), json);
        assertTrue(json.contains("\"can_zero\": true"), json);
        assertTrue(json.contains("\"can_multi_conn\": true"), json);
        assertTrue(json.contains("\"can_trim\": false"), json);
        assertTrue(json.contains("\"block_size_preferred\": 4096"), json);
        assertTrue(json.contains("\"block_size_maximum\": " + NbdServer.MAX_PAYLOAD), json);
        assertTrue(json.contains("Tandem replicated volume r0"), json);
        // The default export is the same volume.
        assertTrue(run("nbdinfo", "--size", uri("")).output().strip().equals(Long.toString(SIZE)));
        String list = run("nbdinfo", "--list", uri("")).output();
        assertTrue(list.contains("export=\"r0\""), list);
    }

    @Test
    void anUnknownExportIsRefusedWithItsName() throws Exception {
        Result r = attempt("nbdinfo", uri("nope"));
        assertTrue(r.rc() != 0, r.output());
        // libnbd's words for NBD_REP_ERR_UNKNOWN.
        assertTrue(r.output().contains("No such file or directory for export: nope"), r.output());
        assertEquals(0, server.clients());
    }

    @Test
    void nbdcopyWritesAndReadsTheWholeExport() throws Exception {
        byte[] data = new byte[(int) SIZE];
        new Random(11).nextBytes(data);
        // A run of zeros: nbdcopy sends it as WRITE_ZEROES.
        java.util.Arrays.fill(data, 1 << 20, 3 << 20, (byte) 0);
        Path in = Files.write(dir.resolve("in"), data);
        run("nbdcopy", "--flush", in.toString(), uri("r0"));
        assertArrayEquals(data, Files.readAllBytes(image));
        Path out = dir.resolve("out");
        run("nbdcopy", uri("r0"), out.toString());
        assertArrayEquals(data, Files.readAllBytes(out));
    }

    @Test
    void requestsOutsideTheExportGetErrnosAndTheConnectionGoesOn() throws Exception {
        try (Client c = Client.go(socket, "r0")) {
            assertEquals(SIZE, c.size);
            assertEquals(NbdServer.EINVAL, c.read(SIZE - 4096, 8192, null));
            assertEquals(NbdServer.ENOSPC, c.write(SIZE, new byte[512], 0));
            assertEquals(NbdServer.ENOSPC, c.request(NbdServer.CMD_WRITE_ZEROES, 0, SIZE - 512, 1024, null));
            assertEquals(NbdServer.EINVAL, c.request(4 /* TRIM, not offered */, 0, 0, 4096, null));
            assertEquals(NbdServer.EINVAL, c.write(0, new byte[512], 0x8000));
            byte[] block = new byte[4096];
            new Random(3).nextBytes(block);
            assertEquals(0, c.write(SIZE - 4096, block, NbdServer.CMD_FLAG_FUA));
            byte[] back = new byte[4096];
            assertEquals(0, c.read(SIZE - 4096, 4096, back));
            assertArrayEquals(block, back);
            assertEquals(0, c.request(NbdServer.CMD_WRITE_ZEROES, 0, SIZE - 4096, 4096, null));
            assertEquals(0, c.read(SIZE - 4096, 4096, back));
            assertArrayEquals(new byte[4096], back);
            assertEquals(0, c.request(NbdServer.CMD_FLUSH, 0, 0, 0, null));
            assertEquals(1, server.clients());
            c.disconnect();
        }
        waitForClients(0);
    }

    @Test
    void theOldExportNameOptionWorksAndAnUnknownNameDisconnects() throws Exception {
        try (Client c = Client.exportName(socket, "r0")) {
            assertEquals(SIZE, c.size);
            byte[] back = new byte[512];
            assertEquals(0, c.read(0, 512, back));
            assertArrayEquals(java.util.Arrays.copyOf(Files.readAllBytes(image), 512), back);
        }
        assertThrows(EOFException.class, () -> Client.exportName(socket, "other").close());
    }

    @Test
    void protocolViolationsDisconnectButTheServerKeepsServing() throws Exception {
        try (Client c = Client.go(socket, "r0")) {
            c.raw(ByteBuffer.allocate(28).putInt(0xdeadbeef).putShort((short) 0).putShort((short) 0).putLong(1)
                    .putLong(0).putInt(0).flip());
            assertThrows(EOFException.class, c::readReplyHeader);
        }
        try (Client c = Client.go(socket, "r0")) {
            // A write bigger than the advertised maximum: the payload cannot be skipped safely.
            c.raw(ByteBuffer.allocate(28).putInt(NbdServer.REQUEST_MAGIC).putShort((short) 0)
                    .putShort((short) NbdServer.CMD_WRITE).putLong(1).putLong(0).putInt(NbdServer.MAX_PAYLOAD + 1)
                    .flip());
            assertThrows(EOFException.class, c::readReplyHeader);
        }
        waitForClients(0);
        assertEquals(SIZE, Long.parseLong(run("nbdinfo", "--size", uri("r0")).output().strip()));
    }

    @Test
    void closeDisconnectsClientsAndRemovesTheSocket() throws Exception {
        Client c = Client.go(socket, "r0");
        waitForClients(1);
        server.close();
        assertThrows(IOException.class, () -> {
            c.read(0, 512, new byte[512]);
            c.read(0, 512, new byte[512]);
        });
        c.close();
        assertFalse(Files.exists(socket));
    }

    private void waitForClients(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.clients() != n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, server.clients());
    }

    record Result(int rc, String output) { }

    /** Runs a libnbd tool and fails unless it succeeds. */
    private static Result run(String... command) throws Exception {
        Result r = attempt(command);
        assertEquals(0, r.rc(), String.join(" ", command) + ": " + r.output());
        return r;
    }

    /** Runs a libnbd tool (the test is skipped when libnbd-bin is not installed). */
    private static Result attempt(String... command) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin", command[0])), command[0]
                + " is missing (apt-get install libnbd-bin)");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        return new Result(p.exitValue(), out);
    }

    /** A minimal NBD client: fixed newstyle, NBD_OPT_GO or NBD_OPT_EXPORT_NAME, simple replies. */
    static final class Client implements AutoCloseable {
        private final SocketChannel ch;
        long size;
        private long handles;

        private Client(Path socket) throws IOException {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer hello = read(18);
            assertEquals(NbdServer.NBDMAGIC, hello.getLong());
            assertEquals(NbdServer.IHAVEOPT, hello.getLong());
            assertEquals(NbdServer.FLAG_FIXED_NEWSTYLE | NbdServer.FLAG_NO_ZEROES, hello.getShort());
            raw(ByteBuffer.allocate(4).putInt(NbdServer.FLAG_FIXED_NEWSTYLE | NbdServer.FLAG_NO_ZEROES).flip());
        }

        static Client go(Path socket, String export) throws IOException {
            Client c = new Client(socket);
            byte[] n = export.getBytes(StandardCharsets.UTF_8);
            c.option(NbdServer.OPT_GO, ByteBuffer.allocate(6 + n.length).putInt(n.length).put(n).putShort((short) 0)
                    .array());
            while (true) {
                ByteBuffer h = c.read(20);
                assertEquals(NbdServer.OPTION_REPLY_MAGIC, h.getLong());
                assertEquals(NbdServer.OPT_GO, h.getInt());
                int type = h.getInt();
                ByteBuffer body = c.read(h.getInt());
                if (type == NbdServer.REP_ACK) {
                    return c;
                }
                assertEquals(NbdServer.REP_INFO, type, "reply type");
                if (body.getShort() == NbdServer.INFO_EXPORT) {
                    c.size = body.getLong();
                }
            }
        }

        static Client exportName(Path socket, String export) throws IOException {
            Client c = new Client(socket);
            c.option(NbdServer.OPT_EXPORT_NAME, export.getBytes(StandardCharsets.UTF_8));
            ByteBuffer b = c.read(10);
            c.size = b.getLong();
            return c;
        }

        private void option(int option, byte[] data) throws IOException {
            raw(ByteBuffer.allocate(16 + data.length).putLong(NbdServer.IHAVEOPT).putInt(option).putInt(data.length)
                    .put(data).flip());
        }

        int read(long offset, int length, byte[] into) throws IOException {
            return request(NbdServer.CMD_READ, 0, offset, length, into);
        }

        int write(long offset, byte[] data, int flags) throws IOException {
            return request(NbdServer.CMD_WRITE, flags, offset, data.length, data);
        }

        /** Sends one request and returns the reply's errno; a READ's data goes to {@code data}. */
        int request(int type, int flags, long offset, int length, byte[] data) throws IOException {
            long handle = ++handles;
            List<ByteBuffer> out = new ArrayList<>();
            out.add(ByteBuffer.allocate(28).putInt(NbdServer.REQUEST_MAGIC).putShort((short) flags)
                    .putShort((short) type).putLong(handle).putLong(offset).putInt(length).flip());
            if (type == NbdServer.CMD_WRITE) {
                out.add(ByteBuffer.wrap(data));
            }
            for (ByteBuffer b : out) {
                raw(b);
            }
            ByteBuffer r = readReplyHeader();
            int error = r.getInt();
            assertEquals(handle, r.getLong());
            if (type == NbdServer.CMD_READ && error == 0) {
                read(length).get(data);
            }
            return error;
        }

        ByteBuffer readReplyHeader() throws IOException {
            ByteBuffer r = read(16);
            assertEquals(NbdServer.SIMPLE_REPLY_MAGIC, r.getInt());
            return r;
        }

        void disconnect() throws IOException {
            raw(ByteBuffer.allocate(28).putInt(NbdServer.REQUEST_MAGIC).putShort((short) 0)
                    .putShort((short) NbdServer.CMD_DISC).putLong(0).putLong(0).putInt(0).flip());
        }

        void raw(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }

        private ByteBuffer read(int n) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(n);
            while (b.hasRemaining()) {
                if (ch.read(b) < 0) {
                    throw new EOFException();
                }
            }
            return b.flip();
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}
