package io.tandem.agent.filesystem.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The mount table as the kernel shows it in /proc/mounts (fields with \040-style octal escapes). */
final class Mounts {
    record Mount(String source, Path directory, String fstype, String options) {}

    private final Path table;

    Mounts(Path table) {
        this.table = table;
    }

    List<Mount> read() throws IOException {
        List<Mount> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(table)) {
            String[] f = line.split(" ");
            if (f.length >= 4) {
                mounts.add(new Mount(unescape(f[0]), Path.of(unescape(f[1])), f[2], f[3]));
            }
        }
        return mounts;
    }

    boolean isMountPoint(Path directory) throws IOException {
        return read().stream().anyMatch(m -> m.directory().equals(directory));
    }

    /** The mount point and every mount below it, deepest first: the order they can be unmounted in. */
    List<Path> atOrBelow(Path directory) throws IOException {
        return read().stream().map(Mount::directory).filter(d -> d.startsWith(directory)).distinct()
                .sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList();
    }

    static String unescape(String field) {
        StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 4 <= field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
