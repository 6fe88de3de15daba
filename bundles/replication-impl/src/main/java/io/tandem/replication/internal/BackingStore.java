package io.tandem.replication.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A backing file or block device, by absolute byte position. The seam where tests inject I/O errors and
 * simulate a crash.
 */
interface BackingStore extends Closeable {
    long size() throws IOException;

    /** Fills {@code dst} completely from {@code position}. */
    void read(long position, ByteBuffer dst) throws IOException;

    /** Writes {@code src} completely at {@code position}. */
    void write(long position, ByteBuffer src) throws IOException;

    /** Makes everything written so far durable. */
    void force() throws IOException;

    /**
     * Writes {@code src} completely at {@code position} and makes just these bytes durable before returning (not
     * the rest of the store's unforced writes, unlike {@link #force()}): for a small metadata record that must be on
     * disk before the next data write, without waiting for the data written before it.
     */
    default void writeDurably(long position, ByteBuffer src) throws IOException {
        write(position, src);
        force();
    }

    /** Opens backing stores by path; tests substitute fault-injecting ones. */
    @FunctionalInterface
    interface Opener {
        BackingStore open(Path path) throws IOException;
    }
}
