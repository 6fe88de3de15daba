package io.tandem.cib;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One change of a {@link CibPatch}, as a {@code <change operation=...>} of Pacemaker's v2 patchset. Paths are
 * XPath-like: {@code /cib/configuration/resources/primitive[@id='x']}; an element without an id is named
 * {@code name} (the first with that name) or {@code name[k]} (the k-th with that name, 1-based).
 * Positions count element children from 0.
 */
public sealed interface CibChange {
    /** The element the change applies to; for {@link Create}, the parent that receives the new element. */
    String path();

    /** Inserts {@code element} (with its subtree) as child number {@code position} of the element at {@code path}. */
    record Create(String path, int position, CibElement element) implements CibChange {
        public Create {
            CibPath.check(path);
            Objects.requireNonNull(element, "element");
            if (position < 0) {
                throw new IllegalArgumentException("position must not be negative: " + position);
            }
        }
    }

    /** Sets and removes attributes of the element at {@code path}. */
    record Modify(String path, Map<String, String> set, List<String> unset) implements CibChange {
        public Modify {
            CibPath.check(path);
            set = Map.copyOf(set);
            unset = List.copyOf(unset);
            if (set.isEmpty() && unset.isEmpty()) {
                throw new IllegalArgumentException("a modify change sets or removes at least one attribute: " + path);
            }
            for (String name : unset) {
                if (set.containsKey(name)) {
                    throw new IllegalArgumentException("attribute '" + name + "' is both set and removed: " + path);
                }
            }
        }
    }

    /** Removes the element at {@code path} with its subtree. */
    record Delete(String path) implements CibChange {
        public Delete {
            CibPath.check(path);
        }
    }

    /** Moves the element at {@code path} to child number {@code position} of its parent. */
    record Move(String path, int position) implements CibChange {
        public Move {
            CibPath.check(path);
            if (position < 0) {
                throw new IllegalArgumentException("position must not be negative: " + position);
            }
        }
    }
}
