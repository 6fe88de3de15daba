package io.tandem.scheduler.internal;

/** Stage: probes (monitor_0) for resources whose state on an online node is unknown (pcmk__schedule_probes). */
final class Probes {
    private final WorkingSet ws;
    private final Actions acts;

    Probes(WorkingSet ws, Actions acts) {
        this.ws = ws;
        this.acts = acts;
    }

    void run() {
        for (Node node : ws.nodes) {
            if (!node.online || node.unclean) {
                continue;
            }
            String probed = node.attr("probe_complete");
            if (probed != null && !Rules.isTrue(probed)) {
                Action a = acts.nodeAction("probe_nodes-" + node.uname, "probe_nodes", node, false);
                a.meta.put("crm_event", "true");
                continue;
            }
            for (Resource r : ws.resources) {
                probe(r, node);
            }
        }
    }

    private boolean probe(Resource rsc, Node node) {
        if (!ws.startupProbes) {
            return false;
        }
        if (rsc.isClone()) {
            if (rsc.children.isEmpty()) {
                return false;
            }
            if (rsc.unique) {
                boolean any = false;
                for (Resource c : sortedByInstance(rsc)) {
                    any |= probe(c, node);
                }
                return any;
            }
            // probe_anonymous_clone: the instance probed here last time, else the one to start here, else the first
            Resource child = null;
            for (Resource inst : sortedByInstance(rsc)) {
                if (knownOn(inst, node)) {
                    child = inst;
                    break;
                }
            }
            for (Resource inst : sortedByInstance(rsc)) {
                if (child != null) {
                    break;
                }
                Node loc = Assign.location(inst);
                if (loc == node) {
                    child = inst;
                    break;
                }
            }
            if (child == null) {
                child = sortedByInstance(rsc).get(0);
            }
            return probe(child, node);
        }
        if (rsc.isGroup()) {
            boolean any = false;
            for (Resource m : rsc.children) {
                any |= probe(m, node);
            }
            return any;
        }
        if (rsc.orphan) {
            return false;
        }
        if (rsc.knownOn.contains(node)) {
            return false;
        }
        Action probe = acts.rscAction(rsc, "monitor", 0, node, false);
        probe.meta.put("op_target_rc", "7");
        probe.optional = false;
        Resource top = rsc.top();
        ws.orderings.add(new WorkingSet.OrderingSpec(rsc, null, probe, top, Actions.key(top, "start", 0), null, Constraints.OPTIONAL));
        return true;
    }

    private static boolean knownOn(Resource rsc, Node node) {
        for (Resource p : rsc.primitives()) {
            if (p.knownOn.contains(node)) {
                return true;
            }
        }
        return false;
    }

    private static java.util.List<Resource> sortedByInstance(Resource clone) {
        java.util.List<Resource> l = new java.util.ArrayList<>(clone.children);
        l.sort((a, b) -> Integer.compare(a.instance, b.instance));
        return l;
    }
}
