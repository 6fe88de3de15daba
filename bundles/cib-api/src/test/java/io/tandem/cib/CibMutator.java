package io.tandem.cib;

import io.tandem.common.CibVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random edits of a CIB for round-trip tests: attributes set and removed, elements created (with fresh,
 * reused, odd or missing ids), deleted, moved, duplicated and swapped anywhere below the root. The version triple
 * is bumped like a store would.
 */
final class CibMutator {
    private static final String[] NAMES = {"primitive", "nvpair", "op", "node_state", "lrm_rsc_op", "rule", "meta_attributes", "x"};
    private static final String[] ODD_IDS = {"it's", "a/b", "x]y", "[0]", "dup", "dup", "", "q\"q"};
    private final Random random;
    private int counter;

    CibMutator(long seed) {
        random = new Random(seed);
    }

    Cib mutate(Cib cib) {
        CibElement root = cib.root();
        int edits = 1 + random.nextInt(6);
        for (int i = 0; i < edits; i++) {
            root = edit(root, true);
        }
        CibVersion v = cib.version();
        CibVersion next = switch (random.nextInt(4)) {
            case 0 -> v.nextEpoch();
            case 1 -> v;
            default -> v.nextUpdate();
        };
        return new Cib(root).withVersion(next);
    }

    /** Edits one random element somewhere in the subtree and returns the new subtree. */
    private CibElement edit(CibElement e, boolean isRoot) {
        if (!e.children().isEmpty() && random.nextInt(3) != 0) {
            List<CibElement> children = new ArrayList<>(e.children());
            int i = random.nextInt(children.size());
            children.set(i, edit(children.get(i), false));
            return e.withChildren(children);
        }
        return editHere(e, isRoot);
    }

    private CibElement editHere(CibElement e, boolean isRoot) {
        List<CibElement> children = new ArrayList<>(e.children());
        switch (random.nextInt(8)) {
            case 0 -> {
                return e.withAttribute(isRoot ? "have-quorum" : "attr" + random.nextInt(4), "v" + random.nextInt(100));
            }
            case 1 -> {
                List<String> keys = new ArrayList<>(e.attributes().keySet());
                keys.removeAll(List.of("admin_epoch", "epoch", "num_updates"));
                return keys.isEmpty() ? e : e.withAttribute(keys.get(random.nextInt(keys.size())), null);
            }
            case 2, 3 -> {
                children.add(random.nextInt(children.size() + 1), newElement(0));
                return e.withChildren(children);
            }
            case 4 -> {
                if (!children.isEmpty()) {
                    children.remove(random.nextInt(children.size()));
                }
                return e.withChildren(children);
            }
            case 5 -> {
                if (children.size() > 1) {
                    CibElement moved = children.remove(random.nextInt(children.size()));
                    children.add(random.nextInt(children.size() + 1), moved);
                }
                return e.withChildren(children);
            }
            case 6 -> {
                if (!children.isEmpty()) {
                    CibElement copy = children.get(random.nextInt(children.size()));
                    children.add(random.nextInt(children.size() + 1), copy);
                }
                return e.withChildren(children);
            }
            default -> {
                if (children.size() > 1) {
                    int a = random.nextInt(children.size());
                    int b = random.nextInt(children.size());
                    CibElement t = children.get(a);
                    children.set(a, children.get(b));
                    children.set(b, t);
                }
                return e.withChildren(children);
            }
        }
    }

    private CibElement newElement(int depth) {
        Map<String, String> attrs = new LinkedHashMap<>();
        int idKind = random.nextInt(5);
        if (idKind == 0) {
            attrs.put("id", ODD_IDS[random.nextInt(ODD_IDS.length)]);
        } else if (idKind < 4) {
            attrs.put("id", "n" + (counter++));
        }
        if (random.nextBoolean()) {
            attrs.put("value", "v" + random.nextInt(10));
        }
        List<CibElement> children = new ArrayList<>();
        if (depth < 2) {
            int n = random.nextInt(3);
            for (int i = 0; i < n; i++) {
                children.add(newElement(depth + 1));
            }
        }
        return new CibElement(NAMES[random.nextInt(NAMES.length)], attrs, children, 0);
    }
}
