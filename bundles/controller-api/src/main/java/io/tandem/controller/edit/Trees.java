package io.tandem.controller.edit;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** Small helpers for rebuilding immutable CIB trees along a path. */
final class Trees {
    private Trees() {
    }

    static boolean is(CibElement e, String name, String id) {
        return e.name().equals(name) && id.equals(e.id());
    }

    /** Applies {@code f} to the first child matching {@code p}; returns the element unchanged when none does. */
    static CibElement mapFirst(CibElement parent, Predicate<CibElement> p, UnaryOperator<CibElement> f) {
        List<CibElement> list = new ArrayList<>(parent.children());
        for (int i = 0; i < list.size(); i++) {
            if (p.test(list.get(i))) {
                list.set(i, f.apply(list.get(i)));
                return parent.withChildren(list);
            }
        }
        return parent;
    }

    static CibElement mapAll(CibElement parent, Predicate<CibElement> p, UnaryOperator<CibElement> f) {
        List<CibElement> list = new ArrayList<>(parent.children().size());
        boolean changed = false;
        for (CibElement c : parent.children()) {
            if (p.test(c)) {
                CibElement n = f.apply(c);
                changed |= n != c;
                list.add(n);
            } else {
                list.add(c);
            }
        }
        return changed ? parent.withChildren(list) : parent;
    }

    static CibElement removeChildren(CibElement parent, Predicate<CibElement> p) {
        List<CibElement> list = new ArrayList<>(parent.children().size());
        for (CibElement c : parent.children()) {
            if (!p.test(c)) {
                list.add(c);
            }
        }
        return list.size() == parent.children().size() ? parent : parent.withChildren(list);
    }

    /** The child with that name, created empty (with the given attributes) and appended when missing. */
    static CibElement ensureChild(CibElement parent, String name, Map<String, String> attrs, UnaryOperator<CibElement> f) {
        for (CibElement c : parent.children()) {
            if (c.name().equals(name)) {
                return mapFirst(parent, x -> x == c, f);
            }
        }
        return parent.withChild(f.apply(new CibElement(name, attrs, List.of(), 0)));
    }

    /** Replaces the descendant at the end of {@code path} (each step the first child with that name). */
    static CibElement updatePath(CibElement root, List<String> path, UnaryOperator<CibElement> f) {
        if (path.isEmpty()) {
            return f.apply(root);
        }
        String first = path.get(0);
        List<String> rest = path.subList(1, path.size());
        return ensureChild(root, first, Map.of(), c -> updatePath(c, rest, f));
    }

    /** The CIB with its configuration section's child {@code section} (created when missing) changed by {@code f}. */
    static Cib updateConfiguration(Cib cib, String section, UnaryOperator<CibElement> f) {
        return new Cib(updatePath(cib.root(), List.of("configuration", section), f));
    }

    static Cib updateStatus(Cib cib, UnaryOperator<CibElement> f) {
        return new Cib(updatePath(cib.root(), List.of("status"), f));
    }

    /**
     * Replaces the element with this name and id anywhere under {@code root} (the first in document order), or
     * returns {@code root} unchanged. Ids are unique within the configuration, so that is the one.
     */
    static CibElement replaceById(CibElement root, String name, String id, UnaryOperator<CibElement> f) {
        if (is(root, name, id)) {
            return f.apply(root);
        }
        List<CibElement> children = root.children();
        for (int i = 0; i < children.size(); i++) {
            CibElement c = children.get(i);
            CibElement n = replaceById(c, name, id, f);
            if (n != c) {
                List<CibElement> list = new ArrayList<>(children);
                list.set(i, n);
                return root.withChildren(list);
            }
        }
        return root;
    }

    static Optional<CibElement> childById(CibElement parent, String name, String id) {
        for (CibElement c : parent.children()) {
            if (is(c, name, id)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * Makes an id the way Pacemaker's {@code crm_xml_sanitize_id} does: ':' and '#' become '.'. Other characters
     * are left for the caller to refuse (see {@link #isValidIdPart}).
     */
    static String sanitizeId(String id) {
        return id.replace(':', '.').replace('#', '.');
    }

    /**
     * Whether text may appear in an XML ID (an NCName without the first-character rule): letters, digits,
     * '-', '_', '.'. Pacemaker's schema types ids as xsd:ID, so anything else makes the CIB invalid.
     */
    static boolean isValidIdPart(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
                return false;
            }
        }
        return true;
    }
}
