package io.tandem.cib;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The attributes of one {@link CibElement}: an unmodifiable map in insertion order, stored as one array of
 * alternating names and values. Elements have few attributes and parsed names are interned by the XML parser,
 * so a linear scan (identity first) beats hashing, and parsing a large CIB allocates one array per element.
 */
final class AttrMap extends AbstractMap<String, String> {
    static final AttrMap EMPTY = new AttrMap(new String[0]);

    private final String[] kv;

    private AttrMap(String[] kv) {
        this.kv = kv;
    }

    /** A copy of the map in its iteration order. */
    static AttrMap copyOf(Map<String, String> m) {
        if (m instanceof AttrMap a) {
            return a;
        }
        if (m.isEmpty()) {
            return EMPTY;
        }
        String[] kv = new String[m.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : m.entrySet()) {
            kv[i++] = e.getKey();
            kv[i++] = e.getValue();
        }
        return new AttrMap(kv);
    }

    /** Takes the array (alternating names and values, names distinct) without copying it. */
    static AttrMap owning(String[] kv) {
        return kv.length == 0 ? EMPTY : new AttrMap(kv);
    }

    private int indexOf(Object key) {
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i] == key) {
                return i;
            }
        }
        if (key != null) {
            for (int i = 0; i < kv.length; i += 2) {
                if (key.equals(kv[i])) {
                    return i;
                }
            }
        } else {
            return -1;
        }
        return -1;
    }

    @Override
    public String get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : kv[i + 1];
    }

    @Override
    public String getOrDefault(Object key, String fallback) {
        int i = indexOf(key);
        return i < 0 ? fallback : kv[i + 1];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public int size() {
        return kv.length / 2;
    }

    @Override
    public boolean isEmpty() {
        return kv.length == 0;
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < kv.length;
                    }

                    @Override
                    public Map.Entry<String, String> next() {
                        if (i >= kv.length) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<String, String> e = new AbstractMap.SimpleImmutableEntry<>(kv[i], kv[i + 1]);
                        i += 2;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return kv.length / 2;
            }
        };
    }
}
