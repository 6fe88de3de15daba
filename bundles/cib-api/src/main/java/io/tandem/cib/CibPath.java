package io.tandem.cib;

import java.util.ArrayList;
import java.util.List;

/** Parses, builds and resolves the element paths of {@link CibChange}s. */
final class CibPath {
    /** One step: an element name with an optional id or 1-based occurrence (0 = the first with that name). */
    record Step(String name, String id, int occurrence) {
        boolean matches(CibElement e) {
            return e.name().equals(name) && (id == null || id.equals(e.id()));
        }

        /** The index of the child this step names, or -1. */
        int indexIn(List<CibElement> children) {
            int seen = 0;
            for (int i = 0; i < children.size(); i++) {
                CibElement c = children.get(i);
                if (matches(c)) {
                    seen++;
                    if (occurrence == 0 || seen == occurrence) {
                        return i;
                    }
                }
            }
            return -1;
        }
    }

    private CibPath() {
    }

    static void check(String path) {
        parse(path);
    }

    static List<Step> parse(String path) {
        if (path == null || !path.startsWith("/") || path.length() < 2) {
            throw new IllegalArgumentException("'" + path + "' is not an element path (such as /cib/configuration)");
        }
        List<Step> steps = new ArrayList<>();
        int i = 1;
        while (i <= path.length()) {
            int end = nextSlash(path, i);
            String step = path.substring(i, end);
            steps.add(step(path, step));
            i = end + 1;
        }
        return steps;
    }

    /** The next '/' outside a predicate (an id may contain '/'). */
    private static int nextSlash(String path, int from) {
        boolean inQuote = false;
        char quote = 0;
        for (int i = from; i < path.length(); i++) {
            char c = path.charAt(i);
            if (inQuote) {
                if (c == quote) {
                    inQuote = false;
                }
            } else if (c == '\'' || c == '"') {
                inQuote = true;
                quote = c;
            } else if (c == '/') {
                return i;
            }
        }
        return path.length();
    }

    private static Step step(String path, String step) {
        int bracket = step.indexOf('[');
        if (bracket < 0) {
            requireName(path, step);
            return new Step(step, null, 0);
        }
        String name = step.substring(0, bracket);
        requireName(path, name);
        if (!step.endsWith("]")) {
            throw bad(path);
        }
        String predicate = step.substring(bracket + 1, step.length() - 1);
        if (predicate.startsWith("@id=") && predicate.length() >= 6) {
            char q = predicate.charAt(4);
            if ((q == '\'' || q == '"') && predicate.charAt(predicate.length() - 1) == q) {
                String id = predicate.substring(5, predicate.length() - 1);
                if (id.indexOf(q) < 0) {
                    return new Step(name, id, 0);
                }
            }
            throw bad(path);
        }
        try {
            int n = Integer.parseInt(predicate);
            if (n < 1) {
                throw bad(path);
            }
            return new Step(name, null, n);
        } catch (NumberFormatException e) {
            throw bad(path);
        }
    }

    private static void requireName(String path, String name) {
        if (name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\'') >= 0 || name.indexOf('"') >= 0) {
            throw bad(path);
        }
    }

    private static IllegalArgumentException bad(String path) {
        return new IllegalArgumentException("'" + path + "' is not an element path (steps are name, "
                + "name[@id='x'] or name[k])");
    }

    /** The step that names {@code children.get(index)} unambiguously. */
    static String stepFor(List<CibElement> children, int index) {
        CibElement e = children.get(index);
        String id = e.id();
        int sameName = 0;
        int sameNameAndId = 0;
        for (int i = 0; i < index; i++) {
            CibElement c = children.get(i);
            if (c.name().equals(e.name())) {
                sameName++;
                if (id != null && id.equals(c.id())) {
                    sameNameAndId++;
                }
            }
        }
        if (id != null && sameNameAndId == 0 && id.indexOf('\'') < 0) {
            return e.name() + "[@id='" + id + "']";
        }
        if (id == null && sameName == 0) {
            return e.name();
        }
        return e.name() + "[" + (sameName + 1) + "]";
    }
}
