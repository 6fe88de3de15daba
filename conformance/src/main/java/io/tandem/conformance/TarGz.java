package io.tandem.conformance;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Reads the regular files of a gzip-compressed ustar/GNU tar archive into memory (the corpus is 35 MB unpacked). */
final class TarGz {
    private static final int BLOCK = 512;

    private TarGz() {
    }

    static Map<String, byte[]> read(InputStream raw, String sourceName) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            while (true) {
                if (!readFully(in, header)) {
                    break;
                }
                if (isZero(header)) {
                    break;
                }
                String name = longName != null ? longName : name(header);
                longName = null;
                long size = octal(header, 124, 12, sourceName);
                char type = (char) header[156];
                byte[] body = body(in, size, sourceName + ": " + name);
                if (type == 'L') {
                    longName = new String(body, StandardCharsets.UTF_8).replace("\0", "");
                } else if (type == '0' || type == '\0') {
                    files.put(name.startsWith("./") ? name.substring(2) : name, body);
                }
            }
        }
        return files;
    }

    private static String name(byte[] h) {
        String name = cString(h, 0, 100);
        String prefix = cString(h, 345, 155);
        boolean ustar = cString(h, 257, 6).startsWith("ustar");
        return ustar && !prefix.isEmpty() ? prefix + "/" + name : name;
    }

    private static byte[] body(InputStream in, long size, String what) throws IOException {
        if (size > Integer.MAX_VALUE - BLOCK) {
            throw new IOException(what + ": entry too large (" + size + " bytes)");
        }
        int padded = (int) ((size + BLOCK - 1) / BLOCK * BLOCK);
        byte[] buf = new byte[padded];
        if (!readFully(in, buf)) {
            throw new EOFException(what + ": archive ends inside an entry");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) size);
        out.write(buf, 0, (int) size);
        return out.toByteArray();
    }

    private static boolean readFully(InputStream in, byte[] buf) throws IOException {
        int off = 0;
        while (off < buf.length) {
            int n = in.read(buf, off, buf.length - off);
            if (n < 0) {
                if (off == 0) {
                    return false;
                }
                throw new EOFException("archive truncated");
            }
            off += n;
        }
        return true;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int off, int len, String sourceName) throws IOException {
        String s = cString(b, off, len).trim();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException(sourceName + ": bad tar header size \"" + s + "\"");
        }
    }
}
