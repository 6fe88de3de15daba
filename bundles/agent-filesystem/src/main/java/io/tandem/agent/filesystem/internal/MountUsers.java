package io.tandem.agent.filesystem.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which processes use a mounted filesystem, found by walking /proc (what fuser -m and the agent's "safe" find
 * do, without either program). Two modes, as force_unmount has them:
 * <ul>
 * <li>by device: every fd, cwd, root and exe link whose target lives on the filesystem's device (stat through the
 * link, so deleted-but-open files count), and every memory mapping of that device;</li>
 * <li>by path ("safe"): links and mappings whose path is the mount point or below it, without a single stat, so a
 * dead network filesystem cannot hang the search.</li>
 * </ul>
 */
final class MountUsers {
    private final Path proc;

    MountUsers(Path proc) {
        this.proc = proc;
    }

    /** Processes using anything on device {@code dev} (st_dev of the mount point). */
    Set<Long> byDevice(long dev) {
        String mapsDevice = String.format("%02x:%02x", major(dev), minor(dev));
        Set<Long> pids = new TreeSet<>();
        for (long pid : pids()) {
            Path base = proc.resolve(Long.toString(pid));
            boolean uses = false;
            for (Path link : links(base)) {
                try {
                    Object d = Files.getAttribute(link, "unix:dev"); // follows the magic link to the open file
                    if (d instanceof Long l && l == dev) {
                        uses = true;
                        break;
                    }
                } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                    // the process or fd went away, or is a socket/pipe: not a user of the filesystem
                }
            }
            if (uses || maps(base).stream().anyMatch(m -> mapsDevice.equals(m.device()) && !"00:00".equals(m.device()))) {
                pids.add(pid);
            }
        }
        pids.remove(ProcessHandle.current().pid());
        return pids;
    }

    /** Processes with a link or mapping whose path is {@code dir} or below it. */
    Set<Long> byPath(Path dir) {
        String prefix = dir.toString().endsWith("/") ? dir.toString() : dir + "/";
        Set<Long> pids = new TreeSet<>();
        for (long pid : pids()) {
            Path base = proc.resolve(Long.toString(pid));
            boolean uses = false;
            for (Path link : links(base)) {
                try {
                    String target = Files.readSymbolicLink(link).toString();
                    if (target.equals(dir.toString()) || target.startsWith(prefix)) {
                        uses = true;
                        break;
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // gone meanwhile
                }
            }
            if (uses || maps(base).stream().anyMatch(m -> m.path().startsWith(prefix))) {
                pids.add(pid);
            }
        }
        pids.remove(ProcessHandle.current().pid());
        return pids;
    }

    record Mapping(String device, String path) {}

    /** /proc/PID/maps lines: "address perms offset dev inode path". */
    static List<Mapping> parseMaps(List<String> lines) {
        List<Mapping> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+", 6);
            if (f.length >= 5) {
                out.add(new Mapping(f[3], f.length == 6 ? f[5] : ""));
            }
        }
        return out;
    }

    private List<Mapping> maps(Path base) {
        try {
            return parseMaps(Files.readAllLines(base.resolve("maps")));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private List<Path> links(Path base) {
        List<Path> links = new ArrayList<>(List.of(base.resolve("cwd"), base.resolve("root"), base.resolve("exe")));
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(base.resolve("fd"))) {
            fds.forEach(links::add);
        } catch (IOException | RuntimeException e) {
            // exited, or not ours to read
        }
        return links;
    }

    private List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc)) {
            for (Path e : entries) {
                String name = e.getFileName().toString();
                if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                    pids.add(Long.parseLong(name));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + proc, e);
        }
        return pids;
    }

    /** glibc's gnu_dev_major/minor for a 64-bit dev_t. */
    static long major(long dev) {
        return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & 0xfffff000L);
    }

    static long minor(long dev) {
        return (dev & 0xff) | ((dev >>> 12) & 0xffffff00L);
    }
}
