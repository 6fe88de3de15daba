package io.tandem.replication.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A backing store on a file or block device through a {@link FileChannel} (positional, thread-safe I/O). */
final class FileBackingStore implements BackingStore {
    private final Path path;
    private final FileChannel channel;
    /**
     * The same file opened O_DSYNC: a write through it returns once its own range is on stable storage (the kernel
     * syncs that range and flushes the disk's cache), so an activity-log record does not wait for the megabytes of
     * data written before it, as a whole-file fdatasync would.
     */
    private final FileChannel dsync;

    FileBackingStore(Path path) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileChannel d;
        try {
            d = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.DSYNC);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        this.dsync = d;
    }

    static BackingStore open(Path path) throws IOException {
        return new FileBackingStore(path);
    }

    @Override
    public long size() throws IOException {
        long size = channel.size();
        if (size == 0 && !path.toString().startsWith("/dev/")) {
            return 0;
        }
        if (size == 0) {
            // Block devices report 0 through size(); their end is found by seeking.
            try (var raf = new java.io.RandomAccessFile(path.toFile(), "r")) {
                return raf.length();
            }
        }
        return size;
    }

    @Override
    public void read(long position, ByteBuffer dst) throws IOException {
        long p = position;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, p);
            if (n < 0) {
                throw new EOFException(path + ": read past end at " + p);
            }
            p += n;
        }
    }

    @Override
    public void write(long position, ByteBuffer src) throws IOException {
        long p = position;
        while (src.hasRemaining()) {
            p += channel.write(src, p);
        }
    }

    @Override
    public void force() throws IOException {
        channel.force(false);
    }

    @Override
    public void writeDurably(long position, ByteBuffer src) throws IOException {
        long p = position;
        while (src.hasRemaining()) {
            p += dsync.write(src, p);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            dsync.close();
        } finally {
            channel.close();
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
