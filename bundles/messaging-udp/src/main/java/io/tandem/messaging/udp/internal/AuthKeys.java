package io.tandem.messaging.udp.internal;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The parsed authkeys file: the key this node signs with ({@code auth N}) and every key it accepts.
 *
 * @param warnings things the file got away with (index-less key lines, crc), one message per item, for the
 *        caller to log or show
 */
public record AuthKeys(int signingIndex, Map<Integer, AuthKey> keys, List<String> warnings) {
    public AuthKeys {
        keys = Map.copyOf(keys);
        warnings = List.copyOf(warnings);
        if (!keys.containsKey(signingIndex)) {
            throw new IllegalArgumentException("signing key " + signingIndex + " is not defined");
        }
        keys.forEach((i, k) -> {
            if (!Objects.equals(i, k.index())) {
                throw new IllegalArgumentException("key " + k + " filed under index " + i);
            }
        });
    }

    public static AuthKeys single(AuthKey key) {
        return new AuthKeys(key.index(), Map.of(key.index(), key), List.of());
    }

    public AuthKey signingKey() {
        return keys.get(signingIndex);
    }

    @Override
    public String toString() {
        return "AuthKeys[auth " + signingIndex + ", keys " + new TreeMap<>(keys).values() + "]";
    }
}
