package io.tandem.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pacemaker's parameter digest, the basis of an operation's {@code op-digest}: md5 over the text
 * {@code " <parameters k=\"v\" .../>\n"} with the attributes sorted by name and values escaped as
 * Pacemaker's XML dumper does. The executor records it, the scheduler compares it to decide restarts and
 * reloads, so both must compute exactly this. No parameters gives {@code f2317cad3d54cec5d7d7aa7d0bf35cf8}.
 */
public final class ParameterDigest {
    private ParameterDigest() {
    }

    /** The digest of exactly these attributes (the caller filters which ones count). */
    public static String of(Map<String, String> attributes) {
        StringBuilder sb = new StringBuilder(" <parameters");
        for (Map.Entry<String, String> e : new TreeMap<>(attributes).entrySet()) {
            sb.append(' ').append(e.getKey()).append("=\"").append(escape(e.getValue())).append('"');
        }
        sb.append("/>\n");
        return md5(sb.toString());
    }

    /** Pacemaker's attribute escaping: XML entities for markup, C escapes for control and non-ASCII bytes. */
    public static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (b < ' ' || b > '~') {
                        // Pacemaker formats the (signed) C char with %.3o; Java's octal of a negative int matches.
                        String octal = Integer.toOctalString(b);
                        sb.append('\\').append("0".repeat(Math.max(0, 3 - octal.length()))).append(octal);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static String md5(String text) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(32);
            for (byte b : d) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }
}
