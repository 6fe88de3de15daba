package io.tandem.attributes.internal;

import io.tandem.common.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Permanent attributes in one text file, replaced atomically on every change. One record per line, fields
 * separated by tabs, with {@code \t}, {@code \n} and {@code \\} escaped:
 * <pre>
 * node	NODE	NAME	VALUE
 * option	NAME	VALUE
 * </pre>
 * Lines starting with '#' are comments.
 */
final class FileStorage implements PermanentStorage {
    static final String FILE_NAME = "node-attributes";

    private final Path file;

    FileStorage(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    @Override
    public Snapshot load() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Snapshot.empty();
        }
        Map<String, Map<String, String>> nodes = new TreeMap<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            try {
                if (f[0].equals("node") && f.length == 4) {
                    nodes.computeIfAbsent(unescape(f[1]), n -> new TreeMap<>()).put(unescape(f[2]), unescape(f[3]));
                } else if (f[0].equals("option") && f.length == 3) {
                    options.put(unescape(f[1]), unescape(f[2]));
                } else {
                    throw new IllegalArgumentException("field 1: expected 'node NODE NAME VALUE' or 'option NAME VALUE' (tab-separated)");
                }
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new Snapshot(nodes, options);
    }

    @Override
    public void save(Snapshot snapshot) throws IOException {
        StringBuilder text = new StringBuilder("# Tandem permanent node attributes and cluster options (written by the node; edit only while it is stopped)\n");
        new TreeMap<>(snapshot.nodes()).forEach((node, attrs) -> new TreeMap<>(attrs).forEach((name, value) ->
                text.append("node\t").append(escape(node)).append('\t').append(escape(name)).append('\t').append(escape(value)).append('\n')));
        new TreeMap<>(snapshot.options()).forEach((name, value) ->
                text.append("option\t").append(escape(name)).append('\t').append(escape(value)).append('\n'));
        AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8), null);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
            } else if (i + 1 < s.length()) {
                char e = s.charAt(++i);
                out.append(switch (e) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case '\\' -> '\\';
                    default -> throw new IllegalArgumentException("unknown escape '\\" + e + "'");
                });
            } else {
                throw new IllegalArgumentException("lone backslash at the end of a field");
            }
        }
        return out.toString();
    }
}
