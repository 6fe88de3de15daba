package io.tandem.messaging.config;

import java.util.Locale;
import java.util.Optional;

/** The signature methods of heartbeat's authkeys file, plus sha256 and sha512. */
public enum AuthMethod {
    /** Unkeyed CRC32: detects corruption only, authenticates nothing (as in heartbeat). */
    CRC("crc", null, 4),
    MD5("md5", "HmacMD5", 16),
    SHA1("sha1", "HmacSHA1", 20),
    SHA256("sha256", "HmacSHA256", 32),
    SHA512("sha512", "HmacSHA512", 64);

    private final String keyword;
    private final String macAlgorithm;
    private final int signatureBytes;

    AuthMethod(String keyword, String macAlgorithm, int signatureBytes) {
        this.keyword = keyword;
        this.macAlgorithm = macAlgorithm;
        this.signatureBytes = signatureBytes;
    }

    /** The word used in authkeys, e.g. {@code sha1}. */
    public String keyword() {
        return keyword;
    }

    /** JCA Mac algorithm, or null for {@link #CRC}. */
    public String macAlgorithm() {
        return macAlgorithm;
    }

    public int signatureBytes() {
        return signatureBytes;
    }

    public boolean needsKey() {
        return macAlgorithm != null;
    }

    public static Optional<AuthMethod> fromKeyword(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        for (AuthMethod m : values()) {
            if (m.keyword.equals(w)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
