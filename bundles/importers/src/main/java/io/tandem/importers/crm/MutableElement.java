package io.tandem.importers.crm;

import io.tandem.cib.CibElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A mutable working copy of a {@link CibElement} subtree for applying commands. Converting back returns the
 * original element for every subtree that was not touched, so untouched parts keep their identity and lines.
 */
final class MutableElement {
    final String name;
    final Map<String, String> attributes;
    final List<MutableElement> children = new ArrayList<>();
    MutableElement parent;
    private final CibElement original;
    private boolean dirty;

    private MutableElement(String name, Map<String, String> attributes, CibElement original) {
        this.name = name;
        this.attributes = new LinkedHashMap<>(attributes);
        this.original = original;
        this.dirty = original == null;
    }

    static MutableElement of(CibElement e) {
        MutableElement m = new MutableElement(e.name(), e.attributes(), e);
        for (CibElement c : e.children()) {
            MutableElement child = of(c);
            child.parent = m;
            m.children.add(child);
        }
        return m;
    }

    static MutableElement create(String name, String... keyValues) {
        Map<String, String> attrs = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                attrs.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return new MutableElement(name, attrs, null);
    }

    String id() {
        return attributes.get("id");
    }

    String attr(String key) {
        return attributes.get(key);
    }

    void set(String key, String value) {
        if (value == null) {
            if (attributes.remove(key) != null) {
                dirty = true;
            }
        } else if (!value.equals(attributes.put(key, value))) {
            dirty = true;
        }
    }

    void add(MutableElement child) {
        add(children.size(), child);
    }

    void add(int index, MutableElement child) {
        if (child.parent != null) {
            child.parent.remove(child);
        }
        child.parent = this;
        children.add(index, child);
        dirty = true;
    }

    void remove(MutableElement child) {
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i) == child) {
                children.remove(i);
                child.parent = null;
                dirty = true;
                return;
            }
        }
    }

    MutableElement child(String childName) {
        for (MutableElement c : children) {
            if (c.name.equals(childName)) {
                return c;
            }
        }
        return null;
    }

    List<MutableElement> children(String childName) {
        List<MutableElement> out = new ArrayList<>();
        for (MutableElement c : children) {
            if (c.name.equals(childName)) {
                out.add(c);
            }
        }
        return out;
    }

    void walk(Consumer<MutableElement> visitor) {
        visitor.accept(this);
        for (MutableElement c : List.copyOf(children)) {
            c.walk(visitor);
        }
    }

    MutableElement findById(String wanted) {
        if (wanted.equals(id())) {
            return this;
        }
        for (MutableElement c : children) {
            MutableElement f = c.findById(wanted);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    CibElement toElement() {
        List<CibElement> built = new ArrayList<>(children.size());
        boolean same = !dirty && original != null && original.children().size() == children.size();
        for (int i = 0; i < children.size(); i++) {
            CibElement c = children.get(i).toElement();
            built.add(c);
            if (same && c != original.children().get(i)) {
                same = false;
            }
        }
        if (same) {
            return original;
        }
        return new CibElement(name, attributes, built, original == null ? 0 : original.line());
    }
}
