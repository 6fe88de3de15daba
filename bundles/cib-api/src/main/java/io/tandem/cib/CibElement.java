package io.tandem.cib;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One immutable XML element of a CIB: name, attributes in document order, child elements and the line it
 * came from (0 when built in memory). Text content is not kept: the CIB schema has none that matters.
 * Changes return new elements that share every untouched subtree.
 */
public final class CibElement {
    private final String name;
    private final Map<String, String> attributes;
    private final List<CibElement> children;
    private final int line;
    /** The content digest, computed once on first use (see {@link CibDigest}); benign race, same value. */
    private volatile byte[] digest;

    public CibElement(String name, Map<String, String> attributes, List<CibElement> children, int line) {
        this.name = Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("element name must not be empty");
        }
        this.attributes = AttrMap.copyOf(attributes);
        this.children = List.copyOf(children);
        this.line = line;
    }

    public static CibElement of(String name, String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in key/value pairs");
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            attrs.put(keyValues[i], keyValues[i + 1]);
        }
        return new CibElement(name, attrs, List.of(), 0);
    }

    public String name() {
        return name;
    }

    public Map<String, String> attributes() {
        return attributes;
    }

    public List<CibElement> children() {
        return children;
    }

    /** The source line of the start tag, or 0 when the element was not parsed from a file. */
    public int line() {
        return line;
    }

    public String attr(String key) {
        return attributes.get(key);
    }

    public String attr(String key, String fallback) {
        return attributes.getOrDefault(key, fallback);
    }

    /** The {@code id} attribute, or null. */
    public String id() {
        return attributes.get("id");
    }

    public List<CibElement> children(String childName) {
        List<CibElement> out = new ArrayList<>();
        for (CibElement c : children) {
            if (c.name.equals(childName)) {
                out.add(c);
            }
        }
        return out;
    }

    public Optional<CibElement> child(String childName) {
        for (CibElement c : children) {
            if (c.name.equals(childName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Follows a path of child names, taking the first match at each step. */
    public Optional<CibElement> path(String... names) {
        CibElement e = this;
        for (String n : names) {
            Optional<CibElement> next = e.child(n);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            e = next.get();
        }
        return Optional.of(e);
    }

    /** The first descendant (or this element) with the given id, depth first in document order. */
    public Optional<CibElement> findById(String wanted) {
        if (wanted.equals(id())) {
            return Optional.of(this);
        }
        for (CibElement c : children) {
            Optional<CibElement> f = c.findById(wanted);
            if (f.isPresent()) {
                return f;
            }
        }
        return Optional.empty();
    }

    /** Visits this element and all descendants in document order. */
    public void walk(Consumer<CibElement> visitor) {
        visitor.accept(this);
        for (CibElement c : children) {
            c.walk(visitor);
        }
    }

    public CibElement withAttribute(String key, String value) {
        Map<String, String> attrs = new LinkedHashMap<>(attributes);
        if (value == null) {
            attrs.remove(key);
        } else {
            attrs.put(key, value);
        }
        return new CibElement(name, attrs, children, line);
    }

    public CibElement withChildren(List<CibElement> newChildren) {
        return new CibElement(name, attributes, newChildren, line);
    }

    public CibElement withChild(CibElement child) {
        List<CibElement> list = new ArrayList<>(children);
        list.add(child);
        return withChildren(list);
    }

    /** Replaces the first child with this name, or appends it when there is none. */
    public CibElement withReplacedChild(CibElement child) {
        List<CibElement> list = new ArrayList<>(children);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).name.equals(child.name)) {
                list.set(i, child);
                return withChildren(list);
            }
        }
        list.add(child);
        return withChildren(list);
    }

    byte[] cachedDigest() {
        return digest;
    }

    void cacheDigest(byte[] value) {
        digest = value;
    }

    /** Structural equality: name, attributes (order ignored) and children; source lines are ignored. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CibElement e)) {
            return false;
        }
        return name.equals(e.name) && attributes.equals(e.attributes) && children.equals(e.children);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, attributes, children);
    }

    @Override
    public String toString() {
        return CibXml.toXml(this);
    }
}
