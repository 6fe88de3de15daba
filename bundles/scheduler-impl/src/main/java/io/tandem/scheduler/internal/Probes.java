package io.tandem.scheduler.internal;

/** Stage: probes (monitor_0) for resources whose state on an online node is unknown (pcmk__schedule_probes). */
final class Probes {
    static final String REPROBE = "probe_again";
    /** pe_discover_e: a location's resource-discovery, ordered so that a stronger mode wins. */
    static final int ALWAYS = 0;
    static final int NEVER = 1;
    static final int EXCLUSIVE = 2;

    static int discoverMode(Location l) {
        if ("never".equalsIgnoreCase(l.discovery)) {
            return NEVER;
        }
        return "exclusive".equalsIgnoreCase(l.discovery) ? EXCLUSIVE : ALWAYS;
    }

    /** pcmk__apply_location: each node of the constraint keeps the strongest discovery mode applied to it. */
    static void applyDiscovery(Resource rsc, Location l) {
        int mode = discoverMode(l);
        for (Node n : l.nodes.keySet()) {
            if (rsc.discoverMode.getOrDefault(n, ALWAYS) < mode) {
                if (mode == EXCLUSIVE) {
                    rsc.exclusiveDiscover = true;
                }
                rsc.discoverMode.put(n, mode);
            }
        }
    }

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
                // pre-1.1.14 CIBs: a node whose probes are not complete is re-probed as a whole (CRM_OP_REPROBE)
                Action a = acts.nodeAction(REPROBE + "-" + node.uname, REPROBE, node, false);
                a.meta.put("op_no_wait", "true");
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
            if (rsc.exclusiveDiscover && rsc.allowed.containsKey(node)
                    && rsc.discoverMode.getOrDefault(node, ALWAYS) != EXCLUSIVE) {
                // clone_create_probe: the node is dropped so notifications list only nodes the clone may run on
                rsc.allowed.remove(node);
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
        if (inContainer(rsc)) {
            return false;
        }
        if (rsc.orphan) {
            return false;
        }
        if (rsc.knownOn.contains(node)) {
            return false;
        }
        Integer allowedMode = rsc.allowed.containsKey(node) ? rsc.discoverMode.getOrDefault(node, ALWAYS) : null;
        if (rsc.exclusiveDiscover || rsc.top().exclusiveDiscover) {
            if (allowedMode == null || allowedMode != EXCLUSIVE) {
                // exclusive discovery: only nodes a constraint marks for discovery are probed
                return false;
            }
        }
        if (allowedMode != null && allowedMode == NEVER) {
            return false;
        }
        Action probe = acts.rscAction(rsc, "monitor", 0, node, false);
        probe.meta.put("op_target_rc", "7");
        probe.optional = false;
        new Fencing(ws, acts).orderVsUnfence(rsc, node, probe, Constraints.OPTIONAL);
        // a clone instance's probe precedes the whole clone's start, any other resource's only its own start
        Resource top = rsc.top().isClone() ? rsc.top() : rsc;
        ws.orderings.add(new WorkingSet.OrderingSpec(rsc, null, probe, top, Actions.key(top, "start", 0), null, Constraints.OPTIONAL | Constraints.PROBE));
        return true;
    }

    /** setup_container: a filler resource (meta container naming another resource) is probed via its container. */
    private boolean inContainer(Resource rsc) {
        String container = rsc.meta.get("container");
        if (container == null || container.equalsIgnoreCase(rsc.id) || !ws.byId.containsKey(container)) {
            return false;
        }
        // remote connection resources are never fillers
        return !("ocf".equals(rsc.cls) && "pacemaker".equals(rsc.provider) && "remote".equals(rsc.type));
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
