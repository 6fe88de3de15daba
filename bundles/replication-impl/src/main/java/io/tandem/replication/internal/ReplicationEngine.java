package io.tandem.replication.internal;

import io.tandem.common.Scheduler;
import io.tandem.replication.ConnectionState;
import io.tandem.replication.Counters;
import io.tandem.replication.DiskState;
import io.tandem.replication.GenerationIds;
import io.tandem.replication.MetaDisk;
import io.tandem.replication.OnIoError;
import io.tandem.replication.Protocol;
import io.tandem.replication.Role;
import io.tandem.replication.StateChangeException;
import io.tandem.replication.SyncProgress;
import io.tandem.replication.Volume;
import io.tandem.replication.VolumeConfig;
import io.tandem.replication.VolumeEvent;
import io.tandem.replication.VolumeListener;
import io.tandem.replication.VolumeStatus;
import io.tandem.replication.internal.Packet.*;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replicated volume on this node: DRBD 8's state machine over one TCP connection. Application I/O runs
 * on the caller's threads; packets are handled on the connection's receiver thread; timers (pings, reconnects,
 * resync and verify pacing) run on the {@link Scheduler}.
 *
 * <p>Locks: {@code writeOrder} makes "local write + queue to peer" (and "read block + queue as resync data")
 * one step, so the peer applies data in the order the local disk saw it; the engine monitor guards state and
 * is never held while taking {@code writeOrder}.
 */
public final class ReplicationEngine implements Volume, PeerLink.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationEngine.class);
    private static final int RESYNC_BATCH_BLOCKS = 32;
    private static final int MAX_INFLIGHT_BATCHES = 64;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int BITMAP_CHUNK_WORDS = 64 * 1024;
    /** Writes go to the peer in pieces of at most this size (see {@link #pieces}). */
    static final int DATA_PIECE_BYTES = 512 << 10;
    /** Data packets up to this size are forced early on the receiving side when a Flush is expected (onData). */
    private static final int EARLY_FLUSH_MAX_BYTES = 64 << 10;

    private final VolumeConfig cfg;
    private final Scheduler scheduler;
    private final BackingStore data;
    private final BackingStore metaStore;
    private final long dataBytes;
    private final Bitmap bitmap;
    private final Metadata meta;
    private final ActivityLog al;
    private final SecureRandom random = new SecureRandom();
    private final ReentrantLock writeOrder = new ReentrantLock();
    private final List<VolumeListener> listeners = new CopyOnWriteArrayList<>();

    // State, guarded by this.
    private Role role = Role.SECONDARY;
    private Role peerRole = Role.UNKNOWN;
    private DiskState disk;
    private DiskState peerDisk = DiskState.UNKNOWN;
    private ConnectionState cs = ConnectionState.STAND_ALONE;
    private boolean crashedPrimary;
    private boolean discardMyData;
    private boolean wantConnection;
    private boolean connectedWhenDisconnecting;
    private boolean closed;
    private int openCount;
    private String lastProblem = "";
    private PeerLink link;
    private long lastHeardNanos;
    private Scheduler.Cancellable pingTask;
    private ServerSocketChannel listener;
    private Thread acceptor;
    private int round;
    private Report myReport;
    private Report peerReport;
    private boolean peerBitmapReceived;
    private boolean myBitmapSent;
    private boolean syncSource;
    private long syncCursor;
    private long syncStartNanos;
    private long syncBlocksDone;
    private final Map<Long, Integer> syncInflight = new HashMap<>();
    private Progress progress;
    private RateLimiter limiter;
    private Scheduler.Cancellable syncTask;
    private boolean verifying;
    private long verifyCursor;
    private long verifyChecked;
    private long verifyOos;
    private final List<Long> verifyFound = new ArrayList<>();
    private int verifyInflight;
    private long promoteRequestId;
    private CompletableFuture<Boolean> promoteReply;
    private Object lastPublished;
    private VolumeStatus lastPublishedStatus;

    // Requests.
    private final AtomicLong seqs = new AtomicLong();
    private final Map<Long, Request> pending = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Void>> flushes = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<ByteBuffer>> reads = new ConcurrentHashMap<>();

    // Early flush on the receiving side (see onData). Written by the current link's receiver thread; volatile because
    // a reconnect hands them to another thread.
    /** The previous Data or Flush packet was a Data. */
    private volatile boolean lastWasData;
    /** The last small Data was followed by a Flush, so the next one probably is too. */
    private volatile boolean flushExpected;
    /** The link on whose receiver the disk was forced after the last packet, or null. */
    private volatile PeerLink forcedAfterLast;
    /** {@link #dw} when that force began. */
    private volatile long forcedAtDw;

    // Counters (bytes; shown in KiB).
    private final AtomicLong ns = new AtomicLong();
    private final AtomicLong nr = new AtomicLong();
    private final AtomicLong dw = new AtomicLong();
    private final AtomicLong dr = new AtomicLong();
    private final AtomicLong lo = new AtomicLong();
    private final AtomicLong ua = new AtomicLong();
    private final AtomicLong ap = new AtomicLong();

    /** An application write in flight to the peer. */
    private static final class Request {
        final long seq;
        final long offset;
        final int length;
        final boolean needWritten;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Request(long seq, long offset, int length, boolean needWritten) {
            this.seq = seq;
            this.offset = offset;
            this.length = length;
            this.needWritten = needWritten;
        }
    }

    // ------------------------------------------------------------------------------------------ create/attach

    /** {@code drbdadm create-md}: writes fresh metadata (Inconsistent, every block out of sync). */
    public static void createMetadata(VolumeConfig cfg) throws IOException {
        createMetadata(cfg, FileBackingStore::open);
    }

    static void createMetadata(VolumeConfig cfg, BackingStore.Opener opener) throws IOException {
        try (BackingStore d = opener.open(cfg.backing())) {
            if (cfg.metaDisk().isInternal()) {
                long bytes = dataBytes(cfg, d.size());
                Metadata.create(d, bytes, bytes, cfg.alExtents());
            } else {
                try (BackingStore m = opener.open(cfg.metaDisk().external())) {
                    Metadata.create(m, metaBase(cfg), dataBytes(cfg, d.size()), cfg.alExtents());
                }
            }
        }
    }

    private static long metaBase(VolumeConfig cfg) {
        return cfg.metaDisk().index() * MetaDisk.EXTERNAL_SLOT_BYTES;
    }

    private static long dataBytes(VolumeConfig cfg, long storeBytes) throws IOException {
        long max = cfg.metaDisk().isInternal() ? Metadata.internalDataBytes(storeBytes, cfg.alExtents())
                : storeBytes & ~(long) (Bitmap.BLOCK_BYTES - 1);
        if (cfg.sizeBytes() > max) {
            throw new IOException(cfg.backing() + ": size " + cfg.sizeBytes() + " does not fit (at most " + max + ")");
        }
        if (!cfg.metaDisk().isInternal()
                && Metadata.areaBytes(max, cfg.alExtents()) > MetaDisk.EXTERNAL_SLOT_BYTES) {
            throw new IOException(cfg.backing() + ": too large for one 128 MiB external metadata slot");
        }
        long bytes = cfg.sizeBytes() > 0 ? cfg.sizeBytes() : max;
        if (bytes <= 0) {
            throw new IOException(cfg.backing() + ": too small for a volume");
        }
        return bytes;
    }

    /** Attaches the volume (reads its metadata); it stays StandAlone until {@link #connect(boolean)}. */
    public ReplicationEngine(VolumeConfig cfg, Scheduler scheduler) throws IOException {
        this(cfg, scheduler, FileBackingStore::open);
    }

    ReplicationEngine(VolumeConfig cfg, Scheduler scheduler, BackingStore.Opener opener) throws IOException {
        this.cfg = cfg;
        this.scheduler = scheduler;
        this.data = opener.open(cfg.backing());
        try {
            this.metaStore = cfg.metaDisk().isInternal() ? data : opener.open(cfg.metaDisk().external());
            this.dataBytes = dataBytes(cfg, data.size());
            this.bitmap = new Bitmap(dataBytes >>> Bitmap.BLOCK_SHIFT);
            long base = cfg.metaDisk().isInternal() ? dataBytes : metaBase(cfg);
            this.meta = Metadata.open(metaStore, base, dataBytes, cfg.alExtents(), bitmap);
        } catch (IOException | RuntimeException e) {
            data.close();
            throw e;
        }
        boolean clean = meta.has(Metadata.FLAG_CLEAN);
        crashedPrimary = meta.has(Metadata.FLAG_CRASHED_PRIMARY) || (meta.has(Metadata.FLAG_PRIMARY) && !clean);
        long added = 0;
        int[] recovered = meta.activityLog();
        if (!clean) {
            // After a crash every block of a hot extent may differ from the peer.
            for (int e : recovered) {
                long first = (long) e * Metadata.BLOCKS_PER_EXTENT;
                added += bitmap.set(Math.min(first, bitmap.bits()),
                        Math.min(first + Metadata.BLOCKS_PER_EXTENT, bitmap.bits()));
            }
        }
        if (meta.has(Metadata.FLAG_BITMAP_DIRTY)) {
            added += bitmap.set(0, bitmap.bits());
        }
        this.al = new ActivityLog(cfg.alExtents(), meta, bitmap, clean ? new int[0] : recovered);
        if (added > 0) {
            meta.writeBitmapAll(bitmap);
        }
        if (!meta.has(Metadata.FLAG_CONSISTENT)) {
            disk = DiskState.INCONSISTENT;
        } else if (meta.has(Metadata.FLAG_OUTDATED)) {
            disk = DiskState.OUTDATED;
        } else {
            disk = DiskState.CONSISTENT;
        }
        GenerationIds ids = meta.ids();
        meta.writeSuperblock(withCurrent(ids, ids.current() & ~1L),
                (meta.flags() & ~(Metadata.FLAG_CLEAN | Metadata.FLAG_PRIMARY))
                        | (crashedPrimary ? Metadata.FLAG_CRASHED_PRIMARY : 0));
        lastPublishedStatus = status();
        lastPublished = stateKey();
        LOG.info("{}: attached {} ({} bytes), {}, {} KiB out of sync{}", cfg.name(), cfg.backing(), dataBytes, disk,
                bitmap.weight() * 4, crashedPrimary ? ", crashed primary: activity log applied" : "");
    }

    private static GenerationIds withCurrent(GenerationIds ids, long current) {
        return new GenerationIds(current, ids.bitmap(), ids.history0(), ids.history1());
    }

    private long newUuid(boolean primary) {
        long v;
        do {
            v = random.nextLong() & ~1L;
        } while (v == 0 || v == GenerationIds.JUST_CREATED);
        return primary ? v | 1 : v;
    }

    // ------------------------------------------------------------------------------------------ Volume

    @Override
    public String name() {
        return cfg.name();
    }

    @Override
    public long sizeBytes() {
        return dataBytes;
    }

    public VolumeConfig config() {
        return cfg;
    }

    private void checkRange(long offset, int length) throws IOException {
        if (offset < 0 || length < 0 || length > MAX_IO_BYTES || offset + length > dataBytes) {
            throw new IOException(cfg.name() + ": I/O of " + length + " bytes at " + offset + " outside 0.." + dataBytes
                    + " or larger than " + MAX_IO_BYTES);
        }
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        int length = src.remaining();
        checkRange(offset, length);
        if (length == 0) {
            return;
        }
        long firstBlock = offset >>> Bitmap.BLOCK_SHIFT;
        long lastBlock = (offset + length - 1) >>> Bitmap.BLOCK_SHIFT;
        ap.incrementAndGet();
        try {
            boolean diskless;
            synchronized (this) {
                if (role != Role.PRIMARY) {
                    throw new IOException(cfg.name() + ": not Primary (" + role + ")");
                }
                diskless = !disk.hasDisk();
            }
            boolean inLog = false;
            if (!diskless) {
                try {
                    al.begin(firstBlock, lastBlock);
                    inLog = true;
                } catch (IOException e) {
                    // The metadata area failed: the same on-io-error policy as for data.
                    if (!ioError("activity log write", e)) {
                        throw e;
                    }
                    diskless = true;
                }
            }
            try {
                writeOrdered(offset, src, firstBlock, lastBlock, diskless);
            } finally {
                if (inLog) {
                    al.end(firstBlock, lastBlock);
                }
            }
        } finally {
            ap.decrementAndGet();
        }
    }

    private void writeOrdered(long offset, ByteBuffer src, long firstBlock, long lastBlock, boolean diskless)
            throws IOException {
        List<Request> reqs = null;
        IOException localError = null;
        writeOrder.lock();
        try {
            PeerLink l;
            synchronized (this) {
                l = replicating() ? link : null;
                if (l != null) {
                    reqs = pieces(offset, src.remaining(), diskless);
                    for (Request r : reqs) {
                        pending.put(r.seq, r);
                    }
                } else if (diskless) {
                    throw new IOException(cfg.name() + ": no local disk and no UpToDate peer");
                } else {
                    bitmap.set(firstBlock, lastBlock + 1);
                }
            }
            if (l != null) {
                // No copy: the caller waits at least until the sender has handed these bytes to TCP.
                int at = src.position();
                for (Request r : reqs) {
                    ByteBuffer payload = src.duplicate().position(at).limit(at + r.length);
                    at += r.length;
                    ns.addAndGet(r.length);
                    l.send(new Data(r.seq, r.offset, payload), cfg.protocol() == Protocol.A && !diskless
                            ? () -> r.done.complete(null) : null);
                }
            }
            if (!diskless) {
                lo.incrementAndGet();
                try {
                    data.write(offset, src.duplicate());
                    dw.addAndGet(src.remaining());
                } catch (IOException e) {
                    localError = e;
                } finally {
                    lo.decrementAndGet();
                }
            }
        } finally {
            writeOrder.unlock();
        }
        if (localError != null) {
            if (!ioError("write", localError)) {
                if (reqs != null) {
                    reqs.forEach(r -> awaitQuietly(r.done));
                }
                throw localError;
            }
            if (reqs == null) {
                throw localError;
            }
            // Detached: the write counts once the peer has it on disk.
            awaitAll(reqs);
            return;
        }
        if (reqs != null) {
            awaitAll(reqs);
        }
    }

    /**
     * One request per {@link #DATA_PIECE_BYTES}-aligned piece of a write. The peer writes each piece to its disk as
     * soon as it has arrived, while the next one is still being sent, so a large write costs about the transfer plus
     * the peer's write of one piece rather than the transfer plus the peer's write of all of it. Pieces are cut at
     * aligned offsets (whole blocks), so acknowledging every piece clears the same bits as acknowledging the whole.
     * The write completes when every piece has (protocol C: when every piece is on the peer's disk).
     */
    private List<Request> pieces(long offset, int length, boolean diskless) {
        List<Request> reqs = new ArrayList<>(1 + length / DATA_PIECE_BYTES);
        long at = offset;
        long end = offset + length;
        while (at < end) {
            long next = Math.min(end, (at / DATA_PIECE_BYTES + 1) * DATA_PIECE_BYTES);
            reqs.add(new Request(seqs.incrementAndGet(), at, (int) (next - at), diskless));
            at = next;
        }
        return reqs;
    }

    /** Waits for every piece (all of them, also after a failure: each must be settled before the caller goes on). */
    private static void awaitAll(List<Request> reqs) throws IOException {
        IOException first = null;
        for (Request r : reqs) {
            try {
                await(r.done);
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static void await(CompletableFuture<?> f) throws IOException {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof IOException io ? io : new IOException(c);
        }
    }

    private static void awaitQuietly(CompletableFuture<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException ignored) {
            // The caller reports its own error.
        }
    }

    /** Whether application writes go to the peer now. */
    private boolean replicating() {
        return link != null && cs.isConnected() && peerDisk.hasDisk() && peerDisk != DiskState.UNKNOWN;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        int length = dst.remaining();
        checkRange(offset, length);
        ap.incrementAndGet();
        try {
            boolean local;
            PeerLink l;
            synchronized (this) {
                if (role != Role.PRIMARY) {
                    throw new IOException(cfg.name() + ": not Primary (" + role + ")");
                }
                local = disk.isConsistent();
                l = !local && link != null && cs.isConnected() && peerDisk == DiskState.UP_TO_DATE ? link : null;
            }
            if (local) {
                lo.incrementAndGet();
                try {
                    data.read(offset, dst);
                    dr.addAndGet(length);
                    return;
                } catch (IOException e) {
                    if (!ioError("read", e)) {
                        throw e;
                    }
                } finally {
                    lo.decrementAndGet();
                }
                synchronized (this) {
                    l = link != null && cs.isConnected() && peerDisk == DiskState.UP_TO_DATE ? link : null;
                }
            }
            if (l == null) {
                throw new IOException(cfg.name() + ": no UpToDate data to read (disk " + disk + ", peer " + peerDisk + ")");
            }
            long seq = seqs.incrementAndGet();
            CompletableFuture<ByteBuffer> f = new CompletableFuture<>();
            reads.put(seq, f);
            l.send(new ReadRequest(seq, offset, length));
            try {
                ByteBuffer got;
                try {
                    got = f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted");
                } catch (ExecutionException e) {
                    throw new IOException(e.getCause().getMessage(), e.getCause());
                }
                dst.put(got);
            } finally {
                reads.remove(seq);
            }
        } finally {
            ap.decrementAndGet();
        }
    }

    @Override
    public void flush() throws IOException {
        boolean diskful;
        synchronized (this) {
            if (role != Role.PRIMARY) {
                throw new IOException(cfg.name() + ": not Primary (" + role + ")");
            }
            diskful = disk.hasDisk();
        }
        CompletableFuture<Void> remote = null;
        long seq = 0;
        if (cfg.protocol() != Protocol.A || !diskful) {
            writeOrder.lock();
            try {
                PeerLink l;
                synchronized (this) {
                    l = replicating() ? link : null;
                    if (l != null) {
                        seq = seqs.incrementAndGet();
                        remote = new CompletableFuture<>();
                        flushes.put(seq, remote);
                    }
                }
                if (l != null) {
                    l.send(new Flush(seq));
                }
            } finally {
                writeOrder.unlock();
            }
        }
        if (diskful) {
            try {
                data.force();
            } catch (IOException e) {
                if (!ioError("flush", e)) {
                    throw e;
                }
            }
        }
        if (remote != null) {
            try {
                await(remote);
            } finally {
                flushes.remove(seq);
            }
        }
    }

    /** Handles a local I/O error per on-io-error; true if the disk was detached and the peer may serve. */
    private boolean ioError(String op, IOException e) {
        boolean detach = cfg.onIoError() == OnIoError.DETACH;
        LOG.error("{}: local {} failed: {}{}", cfg.name(), op, e.getMessage(), detach ? "; detaching" : "");
        if (detach) {
            synchronized (this) {
                if (disk.hasDisk()) {
                    disk = DiskState.DISKLESS;
                    if (link != null) {
                        link.send(new State(role.ordinal(), disk.ordinal()));
                    }
                    published();
                }
            }
        }
        emit(new VolumeEvent.IoError(cfg.name(), op, String.valueOf(e.getMessage()), detach));
        return detach;
    }

    // ------------------------------------------------------------------------------------------ roles

    @Override
    public void primary(boolean force) {
        boolean forced = false;
        boolean ask;
        synchronized (this) {
            checkOpen();
            if (role == Role.PRIMARY) {
                return;
            }
            boolean connected = link != null && cs.isConnected();
            // No refusal here on what this node last heard of the peer's role: a demotion the peer just made may
            // still be on its way, and a promotion right after it (switching primaries) would fail. The
            // PromoteRequest below asks the peer, which answers after everything it sent before.
            if (disk == DiskState.DISKLESS) {
                if (!(connected && peerDisk == DiskState.UP_TO_DATE)) {
                    throw new StateChangeException("State change failed: (-2) Need access to UpToDate data");
                }
            } else if (disk != DiskState.UP_TO_DATE) {
                boolean peerUpToDate = connected && peerDisk == DiskState.UP_TO_DATE;
                if (disk == DiskState.CONSISTENT && !connected) {
                    // No fence-peer handler yet: a Consistent disk without a peer is taken as UpToDate.
                    forced = false;
                } else if (force && !peerUpToDate && disk.ordinal() >= DiskState.INCONSISTENT.ordinal()) {
                    forced = true;
                } else {
                    throw new StateChangeException("State change failed: (-2) Need access to UpToDate data");
                }
            }
            ask = connected && !cfg.allowTwoPrimaries();
            if (ask) {
                promoteRequestId++;
                promoteReply = new CompletableFuture<>();
                link.send(new PromoteRequest(promoteRequestId));
            }
        }
        if (ask) {
            boolean granted;
            try {
                granted = promoteReply.get(Math.max(2000, cfg.pingTimeoutMillis() * 4), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StateChangeException("State change failed: interrupted");
            } catch (ExecutionException | TimeoutException e) {
                throw new StateChangeException("State change failed: (-10) State change was refused by peer node");
            } finally {
                synchronized (this) {
                    promoteReply = null;
                }
            }
            if (!granted) {
                throw new StateChangeException("State change failed: (-1) Multiple primaries not allowed by config");
            }
        }
        synchronized (this) {
            boolean connected = link != null && cs.isConnected();
            GenerationIds ids = meta.ids();
            GenerationIds next;
            if ((!connected && ids.bitmap() == 0) || forced) {
                // Writes from now on are a new data generation; the old one is what the peer may still have.
                next = new GenerationIds(newUuid(true), ids.current() & ~1L | (ids.current() & 1L), ids.history0(),
                        ids.history1());
            } else {
                next = withCurrent(ids, ids.current() | 1);
            }
            int set = Metadata.FLAG_PRIMARY | (forced || disk == DiskState.CONSISTENT ? Metadata.FLAG_CONSISTENT : 0);
            try {
                meta.update(next, set, forced ? Metadata.FLAG_OUTDATED : 0);
            } catch (IOException e) {
                throw new StateChangeException("State change failed: cannot write metadata: " + e.getMessage());
            }
            role = Role.PRIMARY;
            if (disk.hasDisk()) {
                disk = DiskState.UP_TO_DATE;
            }
            if (link != null && cs.isConnected()) {
                link.send(new State(role.ordinal(), disk.ordinal()));
                if (forced) {
                    sendReport(++round);
                }
            } else if (link != null && cs == ConnectionState.WF_REPORT_PARAMS) {
                // A handshake is under way with the ids from before this promotion; its decision would be stale (a
                // forced promotion's first sync would never start). Start it again with the new ids: onReport drops
                // the old round's decision.
                sendReport(++round);
            }
            LOG.info("{}: Primary{} ({})", cfg.name(), forced ? " (forced)" : "", next);
            published();
        }
    }

    @Override
    public void secondary() {
        synchronized (this) {
            checkOpen();
            if (role == Role.SECONDARY) {
                return;
            }
            if (openCount > 0) {
                throw new StateChangeException("State change failed: (-12) Device is held open by someone");
            }
            demoteLocked();
        }
    }

    private void demoteLocked() {
        GenerationIds ids = meta.ids();
        try {
            meta.update(withCurrent(ids, ids.current() & ~1L), 0, Metadata.FLAG_PRIMARY);
        } catch (IOException e) {
            throw new StateChangeException("State change failed: cannot write metadata: " + e.getMessage());
        }
        role = Role.SECONDARY;
        if (link != null) {
            link.send(new State(role.ordinal(), disk.ordinal()));
        }
        published();
    }

    @Override
    public AutoCloseable open() {
        synchronized (this) {
            checkOpen();
            if (role != Role.PRIMARY) {
                throw new StateChangeException(cfg.name() + ": only a Primary can be opened");
            }
            openCount++;
        }
        boolean[] done = {false};
        return () -> {
            synchronized (this) {
                if (!done[0]) {
                    done[0] = true;
                    openCount--;
                }
            }
        };
    }

    @Override
    public synchronized void outdate() {
        checkOpen();
        if (role == Role.PRIMARY || cs.isConnected()) {
            throw new StateChangeException("State change failed: (-2) only a disconnected Secondary can be outdated");
        }
        if (disk.isConsistent()) {
            try {
                meta.update(meta.ids(), Metadata.FLAG_OUTDATED, 0);
            } catch (IOException e) {
                throw new StateChangeException("cannot write metadata: " + e.getMessage());
            }
            disk = DiskState.OUTDATED;
            published();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new StateChangeException(cfg.name() + " is down");
        }
    }

    // ------------------------------------------------------------------------------------------ connection

    @Override
    public void connect(boolean discard) {
        synchronized (this) {
            checkOpen();
            if (wantConnection) {
                throw new StateChangeException(cfg.name() + ": already connecting or connected (" + cs + ")");
            }
            wantConnection = true;
            discardMyData = discard;
            lastProblem = "";
            cs = ConnectionState.UNCONNECTED;
            published();
            cs = ConnectionState.WF_CONNECTION;
            published();
        }
        if (cfg.dialsPeer()) {
            scheduler.execute(this::dial);
        } else {
            startListening();
        }
    }

    private void startListening() {
        try {
            ServerSocketChannel server = ServerSocketChannel.open();
            server.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(cfg.localAddress());
            Thread t = new Thread(() -> acceptLoop(server), "tandem-repl-accept-" + cfg.name());
            t.setDaemon(true);
            synchronized (this) {
                if (!wantConnection) {
                    server.close();
                    return;
                }
                listener = server;
                acceptor = t;
            }
            t.start();
        } catch (IOException e) {
            synchronized (this) {
                lastProblem = "cannot listen on " + cfg.localAddress() + ": " + e.getMessage();
                LOG.warn("{}: {}", cfg.name(), lastProblem);
            }
            scheduler.schedule(TimeUnit.MILLISECONDS.toNanos(cfg.connectRetryMillis()), () -> {
                synchronized (this) {
                    if (!wantConnection || listener != null) {
                        return;
                    }
                }
                startListening();
            });
        }
    }

    private void acceptLoop(ServerSocketChannel server) {
        while (true) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("{}: accept failed: {}", cfg.name(), e.getMessage());
                return;
            }
            try {
                established(PeerLink.handshake(ch, cfg, handshakeTimeoutMillis()));
            } catch (IOException e) {
                closeQuietly(ch);
                synchronized (this) {
                    lastProblem = e.getMessage();
                }
                LOG.warn("{}: connection from peer refused: {}", cfg.name(), e.getMessage());
            }
        }
    }

    private int handshakeTimeoutMillis() {
        return (int) Math.max(2000, cfg.pingTimeoutMillis() * 4);
    }

    private void dial() {
        synchronized (this) {
            if (!wantConnection || link != null || closed) {
                return;
            }
        }
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            InetSocketAddress peer = cfg.peerAddress().isUnresolved()
                    ? new InetSocketAddress(cfg.peerAddress().getHostString(), cfg.peerAddress().getPort())
                    : cfg.peerAddress();
            ch.socket().connect(peer, handshakeTimeoutMillis());
            established(PeerLink.handshake(ch, cfg, handshakeTimeoutMillis()));
        } catch (IOException e) {
            closeQuietly(ch);
            synchronized (this) {
                if (e.getMessage() != null && e.getMessage().contains("uthenticat")) {
                    lastProblem = e.getMessage();
                }
            }
            LOG.debug("{}: connecting to {} failed: {}", cfg.name(), cfg.peerAddress(), e.getMessage());
            scheduleDial(cfg.connectRetryMillis());
        }
    }

    private void scheduleDial(long millis) {
        scheduler.schedule(TimeUnit.MILLISECONDS.toNanos(millis), this::dial);
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // Nothing to release.
            }
        }
    }

    private void established(PeerLink l) {
        PeerLink old;
        synchronized (this) {
            if (!wantConnection || closed) {
                l.close("not wanted", false);
                return;
            }
            old = link;
        }
        if (old != null) {
            // The peer came back on a new connection (it restarted): the old one is dead even if TCP has not noticed.
            old.close("replaced by a new connection", true);
        }
        synchronized (this) {
            if (!wantConnection || closed || link != null) {
                l.close("not wanted", false);
                return;
            }
            link = l;
            lastHeardNanos = scheduler.nanoTime();
            cs = ConnectionState.WF_REPORT_PARAMS;
            round = 0;
            myReport = null;
            peerReport = null;
            l.start(this);
            sendReport(1);
            published();
            schedulePing(l);
        }
        LOG.info("{}: connected to {}", cfg.name(), cfg.peerHost());
    }

    private void schedulePing(PeerLink l) {
        pingTask = scheduler.schedule(TimeUnit.MILLISECONDS.toNanos(Math.min(cfg.pingIntervalMillis(),
                cfg.pingTimeoutMillis())), () -> {
                    boolean dead;
                    synchronized (this) {
                        if (link != l) {
                            return;
                        }
                        long silent = scheduler.nanoTime() - lastHeardNanos;
                        dead = silent > TimeUnit.MILLISECONDS.toNanos(cfg.pingIntervalMillis() + cfg.pingTimeoutMillis());
                        if (!dead) {
                            l.send(new Ping());
                            schedulePing(l);
                        }
                    }
                    if (dead) {
                        l.close("PingAck did not arrive in time", true);
                    }
                });
    }

    @Override
    public void disconnect() {
        PeerLink l;
        ServerSocketChannel server;
        synchronized (this) {
            checkOpen();
            wantConnection = false;
            l = link;
            server = listener;
            listener = null;
            if (l != null) {
                connectedWhenDisconnecting = cs.isConnected();
                cs = ConnectionState.DISCONNECTING;
                published();
                l.send(new Disconnect("disconnect requested"));
            }
        }
        closeServer(server);
        if (l != null) {
            l.close("disconnect requested", true);
        }
        synchronized (this) {
            cs = ConnectionState.STAND_ALONE;
            published();
        }
    }

    private static void closeServer(ServerSocketChannel server) {
        if (server != null) {
            try {
                server.close();
            } catch (IOException ignored) {
                // Nothing to release.
            }
        }
    }

    @Override
    public void onLost(PeerLink l, String reason) {
        boolean redial;
        synchronized (this) {
            if (link != l) {
                return;
            }
            link = null;
            if (pingTask != null) {
                pingTask.cancel();
            }
            // An explicit disconnect is a lost peer too: a Primary needs a new generation for what it writes next.
            boolean wasConnected = cs.isConnected() || (cs == ConnectionState.DISCONNECTING && connectedWhenDisconnecting);
            stopSyncLocked();
            // Whatever the peer has not confirmed may be missing there.
            for (Request r : pending.values()) {
                bitmap.set(r.offset >>> Bitmap.BLOCK_SHIFT, ((r.offset + r.length - 1) >>> Bitmap.BLOCK_SHIFT) + 1);
            }
            GenerationIds ids = meta.ids();
            if (role == Role.PRIMARY && wasConnected && ids.bitmap() == 0 && disk.hasDisk()) {
                try {
                    meta.update(new GenerationIds(newUuid(true), ids.current(), ids.history0(), ids.history1()), 0, 0);
                } catch (IOException e) {
                    LOG.error("{}: cannot write new generation id: {}", cfg.name(), e.getMessage());
                }
            }
            for (Request r : pending.values()) {
                r.done.complete(null);
            }
            pending.clear();
            flushes.values().forEach(f -> f.complete(null));
            reads.values().forEach(f -> f.completeExceptionally(new IOException("connection to peer lost")));
            if (promoteReply != null) {
                // The peer is gone, so it cannot be Primary through us: the promotion may go ahead.
                promoteReply.complete(true);
            }
            ua.set(0);
            peerRole = Role.UNKNOWN;
            peerDisk = DiskState.UNKNOWN;
            if (!reason.equals("disconnect requested") && !reason.startsWith("handshake:")) {
                lastProblem = reason;
            }
            redial = wantConnection && !closed;
            cs = redial ? ConnectionState.WF_CONNECTION : ConnectionState.STAND_ALONE;
            published();
        }
        LOG.info("{}: connection lost: {}", cfg.name(), reason);
        if (redial && cfg.dialsPeer()) {
            scheduleDial(Math.min(cfg.connectRetryMillis(), 100));
        }
    }

    /** Refuses the connection for good (split brain, unrelated data, incompatible settings): StandAlone. */
    private void abandon(PeerLink l, String reason) {
        ServerSocketChannel server;
        synchronized (this) {
            lastProblem = reason;
            wantConnection = false;
            server = listener;
            listener = null;
        }
        LOG.error("{}: {}", cfg.name(), reason);
        closeServer(server);
        // Close only once our own report and the reason are out, so the peer reaches the same verdict.
        l.sendAndClose(new Disconnect(reason), "handshake: " + reason);
        scheduler.schedule(TimeUnit.SECONDS.toNanos(2), () -> l.close("handshake: " + reason, true));
        synchronized (this) {
            lastProblem = reason;
        }
    }

    // ------------------------------------------------------------------------------------------ packets

    @Override
    public void onPacket(PeerLink l, Packet p) throws IOException {
        synchronized (this) {
            if (link != l) {
                return;
            }
            lastHeardNanos = scheduler.nanoTime();
        }
        // Only good for the packet right after the force: anything else may have written.
        boolean forced = forcedAfterLast == l;
        forcedAfterLast = null;
        if (p instanceof Data) {
            if (lastWasData) {
                flushExpected = false;
            }
            lastWasData = true;
        } else if (p instanceof Flush) {
            if (lastWasData) {
                flushExpected = true;
            }
            lastWasData = false;
        }
        if (p instanceof Data d) {
            onData(l, d);
        } else if (p instanceof WriteAck a) {
            Request r = pending.remove(a.seq());
            if (r != null) {
                long first = (r.offset + Bitmap.BLOCK_BYTES - 1) >>> Bitmap.BLOCK_SHIFT;
                long end = (r.offset + r.length) >>> Bitmap.BLOCK_SHIFT;
                if (end > first) {
                    bitmap.clear(first, end);
                }
                r.done.complete(null);
            }
        } else if (p instanceof RecvAck a) {
            Request r = pending.get(a.seq());
            if (r != null && cfg.protocol() == Protocol.B && !r.needWritten) {
                r.done.complete(null);
            }
        } else if (p instanceof NegAck a) {
            Request r = pending.remove(a.seq());
            if (r != null) {
                bitmap.set(r.offset >>> Bitmap.BLOCK_SHIFT, ((r.offset + r.length - 1) >>> Bitmap.BLOCK_SHIFT) + 1);
                if (r.needWritten) {
                    r.done.completeExceptionally(new IOException("peer could not write either"));
                } else {
                    r.done.complete(null);
                }
            }
        } else if (p instanceof Flush f) {
            try {
                // Skipped when the early force in onData covers every write: it began after this link's last Data
                // was written, and no write has been issued or completed on this node since it began.
                boolean covered = forced && lo.get() == 0 && dw.get() == forcedAtDw;
                if (diskUsable() && !covered) {
                    data.force();
                }
            } catch (IOException e) {
                ioError("flush", e);
            }
            l.send(new FlushAck(f.seq()));
        } else if (p instanceof FlushAck f) {
            CompletableFuture<Void> fut = flushes.get(f.seq());
            if (fut != null) {
                fut.complete(null);
            }
        } else if (p instanceof Report r) {
            onReport(l, r);
        } else if (p instanceof BitmapChunk b) {
            onBitmap(l, b);
        } else if (p instanceof RsData d) {
            onRsData(l, d);
        } else if (p instanceof RsAck a) {
            onRsAck(a);
        } else if (p instanceof SyncDone s) {
            onSyncDone(s);
        } else if (p instanceof State s) {
            synchronized (this) {
                peerRole = Role.values()[s.role()];
                peerDisk = DiskState.values()[s.disk()];
                published();
            }
        } else if (p instanceof PromoteRequest r) {
            boolean grant;
            synchronized (this) {
                grant = role != Role.PRIMARY && !(promoteReply != null && !cfg.dialsPeer());
                if (grant) {
                    peerRole = Role.PRIMARY;
                    published();
                }
            }
            l.send(new PromoteReply(r.id(), grant));
        } else if (p instanceof PromoteReply r) {
            synchronized (this) {
                if (promoteReply != null && r.id() == promoteRequestId) {
                    promoteReply.complete(r.granted());
                }
            }
        } else if (p instanceof VerifyRequest v) {
            onVerifyRequest(l, v);
        } else if (p instanceof VerifyReply v) {
            onVerifyReply(v);
        } else if (p instanceof VerifyDone v) {
            onVerifyDone(v);
        } else if (p instanceof ReadRequest r) {
            onReadRequest(l, r);
        } else if (p instanceof ReadReply r) {
            CompletableFuture<ByteBuffer> f = reads.get(r.seq());
            if (f != null) {
                if (r.ok()) {
                    // The receiver reuses its buffer once this returns.
                    ByteBuffer copy = ByteBuffer.allocate(r.data().remaining());
                    copy.put(r.data()).flip();
                    f.complete(copy);
                } else {
                    f.completeExceptionally(new IOException("peer could not read"));
                }
            }
        } else if (p instanceof Ping) {
            l.send(new PingAck());
        } else if (p instanceof PingAck) {
            // lastHeardNanos is already updated.
        } else if (p instanceof Disconnect d) {
            LOG.info("{}: peer disconnects: {}", cfg.name(), d.reason());
            l.close("peer disconnected: " + d.reason(), true);
        }
    }

    private synchronized boolean diskUsable() {
        return disk.hasDisk();
    }

    private void onData(PeerLink l, Data d) {
        int length = d.data().remaining();
        nr.addAndGet(length);
        ua.incrementAndGet();
        if (cfg.protocol() == Protocol.B) {
            l.send(new RecvAck(d.seq()));
        }
        boolean ok = false;
        if (diskUsable()) {
            lo.incrementAndGet();
            try {
                data.write(d.offset(), d.data());
                dw.addAndGet(length);
                ok = true;
                long first = (d.offset() + Bitmap.BLOCK_BYTES - 1) >>> Bitmap.BLOCK_SHIFT;
                long end = (d.offset() + length) >>> Bitmap.BLOCK_SHIFT;
                if (end > first) {
                    bitmap.clear(first, end);
                }
            } catch (IOException e) {
                ioError("write", e);
            } finally {
                lo.decrementAndGet();
            }
        }
        ua.decrementAndGet();
        l.send(ok ? new WriteAck(d.seq()) : new NegAck(d.seq()));
        if (ok && length <= EARLY_FLUSH_MAX_BYTES && flushExpected && cfg.protocol() != Protocol.A
                && l.nothingBuffered()) {
            // A synchronous writer (small write, then flush) needs this data stable next; the Flush is still a round
            // trip away (our ack, then the primary's flush), and this receiver has nothing else to do. Forcing now
            // overlaps the peer's disk flush with that round trip and the primary's own fsync; the Flush then only
            // checks that nothing was written since (onPacket). A writer that stops flushing turns this off with
            // its next write (two Data in a row).
            long before = dw.get();
            if (lo.get() == 0) {
                try {
                    data.force();
                    forcedAtDw = before;
                    forcedAfterLast = l;
                } catch (IOException e) {
                    // The Flush, if it comes, forces again and reports the error per on-io-error.
                    LOG.debug("{}: early flush failed: {}", cfg.name(), e.getMessage());
                }
            }
        }
    }

    private void onReadRequest(PeerLink l, ReadRequest r) {
        ByteBuffer b = ByteBuffer.allocate(r.length());
        boolean ok = false;
        if (diskUsable() && r.offset() >= 0 && r.offset() + r.length() <= dataBytes) {
            try {
                data.read(r.offset(), b);
                dr.addAndGet(r.length());
                b.flip();
                ok = true;
            } catch (IOException e) {
                ioError("read", e);
            }
        }
        l.send(new ReadReply(r.seq(), ok, ok ? b : ByteBuffer.allocate(0)));
    }

    // ------------------------------------------------------------------------------------------ handshake

    private void sendReport(int r) {
        GenerationIds ids = meta.ids();
        round = r;
        myReport = new Report(r, cfg.protocol().ordinal(), cfg.allowTwoPrimaries(), dataBytes, ids.current(),
                ids.bitmap(), ids.history0(), ids.history1(), role.ordinal(), disk.ordinal(), crashedPrimary,
                discardMyData, bitmap.weight(), cfg.afterSb0pri().ordinal(), cfg.afterSb1pri().ordinal(),
                cfg.afterSb2pri().ordinal());
        peerBitmapReceived = false;
        myBitmapSent = false;
        link.send(myReport);
    }

    private void onReport(PeerLink l, Report r) {
        SyncDecision.Result result;
        Report mine;
        synchronized (this) {
            if (r.round() < round) {
                return;
            }
            if (r.round() > round || myReport == null) {
                stopSyncLocked();
                sendReport(r.round());
            }
            peerReport = r;
            mine = myReport;
            String incompatible = incompatibility(r);
            if (incompatible != null) {
                result = null;
                lastProblem = incompatible;
            } else {
                SyncDecision.Side me = side(mine);
                SyncDecision.Side peer = side(r);
                result = SyncDecision.decide(me, peer, cfg.afterSb0pri(), cfg.afterSb1pri(), cfg.afterSb2pri(),
                        cfg.dialsPeer(), openCount == 0);
            }
        }
        if (result == null) {
            abandon(l, lastProblem);
            return;
        }
        LOG.info("{}: handshake: {} (hg {}, rule {})", cfg.name(), result.reason(), result.hg(), result.rule());
        if (result.splitBrain()) {
            int primaries = (mine.role() == Role.PRIMARY.ordinal() ? 1 : 0) + (r.role() == Role.PRIMARY.ordinal() ? 1 : 0);
            emit(new VolumeEvent.SplitBrain(cfg.name(), primaries, result.reason(),
                    result.outcome() != SyncDecision.Outcome.DISCONNECT, mine.changedBlocks() * 4,
                    r.changedBlocks() * 4));
        }
        if (result.priLost()) {
            emit(new VolumeEvent.PrimaryLostAfterSplitBrain(cfg.name()));
        }
        if (result.outcome() == SyncDecision.Outcome.DISCONNECT) {
            abandon(l, result.reason());
            return;
        }
        synchronized (this) {
            if (link != l) {
                return;
            }
            if (myReport != mine) {
                LOG.info("{}: handshake round {} superseded by round {}", cfg.name(), mine.round(), round);
                return;
            }
            if (result.demote() && role == Role.PRIMARY) {
                demoteLocked();
            }
            peerRole = Role.values()[r.role()];
            peerDisk = DiskState.values()[r.disk()];
            crashedPrimary = false;
            discardMyData = false;
            switch (result.outcome()) {
                case NO_SYNC -> {
                    cs = ConnectionState.CONNECTED;
                    if (disk == DiskState.CONSISTENT && peerDisk.isConsistent()) {
                        disk = DiskState.UP_TO_DATE;
                    }
                    if (peerDisk == DiskState.CONSISTENT && disk == DiskState.UP_TO_DATE) {
                        peerDisk = DiskState.UP_TO_DATE;
                    }
                    // Same generation and nothing out of sync: the data is identical, so an Outdated disk facing
                    // an UpToDate peer is UpToDate again (as DRBD does), on both sides of the handshake.
                    int clear = Metadata.FLAG_CRASHED_PRIMARY;
                    if (disk == DiskState.OUTDATED && peerDisk == DiskState.UP_TO_DATE) {
                        disk = DiskState.UP_TO_DATE;
                        clear |= Metadata.FLAG_OUTDATED;
                    }
                    if (peerDisk == DiskState.OUTDATED && disk == DiskState.UP_TO_DATE) {
                        peerDisk = DiskState.UP_TO_DATE;
                    }
                    try {
                        meta.update(meta.ids(), 0, clear);
                    } catch (IOException e) {
                        LOG.error("{}: cannot write metadata: {}", cfg.name(), e.getMessage());
                    }
                }
                case BECOME_SOURCE, BECOME_TARGET -> {
                    syncSource = result.outcome() == SyncDecision.Outcome.BECOME_SOURCE;
                    if (result.fullSync()) {
                        bitmap.setAll();
                    }
                    // The handshake chose the source's data as the good copy.
                    if (syncSource && disk == DiskState.CONSISTENT) {
                        disk = DiskState.UP_TO_DATE;
                    }
                    if (!syncSource && peerDisk == DiskState.CONSISTENT) {
                        peerDisk = DiskState.UP_TO_DATE;
                    }
                    cs = syncSource ? ConnectionState.WF_BITMAP_S : ConnectionState.WF_BITMAP_T;
                    if (!syncSource) {
                        disk = DiskState.INCONSISTENT;
                    }
                }
                default -> throw new IllegalStateException();
            }
            published();
        }
        if (result.outcome() != SyncDecision.Outcome.NO_SYNC) {
            sendBitmap(l);
        }
    }

    private String incompatibility(Report r) {
        if (r.protocol() != cfg.protocol().ordinal()) {
            return "incompatible communication protocols: " + cfg.protocol() + " here, "
                    + Protocol.values()[r.protocol()] + " on the peer";
        }
        if (r.allowTwoPrimaries() != cfg.allowTwoPrimaries()) {
            return "incompatible setting of the allow-two-primaries option";
        }
        if (r.dataBytes() != dataBytes) {
            return "volume sizes differ: " + dataBytes + " here, " + r.dataBytes() + " on the peer";
        }
        if (r.sb0() != cfg.afterSb0pri().ordinal() || r.sb1() != cfg.afterSb1pri().ordinal()
                || r.sb2() != cfg.afterSb2pri().ordinal()) {
            return "incompatible after-sb-*pri settings";
        }
        return null;
    }

    private static SyncDecision.Side side(Report r) {
        return new SyncDecision.Side(new GenerationIds(r.current(), r.bitmap(), r.history0(), r.history1()),
                Role.values()[r.role()], DiskState.values()[r.disk()], r.crashedPrimary(), r.discardMyData(),
                r.changedBlocks());
    }

    private void sendBitmap(PeerLink l) {
        long[] words = bitmap.words();
        for (int i = 0; i < words.length || i == 0; i += BITMAP_CHUNK_WORDS) {
            int n = Math.min(BITMAP_CHUNK_WORDS, words.length - i);
            long[] chunk = new long[Math.max(0, n)];
            System.arraycopy(words, i, chunk, 0, chunk.length);
            l.send(new BitmapChunk(i, chunk, i + BITMAP_CHUNK_WORDS >= words.length));
        }
        boolean start;
        synchronized (this) {
            myBitmapSent = true;
            start = peerBitmapReceived;
        }
        if (start) {
            startSync(l);
        }
    }

    private long[] peerWords;

    private void onBitmap(PeerLink l, BitmapChunk b) {
        boolean start;
        synchronized (this) {
            if (peerWords == null || b.firstWord() == 0) {
                peerWords = new long[bitmap.words().length];
            }
            System.arraycopy(b.words(), 0, peerWords, b.firstWord(), b.words().length);
            if (!b.last()) {
                return;
            }
            bitmap.or(peerWords);
            peerWords = null;
            peerBitmapReceived = true;
            start = myBitmapSent;
        }
        if (start) {
            startSync(l);
        }
    }

    private void startSync(PeerLink l) {
        try {
            // Bits from the peer are covered by no activity log: written under the dirty flag.
            meta.writeBitmapAll(bitmap);
            synchronized (this) {
                if (!syncSource) {
                    meta.update(meta.ids(), 0, Metadata.FLAG_CONSISTENT | Metadata.FLAG_CRASHED_PRIMARY);
                } else {
                    meta.update(meta.ids(), 0, Metadata.FLAG_CRASHED_PRIMARY);
                }
            }
        } catch (IOException e) {
            LOG.error("{}: cannot write metadata before resync: {}", cfg.name(), e.getMessage());
            l.close("metadata write failed", true);
            return;
        }
        synchronized (this) {
            if (link != l) {
                return;
            }
            long now = scheduler.nanoTime();
            syncStartNanos = now;
            syncBlocksDone = 0;
            syncCursor = 0;
            syncInflight.clear();
            progress = new Progress(bitmap.weight(), now, false);
            if (syncSource) {
                cs = ConnectionState.SYNC_SOURCE;
                peerDisk = DiskState.INCONSISTENT;
                limiter = new RateLimiter(cfg.resyncRateBytesPerSecond(), now);
                syncTask = scheduler.schedule(0, () -> resyncTick(l));
            } else {
                cs = ConnectionState.SYNC_TARGET;
                disk = DiskState.INCONSISTENT;
            }
            LOG.info("{}: {} started, {} KiB to sync", cfg.name(), cs, bitmap.weight() * 4);
            published();
        }
    }

    private void resyncTick(PeerLink l) {
        long now = scheduler.nanoTime();
        boolean finished = false;
        writeOrder.lock();
        try {
            while (true) {
                long first;
                int count;
                synchronized (this) {
                    if (link != l || cs != ConnectionState.SYNC_SOURCE) {
                        return;
                    }
                    progress.sample(now, bitmap.weight());
                    if (syncInflight.size() >= MAX_INFLIGHT_BATCHES
                            || limiter.available(now) < Bitmap.BLOCK_BYTES) {
                        break;
                    }
                    long b = bitmap.nextSet(syncCursor);
                    if (b < 0 && syncCursor > 0) {
                        syncCursor = 0;
                        b = bitmap.nextSet(0);
                    }
                    while (b >= 0 && syncInflight.containsKey(b)) {
                        b = bitmap.nextSet(b + syncInflight.get(b));
                    }
                    if (b < 0) {
                        finished = syncInflight.isEmpty() && bitmap.weight() == 0;
                        if (!finished && syncInflight.isEmpty()) {
                            syncCursor = 0;
                            continue;
                        }
                        break;
                    }
                    long maxByRate = Math.max(1, limiter.available(now) / Bitmap.BLOCK_BYTES);
                    count = 1;
                    while (count < RESYNC_BATCH_BLOCKS && count < maxByRate && b + count < bitmap.bits()
                            && bitmap.get(b + count) && !syncInflight.containsKey(b + count)) {
                        count++;
                    }
                    first = b;
                    syncInflight.put(first, count);
                    syncCursor = first + count;
                    limiter.take((long) count * Bitmap.BLOCK_BYTES);
                }
                ByteBuffer buf = ByteBuffer.allocate(count * Bitmap.BLOCK_BYTES);
                try {
                    data.read(first << Bitmap.BLOCK_SHIFT, buf);
                } catch (IOException e) {
                    ioError("read", e);
                    l.close("resync source cannot read its disk", true);
                    return;
                }
                buf.flip();
                dr.addAndGet(buf.remaining());
                ns.addAndGet(buf.remaining());
                l.send(new RsData(first, buf));
            }
        } finally {
            writeOrder.unlock();
        }
        if (finished) {
            finishSyncSource(l);
            return;
        }
        nextTick(l, ConnectionState.SYNC_SOURCE, () -> resyncTick(l));
    }

    /** Schedules the next resync or verify tick when the rate limit allows, if {@code l} is still in that state. */
    private synchronized void nextTick(PeerLink l, ConnectionState state, Runnable tick) {
        if (link == l && cs == state) {
            syncTask = scheduler.schedule(Math.max(TICK_NANOS, limiter.nanosUntil(Bitmap.BLOCK_BYTES)), tick);
        }
    }

    private void onRsData(PeerLink l, RsData d) {
        int blocks = d.data().remaining() / Bitmap.BLOCK_BYTES;
        nr.addAndGet(d.data().remaining());
        boolean ok = false;
        if (diskUsable()) {
            try {
                data.write(d.firstBlock() << Bitmap.BLOCK_SHIFT, d.data());
                dw.addAndGet((long) blocks * Bitmap.BLOCK_BYTES);
                bitmap.clear(d.firstBlock(), d.firstBlock() + blocks);
                ok = true;
            } catch (IOException e) {
                ioError("write", e);
            }
        }
        synchronized (this) {
            syncBlocksDone += blocks;
            if (progress != null) {
                progress.sample(scheduler.nanoTime(), bitmap.weight());
            }
        }
        l.send(new RsAck(d.firstBlock(), blocks, ok));
    }

    private void onRsAck(RsAck a) {
        boolean wake;
        synchronized (this) {
            if (syncInflight.remove(a.firstBlock()) == null) {
                return;
            }
            if (a.ok()) {
                bitmap.clear(a.firstBlock(), a.firstBlock() + a.blocks());
                syncBlocksDone += a.blocks();
            }
            wake = syncInflight.size() == MAX_INFLIGHT_BATCHES - 1 || syncInflight.isEmpty();
        }
        if (wake) {
            PeerLink l;
            synchronized (this) {
                l = link;
            }
            if (l != null) {
                scheduler.execute(() -> resyncTick(l));
            }
        }
    }

    private void finishSyncSource(PeerLink l) {
        GenerationIds ids;
        long blocks;
        long millis;
        synchronized (this) {
            if (link != l || cs != ConnectionState.SYNC_SOURCE) {
                return;
            }
            GenerationIds old = meta.ids();
            ids = old.bitmap() == 0 ? old : new GenerationIds(old.current(), 0, old.bitmap() & ~1L, old.history0());
            try {
                meta.writeBitmapPages(bitmap, 0, bitmap.pages() - 1);
                meta.update(ids, 0, 0);
            } catch (IOException e) {
                LOG.error("{}: cannot write metadata after resync: {}", cfg.name(), e.getMessage());
            }
            cs = ConnectionState.CONNECTED;
            peerDisk = DiskState.UP_TO_DATE;
            blocks = syncBlocksDone;
            millis = TimeUnit.NANOSECONDS.toMillis(scheduler.nanoTime() - syncStartNanos);
            progress = null;
            l.send(new SyncDone(ids.current(), ids.bitmap(), ids.history0(), ids.history1()));
            published();
        }
        LOG.info("{}: resync done as SyncSource, {} blocks in {} ms", cfg.name(), blocks, millis);
        emit(new VolumeEvent.ResyncFinished(cfg.name(), true, blocks, millis));
    }

    private void onSyncDone(SyncDone s) {
        long blocks;
        long millis;
        synchronized (this) {
            if (cs != ConnectionState.SYNC_TARGET) {
                return;
            }
            GenerationIds ids = new GenerationIds(s.current() & ~1L | (role == Role.PRIMARY ? 1 : 0), s.bitmap(),
                    s.history0(), s.history1());
            bitmap.clear(0, bitmap.bits());
            try {
                meta.writeBitmapPages(bitmap, 0, bitmap.pages() - 1);
                meta.update(ids, Metadata.FLAG_CONSISTENT, Metadata.FLAG_OUTDATED);
            } catch (IOException e) {
                LOG.error("{}: cannot write metadata after resync: {}", cfg.name(), e.getMessage());
            }
            disk = DiskState.UP_TO_DATE;
            cs = ConnectionState.CONNECTED;
            blocks = syncBlocksDone;
            millis = TimeUnit.NANOSECONDS.toMillis(scheduler.nanoTime() - syncStartNanos);
            progress = null;
            published();
        }
        LOG.info("{}: resync done as SyncTarget, {} blocks in {} ms", cfg.name(), blocks, millis);
        emit(new VolumeEvent.ResyncFinished(cfg.name(), false, blocks, millis));
    }

    private void stopSyncLocked() {
        if (syncTask != null) {
            syncTask.cancel();
            syncTask = null;
        }
        syncInflight.clear();
        progress = null;
        verifying = false;
        verifyInflight = 0;
    }

    // ------------------------------------------------------------------------------------------ verify

    @Override
    public void verify() {
        PeerLink l;
        synchronized (this) {
            checkOpen();
            if (link == null || cs != ConnectionState.CONNECTED || disk != DiskState.UP_TO_DATE
                    || peerDisk != DiskState.UP_TO_DATE) {
                throw new StateChangeException("State change failed: (-15) Need a connection with both disks UpToDate"
                        + " to start online verify (" + cs + " " + disk + "/" + peerDisk + ")");
            }
            l = link;
            cs = ConnectionState.VERIFY_S;
            verifying = true;
            verifyCursor = 0;
            verifyChecked = 0;
            verifyOos = 0;
            verifyInflight = 0;
            verifyFound.clear();
            long now = scheduler.nanoTime();
            progress = new Progress(bitmap.bits(), now, true);
            syncStartNanos = now;
            limiter = new RateLimiter(cfg.resyncRateBytesPerSecond(), now);
            published();
        }
        scheduler.execute(() -> verifyTick(l));
    }

    private static long digest(ByteBuffer block) {
        CRC32C a = new CRC32C();
        a.update(block.duplicate());
        java.util.zip.Adler32 b = new java.util.zip.Adler32();
        b.update(block.duplicate());
        return (a.getValue() << 32) | b.getValue();
    }

    private void verifyTick(PeerLink l) {
        long now = scheduler.nanoTime();
        boolean done = false;
        writeOrder.lock();
        try {
            while (true) {
                long first;
                int count;
                synchronized (this) {
                    if (link != l || cs != ConnectionState.VERIFY_S || !verifying) {
                        return;
                    }
                    progress.sample(now, bitmap.bits() - verifyCursor);
                    if (verifyCursor >= bitmap.bits()) {
                        done = verifyInflight == 0;
                        break;
                    }
                    if (verifyInflight >= MAX_INFLIGHT_BATCHES || limiter.available(now) < Bitmap.BLOCK_BYTES) {
                        break;
                    }
                    first = verifyCursor;
                    count = (int) Math.min(RESYNC_BATCH_BLOCKS, bitmap.bits() - first);
                    verifyCursor += count;
                    verifyInflight++;
                    limiter.take((long) count * Bitmap.BLOCK_BYTES);
                }
                ByteBuffer buf = ByteBuffer.allocate(count * Bitmap.BLOCK_BYTES);
                try {
                    data.read(first << Bitmap.BLOCK_SHIFT, buf);
                } catch (IOException e) {
                    ioError("read", e);
                    l.close("verify source cannot read its disk", true);
                    return;
                }
                dr.addAndGet(buf.capacity());
                long[] digests = new long[count];
                for (int i = 0; i < count; i++) {
                    digests[i] = digest(buf.duplicate().position(i * Bitmap.BLOCK_BYTES)
                            .limit((i + 1) * Bitmap.BLOCK_BYTES).slice());
                }
                l.send(new VerifyRequest(first, digests));
            }
        } finally {
            writeOrder.unlock();
        }
        if (done) {
            finishVerify(l);
            return;
        }
        nextTick(l, ConnectionState.VERIFY_S, () -> verifyTick(l));
    }

    private void onVerifyRequest(PeerLink l, VerifyRequest v) {
        int count = v.digests().length;
        synchronized (this) {
            if (cs == ConnectionState.CONNECTED) {
                cs = ConnectionState.VERIFY_T;
                verifyChecked = 0;
                verifyOos = 0;
                verifyFound.clear();
                progress = new Progress(bitmap.bits(), scheduler.nanoTime(), true);
                syncStartNanos = scheduler.nanoTime();
                published();
            }
        }
        ByteBuffer buf = ByteBuffer.allocate(count * Bitmap.BLOCK_BYTES);
        List<Long> bad = new ArrayList<>();
        try {
            data.read(v.firstBlock() << Bitmap.BLOCK_SHIFT, buf);
            dr.addAndGet(buf.capacity());
            for (int i = 0; i < count; i++) {
                long d = digest(buf.duplicate().position(i * Bitmap.BLOCK_BYTES).limit((i + 1) * Bitmap.BLOCK_BYTES)
                        .slice());
                if (d != v.digests()[i]) {
                    bad.add(v.firstBlock() + i);
                }
            }
        } catch (IOException e) {
            ioError("read", e);
            for (int i = 0; i < count; i++) {
                bad.add(v.firstBlock() + i);
            }
        }
        synchronized (this) {
            markVerified(count, bad);
            if (progress != null) {
                progress.sample(scheduler.nanoTime(), bitmap.bits() - (v.firstBlock() + count));
            }
        }
        l.send(new VerifyReply(v.firstBlock(), count, bad.stream().mapToLong(Long::longValue).toArray()));
    }

    private void markVerified(int count, List<Long> bad) {
        verifyChecked += count;
        for (long b : bad) {
            bitmap.set(b, b + 1);
            verifyOos++;
            if (verifyFound.size() < 1000) {
                verifyFound.add(b);
            }
        }
    }

    private void onVerifyReply(VerifyReply v) {
        PeerLink l;
        synchronized (this) {
            if (!verifying) {
                return;
            }
            verifyInflight--;
            List<Long> bad = new ArrayList<>();
            for (long b : v.mismatched()) {
                bad.add(b);
            }
            markVerified(v.blocks(), bad);
            l = link;
        }
        if (l != null) {
            scheduler.execute(() -> verifyTick(l));
        }
    }

    private void finishVerify(PeerLink l) {
        VolumeEvent.VerifyFinished event;
        synchronized (this) {
            if (link != l || cs != ConnectionState.VERIFY_S) {
                return;
            }
            verifying = false;
            cs = ConnectionState.CONNECTED;
            progress = null;
            event = new VolumeEvent.VerifyFinished(cfg.name(), verifyChecked, verifyOos, verifyFound);
            l.send(new VerifyDone(verifyChecked, verifyOos));
            published();
        }
        persistBitmapQuietly();
        report(event);
    }

    private void onVerifyDone(VerifyDone v) {
        VolumeEvent.VerifyFinished event;
        synchronized (this) {
            if (cs != ConnectionState.VERIFY_T) {
                return;
            }
            cs = ConnectionState.CONNECTED;
            progress = null;
            event = new VolumeEvent.VerifyFinished(cfg.name(), verifyChecked, verifyOos, verifyFound);
            published();
        }
        persistBitmapQuietly();
        report(event);
    }

    private void report(VolumeEvent.VerifyFinished event) {
        if (event.outOfSyncBlocks() > 0) {
            LOG.warn("{}: Online verify found {} 4k block out of sync!", cfg.name(), event.outOfSyncBlocks());
        } else {
            LOG.info("{}: Online verify done, no differences", cfg.name());
        }
        emit(event);
    }

    private void persistBitmapQuietly() {
        try {
            meta.writeBitmapAll(bitmap);
        } catch (IOException e) {
            LOG.error("{}: cannot write bitmap: {}", cfg.name(), e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------ status

    @Override
    public synchronized VolumeStatus status() {
        long pe = pending.size() + syncInflight.size() + verifyInflight;
        Counters c = new Counters(ns.get() >> 10, nr.get() >> 10, dw.get() >> 10, dr.get() >> 10, meta.alWrites(),
                meta.bitmapPagesWritten(), lo.get(), pe, ua.get(), ap.get(), 1, 'f', bitmap.weight() * 4);
        Optional<SyncProgress> p = Optional.empty();
        if (progress != null) {
            long left = verifying || cs == ConnectionState.VERIFY_T
                    ? progress.totalBlocks() - Math.min(progress.totalBlocks(), verifyChecked) : bitmap.weight();
            p = Optional.of(progress.snapshot(scheduler.nanoTime(), Math.min(left, progress.totalBlocks())));
        }
        return new VolumeStatus(cfg.minor(), cfg.name(), cs, role, peerRole, disk, peerDisk, cfg.protocol(), c,
                meta.ids(), p, false, lastProblem);
    }

    /** Blocks currently marked out of sync. */
    public long outOfSyncBlocks() {
        return bitmap.weight();
    }

    private Object stateKey() {
        return List.of(cs, role, peerRole, disk, peerDisk);
    }

    /** Tells listeners if the visible state changed; called with the monitor held, delivers later. */
    private void published() {
        Object key = stateKey();
        if (key.equals(lastPublished)) {
            return;
        }
        lastPublished = key;
        VolumeStatus before = lastPublishedStatus;
        VolumeStatus after = status();
        lastPublishedStatus = after;
        emit(new VolumeEvent.StateChanged(cfg.name(), before, after));
    }

    private void emit(VolumeEvent e) {
        if (listeners.isEmpty()) {
            return;
        }
        scheduler.execute(() -> {
            for (VolumeListener l : listeners) {
                try {
                    l.onEvent(e);
                } catch (RuntimeException ex) {
                    LOG.warn("{}: listener failed on {}", cfg.name(), e, ex);
                }
            }
        });
    }

    @Override
    public AutoCloseable addListener(VolumeListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    // ------------------------------------------------------------------------------------------ down

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        disconnect();
        synchronized (this) {
            closed = true;
            try {
                if (disk.hasDisk()) {
                    GenerationIds ids = meta.ids();
                    meta.writeBitmapPages(bitmap, 0, bitmap.pages() - 1);
                    al.clear();
                    meta.update(withCurrent(ids, ids.current() & ~1L), Metadata.FLAG_CLEAN, Metadata.FLAG_PRIMARY);
                }
            } catch (IOException e) {
                LOG.error("{}: clean shutdown could not write metadata: {}", cfg.name(), e.getMessage());
            }
            role = Role.SECONDARY;
            cs = ConnectionState.STAND_ALONE;
            closeStores();
        }
    }

    /** For tests: drops everything like a killed process would, without writing any metadata. */
    void crash() {
        PeerLink l;
        ServerSocketChannel server;
        synchronized (this) {
            closed = true;
            wantConnection = false;
            l = link;
            server = listener;
            listener = null;
        }
        closeServer(server);
        if (l != null) {
            l.close("crash", false);
        }
        synchronized (this) {
            link = null;
            pending.values().forEach(r -> r.done.completeExceptionally(new IOException("crashed")));
            closeStores();
        }
    }

    private void closeStores() {
        try {
            data.close();
            if (metaStore != data) {
                metaStore.close();
            }
        } catch (IOException e) {
            LOG.warn("{}: closing backing store: {}", cfg.name(), e.getMessage());
        }
    }
}
