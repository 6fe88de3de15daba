package io.tandem.replication.internal;

import static org.junit.jupiter.api.Assertions.fail;

import io.tandem.common.EventLoop;
import io.tandem.replication.ConnectionState;
import io.tandem.replication.DiskState;
import io.tandem.replication.VolumeConfig;
import io.tandem.replication.VolumeEvent;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Two engines, alpha (dials, through a {@link FaultProxy}) and beta (listens), on files in one directory. */
final class Pair implements AutoCloseable {
    static final long FILE_BYTES = 8L << 20;
    final EventLoop loopA = new EventLoop("test-alpha");
    final EventLoop loopB = new EventLoop("test-beta");
    final FaultProxy proxy;
    final VolumeConfig cfgA;
    final VolumeConfig cfgB;
    ReplicationEngine a;
    ReplicationEngine b;
    FaultyStore storeA;
    FaultyStore storeB;
    final List<VolumeEvent> eventsA = new CopyOnWriteArrayList<>();
    final List<VolumeEvent> eventsB = new CopyOnWriteArrayList<>();

    Pair(Path dir, Consumer<VolumeConfig.Builder> tweak) throws IOException {
        this(dir, FILE_BYTES, tweak);
    }

    Pair(Path dir, long fileBytes, Consumer<VolumeConfig.Builder> tweak) throws IOException {
        Path fa = dir.resolve("alpha.img");
        Path fb = dir.resolve("beta.img");
        for (Path f : List.of(fa, fb)) {
            try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                raf.setLength(fileBytes);
            }
        }
        InetSocketAddress addrA = new InetSocketAddress("127.0.0.1", freePort());
        InetSocketAddress addrB = new InetSocketAddress("127.0.0.1", freePort());
        proxy = new FaultProxy(addrB);
        VolumeConfig.Builder ba = VolumeConfig.builder("r0").localHost("alpha").peerHost("beta").backing(fa)
                .localAddress(addrA).peerAddress(proxy.address()).resyncRateBytesPerSecond(200L << 20)
                .alExtents(7).pingIntervalMillis(300).pingTimeoutMillis(2000).connectRetryMillis(50);
        VolumeConfig.Builder bb = VolumeConfig.builder("r0").localHost("beta").peerHost("alpha").backing(fb)
                .localAddress(addrB).peerAddress(addrA).resyncRateBytesPerSecond(200L << 20).alExtents(7)
                .pingIntervalMillis(300).pingTimeoutMillis(2000).connectRetryMillis(50);
        tweak.accept(ba);
        tweak.accept(bb);
        cfgA = ba.build();
        cfgB = bb.build();
        ReplicationEngine.createMetadata(cfgA);
        ReplicationEngine.createMetadata(cfgB);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    ReplicationEngine startA() throws IOException {
        a = new ReplicationEngine(cfgA, loopA, p -> storeA = new FaultyStore(FileBackingStore.open(p)));
        eventsA.clear();
        a.addListener(eventsA::add);
        return a;
    }

    ReplicationEngine startB() throws IOException {
        b = new ReplicationEngine(cfgB, loopB, p -> storeB = new FaultyStore(FileBackingStore.open(p)));
        eventsB.clear();
        b.addListener(eventsB::add);
        return b;
    }

    /** Both up and connected, alpha forced Primary, first full sync done. */
    void startSynced() throws IOException {
        startA();
        startB();
        b.connect(false);
        a.connect(false);
        waitFor("connected", () -> a.status().connection() == ConnectionState.CONNECTED
                && b.status().connection() == ConnectionState.CONNECTED);
        a.primary(true);
        waitUpToDate();
    }

    void waitUpToDate() {
        waitFor("UpToDate/UpToDate", () -> upToDate(a) && upToDate(b));
    }

    static boolean upToDate(ReplicationEngine e) {
        var s = e.status();
        return s.connection() == ConnectionState.CONNECTED && s.disk() == DiskState.UP_TO_DATE
                && s.peerDisk() == DiskState.UP_TO_DATE;
    }

    static void waitFor(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    static void write(ReplicationEngine e, long block, byte[] content) throws IOException {
        e.write(block * 4096, ByteBuffer.wrap(content));
    }

    static byte[] block(long seed) {
        byte[] b = new byte[4096];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    /** Reads the backing file directly, bypassing the engine. */
    static byte[] readFile(Path file, long offset, int length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(length);
            while (b.hasRemaining() && ch.read(b, offset + b.position()) >= 0) {
                // Fill completely.
            }
            return b.array();
        }
    }

    static void writeFile(Path file, long offset, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(content), offset);
        }
    }

    /** SHA-256 of the data area of a backing file. */
    static String checksum(Path file, long bytes) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(readFile(file, 0, (int) bytes));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String checksumA() throws IOException {
        return checksum(cfgA.backing(), a.sizeBytes());
    }

    String checksumB() throws IOException {
        return checksum(cfgB.backing(), b.sizeBytes());
    }

    @SuppressWarnings("unchecked")
    static <T extends VolumeEvent> List<T> events(List<VolumeEvent> events, Class<T> type) {
        return (List<T>) events.stream().filter(type::isInstance).toList();
    }

    @Override
    public void close() throws IOException {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        proxy.close();
        loopA.close();
        loopB.close();
    }
}
