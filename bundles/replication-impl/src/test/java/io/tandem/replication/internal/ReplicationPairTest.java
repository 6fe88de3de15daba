package io.tandem.replication.internal;

import static io.tandem.replication.internal.Pair.block;
import static io.tandem.replication.internal.Pair.events;
import static io.tandem.replication.internal.Pair.readFile;
import static io.tandem.replication.internal.Pair.waitFor;
import static io.tandem.replication.internal.Pair.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.replication.ConnectionState;
import io.tandem.replication.DiskState;
import io.tandem.replication.DrbdStatusFormat;
import io.tandem.replication.Protocol;
import io.tandem.replication.Role;
import io.tandem.replication.StateChangeException;
import io.tandem.replication.VolumeEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two engines over loopback through a fault-injecting proxy. */
@Timeout(120)
class ReplicationPairTest {
    @TempDir
    Path dir;

    @Test
    void freshVolumesConnectInconsistentAndForcedPrimaryOverwritesPeer() throws Exception {
        try (Pair p = new Pair(dir, b -> { })) {
            Pair.writeFile(p.cfgB.backing(), 0, block(99));
            p.startA();
            p.startB();
            p.b.connect(false);
            p.a.connect(false);
            waitFor("connected", () -> p.b.status().connection() == ConnectionState.CONNECTED);
            assertEquals(DiskState.INCONSISTENT, p.a.status().disk());
            assertEquals(DiskState.INCONSISTENT, p.b.status().peerDisk());
            assertEquals(p.a.sizeBytes() / 1024, p.a.status().counters().oos());
            assertThrows(StateChangeException.class, () -> p.a.primary(false));
            p.a.primary(true);
            p.waitUpToDate();
            assertEquals(Role.PRIMARY, p.b.status().peerRole());
            assertEquals(p.checksumA(), p.checksumB());
            assertEquals(0, p.a.status().counters().oos());
            assertEquals(p.a.status().generationIds().current() & ~1L, p.b.status().generationIds().current());
            var done = events(p.eventsA, VolumeEvent.ResyncFinished.class);
            waitFor("resync event", () -> !events(p.eventsA, VolumeEvent.ResyncFinished.class).isEmpty());
            assertEquals(p.a.sizeBytes() / 4096,
                    events(p.eventsA, VolumeEvent.ResyncFinished.class).get(0).blocks(), done.toString());
        }
    }

    @Test
    void protocolCWriteIsOnBothStoresWhenItReturns() throws Exception {
        try (Pair p = new Pair(dir, b -> b.protocol(Protocol.C))) {
            p.startSynced();
            Random r = new Random(1);
            for (int i = 0; i < 200; i++) {
                long blk = r.nextInt((int) (p.a.sizeBytes() / 4096));
                byte[] content = block(r.nextLong());
                write(p.a, blk, content);
                assertArrayEquals(content, readFile(p.cfgB.backing(), blk * 4096, 4096), "block " + blk);
            }
            p.a.flush();
            assertEquals(p.checksumA(), p.checksumB());
            String proc = DrbdStatusFormat.procDrbd(java.util.List.of(p.a.status()));
            assertTrue(proc.contains(" 0: cs:Connected ro:Primary/Secondary ds:UpToDate/UpToDate C r-----"), proc);
        }
    }

    /**
     * Protocol C's flush promise with the secondary's early flush (a small write is forced right after its ack when a
     * flush is expected): when flush() returns, the peer began a force after its last write finished, whether the
     * writer flushes after every write or after several.
     */
    @Test
    void protocolCFlushMeansThePeersWritesWereForced() throws Exception {
        try (Pair p = new Pair(dir, b -> b.protocol(Protocol.C))) {
            p.startSynced();
            Random r = new Random(2);
            long flushes = 0;
            for (int i = 0; i < 300; i++) {
                int writes = i % 3 == 0 ? 2 + r.nextInt(3) : 1;
                for (int w = 0; w < writes; w++) {
                    write(p.a, r.nextInt((int) (p.a.sizeBytes() / 4096)), block(r.nextLong()));
                }
                long before = p.storeB.forces.get();
                p.a.flush();
                flushes++;
                assertTrue(p.storeB.lastForceBegun > p.storeB.lastWriteDone,
                        "round " + i + ": the peer's last write was not followed by a force before the flush returned");
                assertTrue(p.storeB.forces.get() > before || p.storeB.lastForceBegun > p.storeB.lastWriteDone);
            }
            assertTrue(p.storeB.forces.get() <= 2 * flushes + 10, "forces " + p.storeB.forces.get() + " for " + flushes + " flushes");
        }
    }

    /**
     * Regression: a forced promotion while the handshake was still in progress (alpha in WFReportParams) was never
     * told to the peer, and the handshake's stale "no resync" decision left both nodes Connected without a first sync.
     */
    @Test
    void forcedPrimaryDuringTheHandshakeStillStartsTheFirstSync() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (Pair p = new Pair(java.nio.file.Files.createDirectories(dir.resolve("run" + i)), b -> { })) {
                p.startA();
                p.startB();
                // The reports take 100 ms each way: alpha is promoted while it waits for beta's.
                p.proxy.delayMillis(100);
                p.b.connect(false);
                p.a.connect(false);
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
                while (p.a.status().connection().ordinal() < ConnectionState.WF_REPORT_PARAMS.ordinal()) {
                    assertTrue(System.nanoTime() < deadline, "alpha never reached the handshake");
                    Thread.onSpinWait();
                }
                p.a.primary(true);
                assertEquals(ConnectionState.WF_REPORT_PARAMS, p.a.status().connection(), "promoted mid-handshake");
                p.proxy.delayMillis(0);
                p.waitUpToDate();
                assertEquals(p.checksumA(), p.checksumB(), "run " + i);
            }
        }
    }

    /** Writes of up to 1.5 MiB at unaligned offsets: all of a write is on the peer when it returns, and cut mid-write. */
    @Test
    void protocolCLargeUnalignedWritesAreWhollyOnThePeerWhenTheyReturnAndSurviveCuts() throws Exception {
        try (Pair p = new Pair(dir, b -> b.protocol(Protocol.C))) {
            p.startSynced();
            Random r = new Random(5);
            for (int i = 0; i < 20; i++) {
                byte[] content = new byte[(256 * 1024) * 2 + 1 + r.nextInt(1 << 20)];
                r.nextBytes(content);
                long off = r.nextInt((int) (p.a.sizeBytes() - content.length));
                p.a.write(off, ByteBuffer.wrap(content));
                assertArrayEquals(content, readFile(p.cfgB.backing(), off, content.length), "write at " + off);
            }
            assertEquals(0, p.a.status().counters().oos());
            for (int round = 0; round < 3; round++) {
                p.proxy.cutAfterBytes(300_000 + r.nextInt(1 << 20));
                for (int i = 0; i < 8; i++) {
                    byte[] content = new byte[1 + r.nextInt(3 * (256 * 1024))];
                    r.nextBytes(content);
                    p.a.write(r.nextInt((int) (p.a.sizeBytes() - content.length)), ByteBuffer.wrap(content));
                }
                p.proxy.cutAfterBytes(-1);
                waitFor("resynced", () -> Pair.upToDate(p.a) && Pair.upToDate(p.b)
                        && p.a.status().counters().oos() == 0);
                assertEquals(p.checksumA(), p.checksumB(), "round " + round);
            }
        }
    }

    @Test
    void protocolCAcknowledgedWritesSurviveAKilledPrimaryUnderDelay() throws Exception {
        try (Pair p = new Pair(dir, b -> b.protocol(Protocol.C))) {
            p.startSynced();
            p.proxy.delayMillis(2);
            Random r = new Random(7);
            java.util.Map<Long, byte[]> acked = new java.util.HashMap<>();
            for (int i = 0; i < 60; i++) {
                long blk = r.nextInt((int) (p.a.sizeBytes() / 4096));
                byte[] content = block(r.nextLong());
                write(p.a, blk, content);
                acked.put(blk, content);
            }
            p.a.crash();
            for (var e : acked.entrySet()) {
                assertArrayEquals(e.getValue(), readFile(p.cfgB.backing(), e.getKey() * 4096, 4096));
            }
            p.a = null;
        }
    }

    @Test
    void incrementalResyncMovesOnlyChangedBlocks() throws Exception {
        try (Pair p = new Pair(dir, b -> { })) {
            p.startSynced();
            p.proxy.refuse(true);
            p.proxy.cut();
            waitFor("alpha disconnected", () -> p.a.status().connection() == ConnectionState.WF_CONNECTION);
            Set<Long> changed = new HashSet<>();
            Random r = new Random(3);
            for (int i = 0; i < 150; i++) {
                long blk = r.nextInt((int) (p.a.sizeBytes() / 4096));
                changed.add(blk);
                write(p.a, blk, block(r.nextLong()));
            }
            assertEquals(changed.size() * 4L, p.a.status().counters().oos());
            assertTrue(p.a.status().generationIds().bitmap() != 0, "bitmap id set on disconnect");
            p.eventsA.clear();
            p.proxy.refuse(false);
            waitFor("resynced", () -> Pair.upToDate(p.a) && Pair.upToDate(p.b)
                    && !events(p.eventsA, VolumeEvent.ResyncFinished.class).isEmpty());
            assertEquals(changed.size(), events(p.eventsA, VolumeEvent.ResyncFinished.class).get(0).blocks());
            assertEquals(p.checksumA(), p.checksumB());
            assertEquals(0, p.a.status().generationIds().bitmap(), "bitmap id cleared after resync");
        }
    }

    @Test
    void cutMidWriteThenReconnectLeavesIdenticalStores() throws Exception {
        try (Pair p = new Pair(dir, b -> { })) {
            p.startSynced();
            Random r = new Random(11);
            for (int round = 0; round < 5; round++) {
                p.proxy.cutAfterBytes(1000 + r.nextInt(200_000));
                for (int i = 0; i < 100; i++) {
                    long off = r.nextInt((int) (p.a.sizeBytes() - 70_000));
                    byte[] content = new byte[1 + r.nextInt(65536)];
                    r.nextBytes(content);
                    p.a.write(off, ByteBuffer.wrap(content));
                }
                p.proxy.cutAfterBytes(-1);
                waitFor("resynced", () -> Pair.upToDate(p.a) && Pair.upToDate(p.b)
                        && p.a.status().counters().oos() == 0);
                assertEquals(p.checksumA(), p.checksumB(), "round " + round);
            }
        }
    }

    @Test
    void primaryCrashResyncsEveryBlockTheActivityLogCovers() throws Exception {
        try (Pair p = new Pair(dir, 64L << 20, b -> b.protocol(Protocol.A).alExtents(7))) {
            p.startSynced();
            p.proxy.blackhole(true);
            Random r = new Random(5);
            Set<Long> lost = new HashSet<>();
            for (int i = 0; i < 40; i++) {
                // Two hot extents (4 MiB each) far apart.
                long blk = (i % 2 == 0 ? 1024 : 10 * 1024) + r.nextInt(1024);
                lost.add(blk);
                write(p.a, blk, block(r.nextLong()));
            }
            // The peer never got these writes and the primary dies before noticing.
            p.a.crash();
            p.proxy.cut();
            p.proxy.blackhole(false);
            assertTrue(!p.checksumA().equals(Pair.checksum(p.cfgB.backing(), p.b.sizeBytes())));
            p.startA();
            // Exactly the blocks of the activity log's extents: the two hot ones plus those the first sync left.
            long oos = p.a.outOfSyncBlocks();
            assertTrue(oos >= 2 * 1024 && oos <= 7 * 1024, "activity log applied: " + oos);
            p.eventsA.clear();
            p.a.connect(false);
            waitFor("resynced", () -> Pair.upToDate(p.a) && Pair.upToDate(p.b)
                    && !events(p.eventsA, VolumeEvent.ResyncFinished.class).isEmpty());
            assertEquals(oos, events(p.eventsA, VolumeEvent.ResyncFinished.class).get(0).blocks());
            assertEquals(p.checksumA(), p.checksumB());
        }
    }

    @Test
    void verifyFindsInjectedCorruption() throws Exception {
        try (Pair p = new Pair(dir, b -> { })) {
            p.startSynced();
            Pair.writeFile(p.cfgB.backing(), 17 * 4096L + 100, new byte[] {1, 2, 3});
            Pair.writeFile(p.cfgB.backing(), 1000 * 4096L, block(5));
            p.a.verify();
            waitFor("verify done", () -> !events(p.eventsA, VolumeEvent.VerifyFinished.class).isEmpty());
            VolumeEvent.VerifyFinished v = events(p.eventsA, VolumeEvent.VerifyFinished.class).get(0);
            assertEquals(java.util.List.of(17L, 1000L), v.firstBlocks());
            assertEquals(p.a.sizeBytes() / 4096, v.blocksChecked());
            assertEquals(8, p.a.status().counters().oos());
            // As in DRBD, a disconnect/connect resyncs what verify marked.
            p.a.disconnect();
            p.a.connect(false);
            waitFor("resynced", () -> Pair.upToDate(p.a) && p.a.status().counters().oos() == 0
                    && p.b.status().counters().oos() == 0);
            assertEquals(p.checksumA(), p.checksumB());
        }
    }

    @Test
    void twoPrimariesRefusedUnlessAllowed() throws Exception {
        try (Pair p = new Pair(dir, b -> { })) {
            p.startSynced();
            StateChangeException e = assertThrows(StateChangeException.class, () -> p.b.primary(false));
            assertTrue(e.getMessage().contains("Multiple primaries"), e.getMessage());
            AutoCloseable handle = p.a.open();
            assertThrows(StateChangeException.class, p.a::secondary);
            handle.close();
            p.a.secondary();
            waitFor("peer sees Secondary", () -> p.b.status().peerRole() == Role.SECONDARY);
            p.b.primary(false);
            waitFor("alpha sees Primary", () -> p.a.status().peerRole() == Role.PRIMARY);
            assertThrows(StateChangeException.class, () -> p.a.primary(false));
        }
        Path dir2 = dir.resolve("two");
        java.nio.file.Files.createDirectories(dir2);
        try (Pair p = new Pair(dir2, b -> b.allowTwoPrimaries(true))) {
            p.startSynced();
            p.b.primary(false);
            assertEquals(Role.PRIMARY, p.b.status().role());
        }
    }

    @Test
    void wrongSharedSecretNeverConnects() throws Exception {
        try (Pair p = new Pair(dir, b -> b.cramHmacAlg("sha1").sharedSecret("right"))) {
            var bad = p.cfgB.toBuilder().sharedSecret("wrong").build();
            p.startA();
            p.b = new ReplicationEngine(bad, p.loopB);
            p.b.connect(false);
            p.a.connect(false);
            waitFor("auth failure reported", () -> p.b.status().lastProblem().contains("Authentication of peer failed")
                    || p.a.status().lastProblem().contains("Authentication of peer failed"));
            assertEquals(ConnectionState.WF_CONNECTION, p.a.status().connection());
        }
        Path dir2 = dir.resolve("ok");
        java.nio.file.Files.createDirectories(dir2);
        try (Pair p = new Pair(dir2, b -> b.cramHmacAlg("sha256").sharedSecret("s3cr3t"))) {
            p.startSynced();
        }
    }

    @Test
    void onIoErrorDetachKeepsServingFromThePeer() throws Exception {
        try (Pair p = new Pair(dir, b -> b.onIoError(io.tandem.replication.OnIoError.DETACH))) {
            p.startSynced();
            p.storeA.failWrites = true;
            p.storeA.failReads = true;
            byte[] content = block(42);
            write(p.a, 10, content);
            assertEquals(DiskState.DISKLESS, p.a.status().disk());
            assertArrayEquals(content, readFile(p.cfgB.backing(), 10 * 4096L, 4096));
            ByteBuffer back = ByteBuffer.allocate(4096);
            p.a.read(10 * 4096L, back);
            assertArrayEquals(content, back.array());
            waitFor("peer sees Diskless", () -> p.b.status().peerDisk() == DiskState.DISKLESS);
            assertTrue(!events(p.eventsA, VolumeEvent.IoError.class).isEmpty()
                    || p.a.status().disk() == DiskState.DISKLESS);
            p.storeA.failWrites = false;
            p.storeA.failReads = false;
        }
    }

    @Test
    void onIoErrorPassOnReportsTheError() throws Exception {
        try (Pair p = new Pair(dir, b -> b.onIoError(io.tandem.replication.OnIoError.PASS_ON))) {
            p.startSynced();
            p.storeA.failWrites = true;
            assertThrows(IOException.class, () -> write(p.a, 10, block(1)));
            assertEquals(DiskState.UP_TO_DATE, p.a.status().disk());
            p.storeA.failWrites = false;
        }
    }
}
