package io.tandem.scheduler.internal;

import java.util.List;

/** Matching instances of two clones on the same node, for interleaving (pcmk__find_compatible_instance). */
final class Instances {
    private Instances() {
    }

    static Node location(Resource r, boolean current) {
        if (current) {
            List<Node> on = CloneAssign.activeOn(r);
            return on.isEmpty() ? null : on.get(0);
        }
        return Assign.location(r);
    }

    static Role state(Resource r, boolean current) {
        if (r.isPrimitive()) {
            return current ? r.role : r.nextRole;
        }
        Role best = Role.UNKNOWN;
        for (Resource c : r.children) {
            Role cr = state(c, current);
            if (cr.above(best)) {
                best = cr;
            }
        }
        if (!current && best == Role.UNKNOWN) {
            return r.nextRole;
        }
        return current && best == Role.UNKNOWN ? Role.STOPPED : best;
    }

    static boolean matches(Resource instance, Node node, Role role, boolean current) {
        if (role != Role.UNKNOWN && role != state(instance, current)) {
            return false;
        }
        Node n = null;
        if (!CloneAssign.isBlocked(instance)) {
            n = location(instance, current);
        }
        return n != null && n == node;
    }

    static Resource findCompatibleInstance(Resource match, Resource clone, Role role, boolean current) {
        Node node = location(match, current);
        if (node != null) {
            return onNode(clone, node, role, current);
        }
        Assign dummy = null;
        List<Node> nodes = new java.util.ArrayList<>(match.allowed.keySet());
        nodes.sort((a, b) -> {
            int sa = a.canRunResources() ? match.allowed.get(a) : -Scores.INFINITY;
            int sb = b.canRunResources() ? match.allowed.get(b) : -Scores.INFINITY;
            if (sa != sb) {
                return sa > sb ? -1 : 1;
            }
            if (a.numResources != b.numResources) {
                return a.numResources < b.numResources ? -1 : 1;
            }
            return a.uname.compareTo(b.uname);
        });
        for (Node n : nodes) {
            Resource r = onNode(clone, n, role, current);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private static Resource onNode(Resource clone, Node node, Role role, boolean current) {
        for (Resource inst : clone.children) {
            if (matches(inst, node, role, current)) {
                return inst;
            }
        }
        return null;
    }
}
