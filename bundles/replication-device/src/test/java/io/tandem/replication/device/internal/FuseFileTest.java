package io.tandem.replication.device.internal;

import io.tandem.testkit.block.RootSystem;
import io.tandem.testkit.block.Cleanup;
import io.tandem.testkit.block.Wait;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The FUSE file under a loop device, serving a plain local file (root only). */
@Timeout(120)
class FuseFileTest {
    @TempDir
    Path dir;

    @BeforeEach
    void rootOnly() {
        RootSystem.assumeUsable();
    }

    /** Counts flushes so the test can see a block-device flush arrive as fsync. */
    private static final class CountingTarget implements BlockTarget {
        final FileTarget file;
        final AtomicInteger flushes = new AtomicInteger();

        CountingTarget(FileTarget file) {
            this.file = file;
        }

        @Override
        public long sizeBytes() {
            return file.sizeBytes();
        }

        @Override
        public void read(long offset, ByteBuffer dst) throws IOException {
            file.read(offset, dst);
        }

        @Override
        public void write(long offset, ByteBuffer src) throws IOException {
            file.write(offset, src);
        }

        @Override
        public void flush() throws IOException {
            flushes.incrementAndGet();
            file.flush();
        }
    }

    @Test
    void aLoopDeviceOnTheFuseFileReadsWritesAndFlushesTheTarget() throws Exception {
        Path image = dir.resolve("image");
        byte[] original = new byte[16 << 20];
        new Random(1).nextBytes(original);
        Files.write(image, original);
        String name = RootSystem.uniqueName("fusetest");
        Commands commands = new Commands(10_000);
        Loops loops = new Loops(commands, Path.of("/sys/block"));
        try (FileTarget file = new FileTarget(image); Cleanup cleanup = new Cleanup()) {
            CountingTarget target = new CountingTarget(file);
            Path mountDir = Files.createDirectories(dir.resolve("mnt"));
            FuseFile fuse = new FuseFile(name, mountDir, target);
            cleanup.addCommand("fusermount", "-u", "-z", mountDir.toString());
            fuse.start(false, 10_000);
            assertEquals(original.length, Files.size(fuse.file()));
            assertTrue(Mounts.self().isMountPoint(mountDir), "mounted");

            Path loop = loops.attach(fuse.file(), true);
            cleanup.addLoop(loop, fuse.file());
            assertEquals(fuse.file(), loops.backingFile(loop).orElseThrow());

            byte[] head = new byte[1 << 20];
            try (FileChannel dev = FileChannel.open(loop, StandardOpenOption.READ)) {
                dev.read(ByteBuffer.wrap(head), 0);
            }
            assertArrayEquals(java.util.Arrays.copyOf(original, head.length), head, "read through the device");

            byte[] block = new byte[4096];
            new Random(2).nextBytes(block);
            int before = target.flushes.get();
            try (FileChannel dev = FileChannel.open(loop, StandardOpenOption.WRITE, StandardOpenOption.DSYNC)) {
                dev.write(ByteBuffer.wrap(block), 5L << 20);
            }
            assertTrue(target.flushes.get() > before, "an O_DSYNC write on the device reached flush()");
            byte[] onDisk = new byte[4096];
            try (RandomAccessFile raf = new RandomAccessFile(image.toFile(), "r")) {
                raf.seek(5L << 20);
                raf.readFully(onDisk);
            }
            assertArrayEquals(block, onDisk, "the write reached the target file");

            assertTrue(loops.detach(loop).ok());
            Wait.until("loop released", 10_000, () -> loops.backingFile(loop).isEmpty());
            assertEquals(0, Cleanup.run("fusermount", "-u", mountDir.toString()));
            assertEquals(0, (int) fuse.ended().get(10, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(0, fuse.ioErrors());
        }
    }
}
