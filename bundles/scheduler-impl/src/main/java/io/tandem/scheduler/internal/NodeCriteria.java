package io.tandem.scheduler.internal;

import java.util.Map;

/** Stage: location constraints, stickiness and failure thresholds applied to allowed-node scores (apply_node_criteria). */
final class NodeCriteria {
    private NodeCriteria() {
    }

    static void run(WorkingSet ws) {
        for (Location l : ws.locations) {
            if (Probes.discoverMode(l) == Probes.EXCLUSIVE) {
                // pcmk__new_location
                l.rsc.exclusiveDiscover = true;
            }
            applyLocation(l.rsc, l, true);
        }
        for (Resource r : ws.resources) {
            stickiness(ws, r);
        }
        for (Node n : ws.nodes) {
            for (Resource r : ws.resources) {
                threshold(ws, r, n);
            }
        }
    }

    /** pcmk__apply_location for any resource variant. */
    static void applyLocation(Resource rsc, Location l, boolean first) {
        if (rsc.isGroup()) {
            apply(rsc, l, false);
            boolean reset = !"false".equals(rsc.meta.get("collocated"));
            boolean useZero = false;
            for (Resource m : rsc.children) {
                if (useZero) {
                    applyZero(m, l);
                } else {
                    applyLocation(m, l, false);
                }
                if (reset) {
                    useZero = true;
                    reset = false;
                }
            }
        } else if (rsc.isClone()) {
            apply(rsc, l, false);
            for (Resource c : rsc.children) {
                applyLocation(c, l, false);
            }
        } else {
            apply(rsc, l, false);
        }
    }

    private static void applyZero(Resource rsc, Location l) {
        if (l.roleFilter != Role.UNKNOWN && l.roleFilter != rsc.nextRole) {
            return;
        }
        if (rsc.isGroup() || rsc.isClone()) {
            for (Node n : l.nodes.keySet()) {
                rsc.allowed.putIfAbsent(n, 0);
            }
            Probes.applyDiscovery(rsc, l);
            for (Resource c : rsc.children) {
                applyZero(c, l);
            }
            return;
        }
        for (Node n : l.nodes.keySet()) {
            rsc.allowed.putIfAbsent(n, 0);
        }
        Probes.applyDiscovery(rsc, l);
    }

    private static void apply(Resource rsc, Location l, boolean unused) {
        if (l.roleFilter != Role.UNKNOWN && l.roleFilter != rsc.nextRole) {
            return;
        }
        for (Map.Entry<Node, Integer> e : l.nodes.entrySet()) {
            Integer cur = rsc.allowed.get(e.getKey());
            rsc.allowed.put(e.getKey(), cur == null ? e.getValue() : Scores.add(cur, e.getValue()));
        }
        Probes.applyDiscovery(rsc, l);
    }

    private static void stickiness(WorkingSet ws, Resource rsc) {
        if (!rsc.children.isEmpty()) {
            for (Resource c : rsc.children) {
                stickiness(ws, c);
            }
            return;
        }
        if (!rsc.managed || rsc.stickiness < 1 || rsc.runningOn.size() != 1) {
            return;
        }
        Node node = rsc.runningOn.get(0);
        if (!ws.symmetric && !rsc.allowed.containsKey(node)) {
            return;
        }
        Failures.location(rsc, node, rsc.stickiness);
    }

    private static void threshold(WorkingSet ws, Resource rsc, Node node) {
        if (!rsc.children.isEmpty()) {
            for (Resource c : rsc.children) {
                threshold(ws, c, node);
            }
            return;
        }
        Resource failed = Failures.thresholdReached(ws, rsc, node);
        if (failed != null) {
            Failures.location(failed, node, -Scores.INFINITY);
        }
    }
}
