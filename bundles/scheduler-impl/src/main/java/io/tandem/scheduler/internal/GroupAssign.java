package io.tandem.scheduler.internal;

/** Assignment of a group: members in order, each colocated with the one before (pcmk__group_assign). */
final class GroupAssign {
    private final Assign a;

    GroupAssign(Assign a) {
        this.a = a;
    }

    Node assign(Resource rsc, Node prefer) {
        if (!rsc.provisional) {
            return Assign.location(rsc);
        }
        if (rsc.allocating) {
            return null;
        }
        if (rsc.children.isEmpty()) {
            rsc.provisional = false;
            return null;
        }
        rsc.allocating = true;
        Resource first = rsc.children.get(0);
        Resource last = rsc.children.get(rsc.children.size() - 1);
        rsc.role = first.role;
        // the group's own colocations move to its first (dependent side) and last (primary side) members, merged
        // into their lists in priority order (pcmk__add_this_with_list, pcmk__add_with_this_list)
        for (Colocation c : rsc.rscCons) {
            Constraints.insertSorted(first.rscCons, c, true);
        }
        rsc.rscCons.clear();
        for (Colocation c : rsc.rscConsLhs) {
            Constraints.insertSorted(last.rscConsLhs, c, false);
        }
        rsc.rscConsLhs.clear();
        a.ws.addScoreLines("pcmk__group_assign", rsc, rsc.allowed);
        Node firstNode = null;
        for (Resource m : rsc.children) {
            Node n = a.assign(m, prefer);
            if (firstNode == null) {
                firstNode = n;
            }
        }
        rsc.nextRole = first.nextRole;
        rsc.allocating = false;
        rsc.provisional = false;
        if ("false".equals(rsc.meta.get("collocated"))) {
            return null;
        }
        return firstNode;
    }
}
