package io.tandem.testkit.block;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** Preconditions of the real-device tests: root, /dev/fuse, loop devices, the tools, libfuse 2. */
public final class RootSystem {
    private static final String[] TOOLS = {"losetup", "fusermount", "mkfs.ext4", "mount", "umount"};
    private static final String[] LIBRARY_DIRS = {"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
        "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib",
        "/usr/local/lib"};

    private RootSystem() {
    }

    /** Skips the calling test (JUnit assumption) with the reason when this machine cannot run real-device tests. */
    public static void assumeUsable() {
        String why = whyNotUsable();
        assumeTrue(why == null, why);
    }

    /** Why this machine cannot run real-device tests, or null if it can. */
    public static String whyNotUsable() {
        if (!isRoot()) {
            return "needs root (loop devices, mounts), skipped";
        }
        if (!Files.exists(Path.of("/dev/fuse"))) {
            return "no /dev/fuse in this kernel/container, skipped";
        }
        if (!Files.exists(Path.of("/dev/loop-control"))) {
            return "no /dev/loop-control, skipped";
        }
        for (String tool : TOOLS) {
            if (!onPath(tool)) {
                return tool + " not installed (util-linux, fuse, e2fsprogs), skipped";
            }
        }
        if (!hasLibrary("libfuse.so.2")) {
            return "libfuse.so.2 not found (install libfuse2), skipped";
        }
        return null;
    }

    public static boolean isRoot() {
        try {
            // /proc/self belongs to the process's effective user.
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    public static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    static boolean hasLibrary(String soname) {
        for (String dir : LIBRARY_DIRS) {
            if (Files.exists(Path.of(dir, soname))) {
                return true;
            }
        }
        return false;
    }

    /** A name no other run uses at the same time (device links and loop files are global). */
    public static String uniqueName(String prefix) {
        return prefix + Long.toHexString(ProcessHandle.current().pid()) + "x"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20));
    }
}
