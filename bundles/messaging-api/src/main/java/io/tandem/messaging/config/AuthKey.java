package io.tandem.messaging.config;

import java.util.Arrays;
import java.util.Objects;

/**
 * One line of authkeys: {@code N method [key]}. The secret never appears in {@link #toString()}.
 *
 * @param index the key index carried in every packet (0..255)
 * @param secret the key bytes (UTF-8 of the file's text); empty only for {@link AuthMethod#CRC}
 */
public record AuthKey(int index, AuthMethod method, byte[] secret) {
    public AuthKey {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(secret, "secret");
        if (index < 0 || index > 255) {
            throw new IllegalArgumentException("key index " + index + " out of range 0..255");
        }
        if (method.needsKey() && secret.length == 0) {
            throw new IllegalArgumentException("method " + method.keyword() + " needs a key");
        }
        secret = secret.clone();
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthKey k && k.index == index && k.method == method && Arrays.equals(k.secret, secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, method, Arrays.hashCode(secret));
    }

    @Override
    public String toString() {
        return "AuthKey[" + index + " " + method.keyword() + (secret.length == 0 ? "" : " ***") + "]";
    }
}
