package io.tandem.replication.device.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Mounts of this process's mount namespace, from {@code /proc/self/mountinfo}. */
final class Mounts {
    /** One mountinfo line: device major:minor, mount point, file system type, source. */
    record Mount(String majorMinor, Path mountPoint, String fsType, String source) { }

    private final Path mountInfo;

    Mounts(Path mountInfo) {
        this.mountInfo = mountInfo;
    }

    static Mounts self() {
        return new Mounts(Path.of("/proc/self/mountinfo"));
    }

    List<Mount> list() throws IOException {
        List<Mount> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(mountInfo)) {
            mounts.add(parse(line));
        }
        return mounts;
    }

    /** Where the block device {@code majorMinor} ("7:3") is mounted. */
    List<Path> mountPointsOf(String majorMinor) throws IOException {
        return list().stream().filter(m -> m.majorMinor().equals(majorMinor)).map(Mount::mountPoint).toList();
    }

    boolean isMountPoint(Path dir) throws IOException {
        Path d = dir.toAbsolutePath().normalize();
        return list().stream().anyMatch(m -> m.mountPoint().equals(d));
    }

    /**
     * Parses one line: {@code id parent major:minor root mountpoint options [optional...] - fstype source superopts}
     * (proc(5)); paths escape space, tab, newline and backslash as octal.
     */
    static Mount parse(String line) {
        String[] f = line.split(" ");
        int dash = -1;
        for (int i = 6; i < f.length; i++) {
            if (f[i].equals("-")) {
                dash = i;
                break;
            }
        }
        if (f.length < 10 || dash < 0 || dash + 2 >= f.length) {
            throw new IllegalArgumentException("/proc/self/mountinfo: unexpected line: " + line);
        }
        return new Mount(f[2], Path.of(unescape(f[4])), f[dash + 1], unescape(f[dash + 2]));
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
