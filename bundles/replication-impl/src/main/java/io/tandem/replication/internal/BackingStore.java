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

    /** Opens backing stores by path; tests substitute fault-injecting ones. */
    @FunctionalInterface
    interface Opener {
        BackingStore open(Path path) throws IOException;
    }
}
