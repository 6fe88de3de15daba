package io.tandem.replication.device.internal;

import com.kenai.jffi.MemoryIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.serce.jnrfuse.ErrorCodes;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;

/**
 * A FUSE file system (libfuse 2 through jnr-fuse) with a single regular file that serves the bytes of a
 * {@link BlockTarget}. A loop device on that file is the block device; the loop driver turns a block-layer flush
 * into {@code fsync} on the file, which becomes {@link BlockTarget#flush()}.
 *
 * <p>{@code fuse_main} runs in a thread of its own, multithreaded, in the foreground, and returns when the file
 * system is unmounted: {@link #ended()} completes then, and only then is nothing able to reach the target any more.
 * jnr-fuse's {@code mount()} is not used: it registers a JVM shutdown hook per mount (which would keep every
 * detached volume reachable) and unmounts lazily.
 */
final class FuseFile extends FuseStubFS {
    /** libfuse 2 caps a write request at 128 KiB. */
    static final int MAX_WRITE_BYTES = 128 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(FuseFile.class);

    private final String name;
    private final Path mountDir;
    private final long sizeBytes;
    private volatile BlockTarget target;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<Integer> ended = new CompletableFuture<>();
    private final AtomicLong ioErrors = new AtomicLong();

    /**
     * @param name the file's name (and the file system's name in the mount table, {@code tandem:NAME})
     * @param mountDir an empty directory to mount on
     */
    FuseFile(String name, Path mountDir, BlockTarget target) {
        this.name = name;
        this.mountDir = mountDir.toAbsolutePath().normalize();
        this.target = target;
        this.sizeBytes = target.sizeBytes();
    }

    /** The served file: {@code mountDir/name}. */
    Path file() {
        return mountDir.resolve(name);
    }

    Path mountDir() {
        return mountDir;
    }

    /** Completes with fuse_main's return code when the file system is gone (unmounted, or failed to mount). */
    CompletableFuture<Integer> ended() {
        return ended;
    }

    long ioErrors() {
        return ioErrors.get();
    }

    /**
     * Mounts and returns once the kernel has completed the FUSE handshake.
     *
     * @param fuseDirectIo mount with {@code direct_io}: requests bypass the page cache of the FUSE file
     */
    void start(boolean fuseDirectIo, long timeoutMillis) throws IOException {
        List<String> opts = new ArrayList<>(List.of("fsname=tandem:" + name, "subtype=tandem", "big_writes",
                "max_write=" + MAX_WRITE_BYTES, "max_read=" + MAX_WRITE_BYTES));
        if (fuseDirectIo) {
            opts.add("direct_io");
        }
        String[] args = {"tandem", "-f", mountDir.toString(), "-o", String.join(",", opts)};
        Thread t = new Thread(() -> {
            int rc = -1;
            try {
                rc = libFuse.fuse_main_real(args.length, args, fuseOperations, Struct.size(fuseOperations), null);
            } catch (Throwable e) {
                LOG.error("{}: FUSE session failed", name, e);
            } finally {
                target = null;
                ready.completeExceptionally(new IOException(name + ": fuse_main returned " + rc + " before mounting "
                        + mountDir));
                ended.complete(rc);
                LOG.info("{}: FUSE file system on {} ended (fuse_main returned {})", name, mountDir, rc);
            }
        }, "tandem-fuse-" + name);
        t.setDaemon(true);
        t.start();
        try {
            ready.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(name + ": FUSE mount on " + mountDir + " not ready within " + timeoutMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(name + ": interrupted while mounting " + mountDir, e);
        }
    }

    @Override
    public Pointer init(Pointer conn) {
        ready.complete(null);
        return null;
    }

    @Override
    public int getattr(String path, FileStat stat) {
        if (path.equals("/")) {
            stat.st_mode.set(FileStat.S_IFDIR | 0755);
            stat.st_nlink.set(2);
            return 0;
        }
        if (isFile(path)) {
            stat.st_mode.set(FileStat.S_IFREG | 0600);
            stat.st_nlink.set(1);
            stat.st_size.set(sizeBytes);
            stat.st_blksize.set(4096);
            stat.st_blocks.set(sizeBytes / 512);
            return 0;
        }
        return -ErrorCodes.ENOENT();
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filler, long offset, FuseFileInfo fi) {
        if (!path.equals("/")) {
            return -ErrorCodes.ENOTDIR();
        }
        filler.apply(buf, ".", null, 0);
        filler.apply(buf, "..", null, 0);
        filler.apply(buf, name, null, 0);
        return 0;
    }

    @Override
    public int open(String path, FuseFileInfo fi) {
        return isFile(path) ? 0 : -ErrorCodes.ENOENT();
    }

    @Override
    public int truncate(String path, long size) {
        if (!isFile(path)) {
            return -ErrorCodes.ENOENT();
        }
        // O_TRUNC opens and size queries arrive as truncate to the current size; the size itself is fixed.
        return size == sizeBytes ? 0 : -ErrorCodes.EPERM();
    }

    @Override
    public int read(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
        BlockTarget t = target;
        if (t == null || !isFile(path)) {
            return -ErrorCodes.EIO();
        }
        int n = (int) Math.max(0, Math.min(size, sizeBytes - offset));
        if (n == 0) {
            return 0;
        }
        try {
            t.read(offset, memory(buf, n));
            return n;
        } catch (IOException | RuntimeException e) {
            return failed("read", offset, n, e);
        }
    }

    @Override
    public int write(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
        BlockTarget t = target;
        if (t == null || !isFile(path)) {
            return -ErrorCodes.EIO();
        }
        if (offset + size > sizeBytes) {
            return -ErrorCodes.ENOSPC();
        }
        try {
            t.write(offset, memory(buf, (int) size));
            return (int) size;
        } catch (IOException | RuntimeException e) {
            return failed("write", offset, (int) size, e);
        }
    }

    @Override
    public int fsync(String path, int isdatasync, FuseFileInfo fi) {
        return flushTarget("fsync");
    }

    @Override
    public int flush(String path, FuseFileInfo fi) {
        // close(2) of the file (the loop device lets go of it): make everything durable, as a last flush would.
        return flushTarget("flush");
    }

    private int flushTarget(String what) {
        BlockTarget t = target;
        if (t == null) {
            return -ErrorCodes.EIO();
        }
        try {
            t.flush();
            return 0;
        } catch (IOException | RuntimeException e) {
            return failed(what, 0, 0, e);
        }
    }

    private int failed(String what, long offset, int length, Exception e) {
        // The block layer reports the EIO to the file system above; log the first few, count all.
        if (ioErrors.incrementAndGet() <= 10) {
            LOG.warn("{}: {} of {} bytes at {} failed: {}", name, what, length, offset, e.toString());
        }
        return -ErrorCodes.EIO();
    }

    private boolean isFile(String path) {
        return path.length() == name.length() + 1 && path.startsWith("/") && path.endsWith(name);
    }

    /** The request's buffer as a ByteBuffer, without copying: FUSE hands us native memory. */
    private static ByteBuffer memory(Pointer buf, int length) {
        return MemoryIO.getInstance().newDirectByteBuffer(buf.address(), length);
    }

    @Override
    public String toString() {
        return "FUSE file " + file();
    }
}
