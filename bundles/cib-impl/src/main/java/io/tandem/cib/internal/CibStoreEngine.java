package io.tandem.cib.internal;

import io.tandem.cib.Cib;
import io.tandem.cib.CibDiff;
import io.tandem.cib.CibDigest;
import io.tandem.cib.CibEvent;
import io.tandem.cib.CibListener;
import io.tandem.cib.CibParseException;
import io.tandem.cib.CibPatch;
import io.tandem.cib.CibPatchException;
import io.tandem.cib.CibStore;
import io.tandem.cib.CibUpdate;
import io.tandem.cib.CibUpdateException;
import io.tandem.cib.CibValidator;
import io.tandem.common.CibVersion;
import io.tandem.common.Scheduler;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's CIB: one immutable {@link Cib} replaced under a lock on every change, persisted through
 * {@link CibFiles}.
 *
 * <p>Durability: a change of the configuration (or of admin_epoch, or a whole replacement) is written, with a new
 * backup, before it becomes current, and a failed write leaves the CIB unchanged. Status-only changes become current
 * at once and are written by one task that runs {@code statusWriteDelay} after the first unwritten change and writes
 * whatever is current then: however fast status changes come, there is at most one write per delay, and a crash
 * loses at most the status changes of the last {@code statusWriteDelay} (plus the one write in progress).
 *
 * <p>Listeners hear of changes in version order, after the change is as durable as promised, on the thread that
 * made the change; a change made while listeners run (by a listener or another thread) is delivered after.
 */
public final class CibStoreEngine implements CibStore, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CibStoreEngine.class);

    private final Scheduler scheduler;
    private final CibFiles files;
    private final long statusWriteDelayNanos;
    private final CopyOnWriteArrayList<CibListener> listeners = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();
    private Cib current; // guarded by lock
    private long sequence; // guarded by lock: counts committed changes
    private Scheduler.Cancellable pendingWrite; // guarded by lock
    private boolean closed; // guarded by lock

    private final Object writeLock = new Object();
    private long writtenSequence; // guarded by writeLock

    private final ArrayDeque<CibEvent> undelivered = new ArrayDeque<>(); // guarded by itself
    private boolean delivering; // guarded by undelivered

    /**
     * Loads the stored CIB.
     *
     * @throws CibLoadException when the directory holds a CIB but no valid one (the message names file, line and
     *         element)
     */
    public CibStoreEngine(Scheduler scheduler, CibFiles files, long statusWriteDelayMillis)
            throws CibLoadException, IOException {
        if (statusWriteDelayMillis < 0) {
            throw new IllegalArgumentException("statusWriteDelayMillis must not be negative: " + statusWriteDelayMillis);
        }
        this.scheduler = scheduler;
        this.files = files;
        this.statusWriteDelayNanos = TimeUnit.MILLISECONDS.toNanos(statusWriteDelayMillis);
        CibFiles.Loaded loaded = files.load();
        this.current = loaded.cib();
        LOG.info("CIB {} loaded from {}", current.version(), loaded.from() == null ? "nowhere (new node)" : loaded.from());
    }

    @Override
    public Cib current() {
        synchronized (lock) {
            return current;
        }
    }

    @Override
    public CibEvent apply(CibUpdate update) throws CibUpdateException {
        CibEvent event;
        synchronized (lock) {
            checkOpen();
            Cib old = current;
            Cib edited;
            try {
                edited = update.edit().applyTo(old);
            } catch (Exception e) {
                throw new CibUpdateException(CibUpdateException.Reason.REJECTED, "'" + update.description() + "' was refused: "
                        + e.getMessage(), e);
            }
            if (edited == null) {
                throw new CibUpdateException(CibUpdateException.Reason.REJECTED, "'" + update.description()
                        + "' returned no CIB", null);
            }
            Cib candidate = edited.withVersion(old.version());
            boolean configuration = !sameContent(old.configuration(), candidate.configuration());
            if (!update.administrative() && sameContent(old, candidate)) {
                return unchanged(old, CibEvent.Origin.LOCAL);
            }
            CibVersion v = old.version();
            CibVersion next = update.administrative() ? new CibVersion(v.adminEpoch() + 1, v.epoch(), 0)
                    : configuration ? v.nextEpoch() : v.nextUpdate();
            Cib result = candidate.withVersion(next);
            try {
                if (configuration || update.administrative()) {
                    CibValidator.validate(result, update.description());
                } else {
                    CibValidator.validateStatus(result, update.description());
                }
            } catch (CibParseException e) {
                throw new CibUpdateException(CibUpdateException.Reason.INVALID, "'" + update.description()
                        + "' would make the CIB invalid: " + e.getMessage(), e);
            }
            event = new CibEvent(old, result, CibDiff.diff(old, result), CibEvent.Origin.LOCAL);
            try {
                commit(event, configuration || update.administrative(), configuration || update.administrative());
            } catch (IOException e) {
                throw new CibUpdateException(CibUpdateException.Reason.NOT_PERSISTED, "'" + update.description()
                        + "' could not be written to " + files.cibFile() + ": " + e.getMessage(), e);
            }
        }
        deliver();
        return event;
    }

    @Override
    public CibEvent receive(CibPatch patch) throws CibPatchException, IOException {
        CibEvent event;
        synchronized (lock) {
            checkOpen();
            Cib old = current;
            // The digest check makes this copy identical to the DC's, which the DC validated.
            Cib result = patch.apply(old);
            if (result.version().equals(old.version()) && sameContent(old, result)) {
                return unchanged(old, CibEvent.Origin.RECEIVED);
            }
            boolean configuration = !sameContent(old.configuration(), result.configuration());
            boolean administrative = result.version().adminEpoch() != old.version().adminEpoch();
            event = new CibEvent(old, result, patch, CibEvent.Origin.RECEIVED);
            commit(event, configuration || administrative, configuration);
        }
        deliver();
        return event;
    }

    @Override
    public CibEvent replace(Cib cib, boolean force) throws CibParseException, IOException {
        CibValidator.validate(cib, "the replacement CIB " + cib.version());
        CibEvent event;
        synchronized (lock) {
            checkOpen();
            Cib old = current;
            if (!force && cib.version().compareTo(old.version()) < 0) {
                LOG.info("Not replacing CIB {} with the older {}", old.version(), cib.version());
                return unchanged(old, CibEvent.Origin.REPLACED);
            }
            if (sameContent(old, cib)) {
                return unchanged(old, CibEvent.Origin.REPLACED);
            }
            boolean configuration = !sameContent(old.configuration(), cib.configuration());
            event = new CibEvent(old, cib, CibDiff.diff(old, cib), CibEvent.Origin.REPLACED);
            commit(event, true, configuration);
        }
        deliver();
        return event;
    }

    @Override
    public AutoCloseable addListener(CibListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Writes whatever is not yet on disk and stops the delayed status write. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (pendingWrite != null) {
                pendingWrite.cancel();
                pendingWrite = null;
            }
        }
        writeStatus();
    }

    /** Whether everything current is on disk (for tests and the shutdown log). */
    boolean isWritten() {
        long committed;
        synchronized (lock) {
            committed = sequence;
        }
        synchronized (writeLock) {
            return writtenSequence >= committed;
        }
    }

    // ---- under lock

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the CIB store is closed");
        }
    }

    private CibEvent unchanged(Cib cib, CibEvent.Origin origin) {
        return new CibEvent(cib, cib, new CibPatch(cib.version(), cib.version(), CibDigest.of(cib), List.of()), origin);
    }

    /** Makes the event's CIB current: written first when {@code writeNow}, else by the delayed status write. */
    private void commit(CibEvent event, boolean writeNow, boolean backup) throws IOException {
        long next = sequence + 1;
        if (writeNow) {
            synchronized (writeLock) {
                files.write(event.current(), backup);
                writtenSequence = next;
            }
            if (pendingWrite != null) {
                // The write just made carries every earlier status change too.
                pendingWrite.cancel();
                pendingWrite = null;
            }
        }
        current = event.current();
        sequence = next;
        if (!writeNow && pendingWrite == null) {
            pendingWrite = scheduler.schedule(statusWriteDelayNanos, this::writeStatus);
        }
        synchronized (undelivered) {
            undelivered.add(event);
        }
    }

    // ---- without lock

    private void writeStatus() {
        Cib snapshot;
        long snapshotSequence;
        synchronized (lock) {
            pendingWrite = null;
            snapshot = current;
            snapshotSequence = sequence;
        }
        IOException failure = null;
        synchronized (writeLock) {
            if (snapshotSequence <= writtenSequence) {
                return;
            }
            try {
                files.write(snapshot, false);
                writtenSequence = snapshotSequence;
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            LOG.error("Cannot write the CIB status to {}; retrying", files.cibFile(), failure);
            synchronized (lock) {
                if (!closed && pendingWrite == null) {
                    pendingWrite = scheduler.schedule(Math.max(statusWriteDelayNanos, TimeUnit.SECONDS.toNanos(1)),
                            this::writeStatus);
                }
            }
        }
    }

    private void deliver() {
        while (true) {
            CibEvent event;
            synchronized (undelivered) {
                if (delivering || undelivered.isEmpty()) {
                    return;
                }
                event = undelivered.poll();
                delivering = true;
            }
            try {
                for (CibListener l : listeners) {
                    try {
                        l.cibChanged(event);
                    } catch (RuntimeException e) {
                        LOG.error("A CIB listener failed on the change to {}", event.current().version(), e);
                    }
                }
            } finally {
                synchronized (undelivered) {
                    delivering = false;
                }
            }
        }
    }

    private static boolean sameContent(Cib a, Cib b) {
        return a == b || CibDigest.of(a).equals(CibDigest.of(b));
    }

    private static boolean sameContent(io.tandem.cib.CibElement a, io.tandem.cib.CibElement b) {
        return a == b || CibDigest.of(a).equals(CibDigest.of(b));
    }
}
