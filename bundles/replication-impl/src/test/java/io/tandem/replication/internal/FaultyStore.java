package io.tandem.replication.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A backing store wrapper for tests: fails reads or writes on demand (I/O errors) and can be frozen, after
 * which writes are silently dropped, like a process that died: what reached the file before stays.
 */
final class FaultyStore implements BackingStore {
    private final BackingStore inner;
    volatile boolean failWrites;
    volatile boolean failReads;
    volatile boolean frozen;
    /** Order of events for durability checks: when the last write finished and when the last force began. */
    private final java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
    volatile long lastWriteDone;
    volatile long lastForceBegun;
    final java.util.concurrent.atomic.AtomicLong forces = new java.util.concurrent.atomic.AtomicLong();

    FaultyStore(BackingStore inner) {
        this.inner = inner;
    }

    @Override
    public long size() throws IOException {
        return inner.size();
    }

    @Override
    public void read(long position, ByteBuffer dst) throws IOException {
        if (failReads) {
            throw new IOException("injected read error at " + position);
        }
        inner.read(position, dst);
    }

    @Override
    public void write(long position, ByteBuffer src) throws IOException {
        if (frozen) {
            src.position(src.limit());
            return;
        }
        if (failWrites) {
            throw new IOException("injected write error at " + position);
        }
        inner.write(position, src);
        lastWriteDone = clock.incrementAndGet();
    }

    @Override
    public void force() throws IOException {
        if (frozen) {
            return;
        }
        if (failWrites) {
            throw new IOException("injected flush error");
        }
        lastForceBegun = clock.incrementAndGet();
        forces.incrementAndGet();
        inner.force();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
