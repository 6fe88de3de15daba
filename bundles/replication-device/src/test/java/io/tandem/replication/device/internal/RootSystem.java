package io.tandem.replication.device.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** Preconditions of the real-device tests: root, /dev/fuse, the tools, libfuse 2. */
final class RootSystem {
    private RootSystem() {
    }

    static void assumeUsable() {
        assumeTrue(isRoot(), "needs root (loop devices, mounts), skipped");
        assumeTrue(Files.exists(Path.of("/dev/fuse")), "no /dev/fuse in this kernel/container, skipped");
        assumeTrue(Files.exists(Path.of("/dev/loop-control")), "no /dev/loop-control, skipped");
        for (String tool : new String[] {"losetup", "fusermount", "mkfs.ext4", "mount", "umount"}) {
            assumeTrue(onPath(tool), tool + " not installed (util-linux, fuse, e2fsprogs), skipped");
        }
        String libfuse;
        try {
            new FuseFile("probe", Path.of("/nonexistent"), new FileTargetProbe());
            libfuse = null;
        } catch (Throwable e) {
            libfuse = e.toString();
        }
        assumeTrue(libfuse == null, "libfuse.so.2 cannot be loaded (install libfuse2): " + libfuse);
    }

    static boolean isRoot() {
        try {
            // /proc/self belongs to the process's effective user.
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    /** A name no other run uses at the same time (device links are global). */
    static String uniqueName(String prefix) {
        return prefix + Long.toHexString(ProcessHandle.current().pid()) + "x"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20));
    }

    /** A target for loading libfuse only. */
    private static final class FileTargetProbe implements BlockTarget {
        @Override
        public long sizeBytes() {
            return 4096;
        }

        @Override
        public void read(long offset, java.nio.ByteBuffer dst) {
        }

        @Override
        public void write(long offset, java.nio.ByteBuffer src) {
        }

        @Override
        public void flush() {
        }
    }
}
