package io.tandem.cib;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Computes the {@link CibPatch} that turns one CIB into another.
 *
 * <p>Children are matched by name and id (elements without an id by name and their order among equally named
 * siblings). For each element the patch first deletes the children that are gone, then descends into the children
 * that stay, then moves and creates children so that the order matches. Every path is written against the tree
 * as it is at that point of the patch, which is exactly what {@link CibPatch#apply} sees when it replays the
 * changes in order, so {@code diff(a, b).apply(a)} equals {@code b} by construction.
 */
public final class CibDiff {
    /** The version triple travels in the patch's {@code <version>}, never as attribute changes. */
    private static final Set<String> VERSION_ATTRIBUTES = Set.of("admin_epoch", "epoch", "num_updates");

    private CibDiff() {
    }

    public static CibPatch diff(Cib from, Cib to) {
        List<CibChange> changes = new ArrayList<>();
        element(from.root(), to.root(), "/" + to.root().name(), true, changes);
        return new CibPatch(from.version(), to.version(), CibDigest.of(to), changes);
    }

    private record Key(String name, String id, int occurrence) {
    }

    private static List<Key> keys(List<CibElement> children) {
        Map<Key, Integer> counts = new HashMap<>();
        List<Key> keys = new ArrayList<>(children.size());
        for (CibElement c : children) {
            Key base = new Key(c.name(), c.id(), 0);
            int n = counts.merge(base, 1, Integer::sum);
            keys.add(new Key(c.name(), c.id(), n));
        }
        return keys;
    }

    private static void element(CibElement from, CibElement to, String path, boolean root, List<CibChange> out) {
        attributes(from, to, path, root, out);
        if (sameChildren(from.children(), to.children())) {
            return;
        }
        List<CibElement> target = to.children();
        List<Key> targetKeys = keys(target);
        Map<Key, Integer> targetIndex = new HashMap<>();
        for (int i = 0; i < targetKeys.size(); i++) {
            targetIndex.put(targetKeys.get(i), i);
        }
        List<CibElement> work = new ArrayList<>(from.children());
        List<Key> workKeys = new ArrayList<>(keys(work));

        for (int i = work.size() - 1; i >= 0; i--) {
            if (!targetIndex.containsKey(workKeys.get(i))) {
                out.add(new CibChange.Delete(path + "/" + CibPath.stepFor(work, i)));
                work.remove(i);
                workKeys.remove(i);
            }
        }
        for (int i = 0; i < work.size(); i++) {
            CibElement wanted = target.get(targetIndex.get(workKeys.get(i)));
            if (!CibDigest.sameContent(work.get(i), wanted)) {
                element(work.get(i), wanted, path + "/" + CibPath.stepFor(work, i), false, out);
                work.set(i, wanted);
            }
        }
        Set<Key> present = new HashSet<>(workKeys);
        for (int i = 0; i < target.size(); i++) {
            Key k = targetKeys.get(i);
            if (present.contains(k)) {
                int j = workKeys.get(i).equals(k) ? i : workKeys.indexOf(k);
                if (j != i) {
                    out.add(new CibChange.Move(path + "/" + CibPath.stepFor(work, j), i));
                    work.add(i, work.remove(j));
                    workKeys.add(i, workKeys.remove(j));
                }
            } else {
                out.add(new CibChange.Create(path, i, target.get(i)));
                work.add(i, target.get(i));
                workKeys.add(i, k);
            }
        }
    }

    private static boolean sameChildren(List<CibElement> a, List<CibElement> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!CibDigest.sameContent(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static void attributes(CibElement from, CibElement to, String path, boolean root, List<CibChange> out) {
        Map<String, String> set = new LinkedHashMap<>();
        List<String> unset = new ArrayList<>();
        for (Map.Entry<String, String> a : to.attributes().entrySet()) {
            if (!(root && VERSION_ATTRIBUTES.contains(a.getKey())) && !Objects.equals(from.attr(a.getKey()), a.getValue())) {
                set.put(a.getKey(), a.getValue());
            }
        }
        for (String name : from.attributes().keySet()) {
            if (!(root && VERSION_ATTRIBUTES.contains(name)) && !to.attributes().containsKey(name)) {
                unset.add(name);
            }
        }
        if (!set.isEmpty() || !unset.isEmpty()) {
            out.add(new CibChange.Modify(path, set, unset));
        }
    }
}
