package io.tandem.cib;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content digest of a CIB, which peers compare after applying a patch and which the store keeps beside its
 * file (cib.xml.sig). Two CIBs have the same digest exactly when they are equal as {@link CibElement} trees:
 * same element names, same attributes (order ignored) including the version triple, same children in the same
 * order. Source lines and attribute order do not count.
 *
 * <p>Definition (a hash tree, so that the digest of a changed CIB costs only the changed path: unchanged
 * subtrees are shared between versions and their digests are cached): for each element,
 * {@code D(e) = SHA-256(str(name) || u32(#attributes) || (str(key) || str(value))* sorted by key ||
 * u32(#children) || D(child)*)}, where {@code str(s)} is the UTF-8 length as a big-endian u32 followed by the
 * UTF-8 bytes. The CIB digest is {@code D(root)} in lowercase hex (64 characters).
 */
public final class CibDigest {
    private CibDigest() {
    }

    public static String of(Cib cib) {
        return of(cib.root());
    }

    public static String of(CibElement element) {
        return HexFormat.of().formatHex(bytes(element));
    }

    static byte[] bytes(CibElement e) {
        byte[] cached = e.cachedDigest();
        if (cached != null) {
            return cached;
        }
        MessageDigest sha = sha256();
        str(sha, e.name());
        Map<String, String> sorted = new TreeMap<>(e.attributes());
        sha.update(u32(sorted.size()));
        for (Map.Entry<String, String> a : sorted.entrySet()) {
            str(sha, a.getKey());
            str(sha, a.getValue());
        }
        sha.update(u32(e.children().size()));
        for (CibElement c : e.children()) {
            sha.update(bytes(c));
        }
        byte[] d = sha.digest();
        e.cacheDigest(d);
        return d;
    }

    /** Whether two elements have equal content, using cached digests where they exist. */
    static boolean sameContent(CibElement a, CibElement b) {
        return a == b || MessageDigest.isEqual(bytes(a), bytes(b));
    }

    private static void str(MessageDigest sha, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        sha.update(u32(b.length));
        sha.update(b);
    }

    private static byte[] u32(int n) {
        return ByteBuffer.allocate(4).putInt(n).array();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
