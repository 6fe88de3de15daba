package io.tandem.messaging.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The parsed authkeys file: the key this node signs with ({@code auth N}) and every key it accepts.
 *
 * <p>Two {@code AuthKeys} are equal when they sign with and accept the same keys; where the keys stood in which
 * file, and what the file got away with, do not count.
 *
 * @param lines the line of the file that defined each key, by index; empty for keys made in code
 * @param warnings things the file got away with (index-less key lines, crc), in file order, for the caller to
 *        log or show
 */
public record AuthKeys(int signingIndex, Map<Integer, AuthKey> keys, Map<Integer, Integer> lines,
                       List<AuthKeysWarning> warnings) {
    public AuthKeys {
        keys = Map.copyOf(keys);
        lines = Map.copyOf(lines);
        warnings = List.copyOf(warnings);
        if (!keys.containsKey(signingIndex)) {
            throw new IllegalArgumentException("signing key " + signingIndex + " is not defined");
        }
        keys.forEach((i, k) -> {
            if (!Objects.equals(i, k.index())) {
                throw new IllegalArgumentException("key " + k + " filed under index " + i);
            }
        });
        if (!keys.keySet().containsAll(lines.keySet())) {
            throw new IllegalArgumentException("lines " + lines + " name keys that are not defined");
        }
    }

    /** Keys made in code: no file, no lines, no warnings. */
    public AuthKeys(int signingIndex, Map<Integer, AuthKey> keys) {
        this(signingIndex, keys, Map.of(), List.of());
    }

    public static AuthKeys single(AuthKey key) {
        return new AuthKeys(key.index(), Map.of(key.index(), key));
    }

    public AuthKey signingKey() {
        return keys.get(signingIndex);
    }

    /** The line that defined key {@code index}, 0 if unknown. */
    public int lineOf(int index) {
        return lines.getOrDefault(index, 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthKeys k && k.signingIndex == signingIndex && k.keys.equals(keys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(signingIndex, keys);
    }

    @Override
    public String toString() {
        return "AuthKeys[auth " + signingIndex + ", keys " + new TreeMap<>(keys).values() + "]";
    }
}
