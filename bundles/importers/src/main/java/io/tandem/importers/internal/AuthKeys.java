package io.tandem.importers.internal;

import java.util.Collections;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The keys of an authkeys file: the one that signs ({@code auth N}) and all that are accepted.
 *
 * @param keys by index (0-255, the range messaging accepts)
 */
record AuthKeys(int activeIndex, SortedMap<Integer, Key> keys) {
    static final int MIN_INDEX = 0;
    static final int MAX_INDEX = 255;

    enum Method {
        SHA1, MD5, CRC, SHA256, SHA512;

        String fileName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Method> parse(String text) {
            for (Method m : values()) {
                if (m.fileName().equalsIgnoreCase(text)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
    }

    /** One key line. The secret never appears in {@link #toString()}. */
    record Key(int index, Method method, String secret) {
        Key {
            Objects.requireNonNull(method, "method");
            secret = secret == null ? "" : secret;
            if (index < MIN_INDEX || index > MAX_INDEX) {
                throw new IllegalArgumentException("key index " + index + " is outside " + MIN_INDEX + "-" + MAX_INDEX);
            }
            if (method != Method.CRC && secret.isEmpty()) {
                throw new IllegalArgumentException(method.fileName() + " needs a key");
            }
        }

        @Override
        public String toString() {
            return index + " " + method.fileName() + (secret.isEmpty() ? "" : " <secret>");
        }
    }

    AuthKeys {
        keys = Collections.unmodifiableSortedMap(new TreeMap<>(keys));
        if (!keys.containsKey(activeIndex)) {
            throw new IllegalArgumentException("auth " + activeIndex + " names a key that is not defined");
        }
        keys.forEach((index, key) -> {
            if (index != key.index()) {
                throw new IllegalArgumentException("key " + key + " filed under index " + index);
            }
        });
    }

    Key active() {
        return keys.get(activeIndex);
    }

    /** The file as heartbeat writes it: {@code auth N}, then one {@code N METHOD KEY} line per key. */
    String render(String sourceDescription) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Written by Tandem (ha:import-hacf) from ").append(sourceDescription).append('\n');
        sb.append("# Keep this file at mode 600: heartbeat and Tandem refuse to start with a wider mode.\n");
        sb.append("auth ").append(activeIndex).append('\n');
        for (Key key : keys.values()) {
            sb.append(key.index()).append(' ').append(key.method().fileName());
            if (!key.secret().isEmpty()) {
                sb.append(' ').append(key.secret());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "auth " + activeIndex + " " + keys.values();
    }
}
