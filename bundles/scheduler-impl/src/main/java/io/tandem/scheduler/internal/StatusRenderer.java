package io.tandem.scheduler.internal;

import java.util.ArrayList;
import java.util.List;

/** Renders the cluster status the way crm_simulate prints it (crm_mon's text layout, pcmk_output.c / native.c). */
final class StatusRenderer {
    private final WorkingSet ws;
    private final StringBuilder out = new StringBuilder();
    /** crm_mon -r (crm_simulate always): stopped resources, inactive group members and clones' Stopped lists. */
    boolean showInactive = true;
    /**
     * crm_mon's default (no --show-detail): anonymous clone instances print under their configured id
     * (rsc_printable_id) and pending recurring monitors get a "Monitoring" flag.
     */
    boolean crmMon;

    StatusRenderer(WorkingSet ws) {
        this.ws = ws;
    }

    /**
     * What crm_simulate prints before "Current cluster status" (pcmk__simulate): the maintenance-mode banner and,
     * when any instance is disabled or blocked, the instance counts of pe__count_common.
     */
    String preamble() {
        StringBuilder b = new StringBuilder();
        if (ws.maintenanceMode) {
            b.append("\n              *** Resource management is DISABLED ***\n")
                    .append("  The cluster will not attempt to start, stop or recover services\n\n");
        }
        int[] counts = new int[3];
        for (Resource r : ws.resources) {
            count(r, counts);
        }
        if (counts[1] > 0 || counts[2] > 0) {
            b.append(counts[1]).append(" of ").append(counts[0]).append(" resource instances DISABLED and ")
                    .append(counts[2]).append(" BLOCKED from further action due to failure\n\n");
        }
        return b.toString();
    }

    /** {instances, disabled, blocked} as crm_mon's "resource instances configured" line counts them. */
    static int[] counts(WorkingSet ws) {
        int[] counts = new int[3];
        for (Resource r : ws.resources) {
            count(r, counts);
        }
        return counts;
    }

    /** pe__count_common: leaves only; orphans only while active. counts = {instances, disabled, blocked}. */
    private static void count(Resource r, int[] counts) {
        if (!r.children.isEmpty()) {
            for (Resource c : r.children) {
                count(c, counts);
            }
            return;
        }
        if (r.orphan && r.role == Role.STOPPED) {
            return;
        }
        counts[0]++;
        if (isDisabled(r)) {
            counts[1]++;
        }
        if (r.block) {
            counts[2]++;
        }
    }

    /** pe__resource_is_disabled: target-role Stopped, or Unpromoted inside a promotable clone. */
    private static boolean isDisabled(Resource r) {
        String tr = r.meta.get("target-role");
        if (tr == null) {
            return false;
        }
        Role t = Role.parse(tr);
        return t == Role.STOPPED || (t == Role.UNPROMOTED && r.top().isClone() && r.top().promotable);
    }

    String render() {
        out.append("  * Node List:\n");
        List<String> online = new ArrayList<>();
        List<String> offline = new ArrayList<>();
        NodeHealth health = NodeHealth.of(ws);
        for (Node n : ws.nodes) {
            String state = null;
            int h = health.state(n);
            if (n.unclean) {
                state = n.online ? "UNCLEAN (online)" : "UNCLEAN (offline)";
            } else if (n.pending) {
                state = "pending";
            } else if (n.standbyOnFail && n.online) {
                state = "standby (on-fail)";
            } else if (n.standby && n.online) {
                state = n.running.isEmpty() ? "standby" : "standby (with active resources)";
            } else if (n.standby) {
                state = "OFFLINE (standby)";
            } else if (n.maintenance && n.online) {
                state = "maintenance";
            } else if (n.maintenance) {
                state = "OFFLINE (maintenance)";
            } else if (n.online && h <= 0) {
                state = h < 0 ? "online (health is RED)" : "online (health is YELLOW)";
            } else if (n.online) {
                online.add(n.uname);
            } else if (h <= 0) {
                state = "OFFLINE";
            } else {
                offline.add(n.uname);
            }
            if (state != null) {
                out.append("    * Node ").append(n.uname).append(": ").append(state).append("\n");
            }
        }
        if (!online.isEmpty()) {
            out.append("    * Online: [ ").append(String.join(" ", online)).append(" ]\n");
        }
        if (!offline.isEmpty()) {
            out.append("    * OFFLINE: [ ").append(String.join(" ", offline)).append(" ]\n");
        }
        out.append(showInactive ? "\n  * Full List of Resources:\n" : "\n  * Active Resources:\n");
        List<Resource> top = new ArrayList<>();
        for (CibTopOrder t : topInDocumentOrder()) {
            if (showInactive || t.rsc.isActive()) {
                top.add(t.rsc);
            }
        }
        if (top.isEmpty()) {
            out.append(showInactive || ws.resources.isEmpty() ? "    * No resources\n" : "    * No active resources\n");
        }
        for (Resource r : top) {
            resource(r, "    ");
        }
        return out.toString();
    }

    private record CibTopOrder(Resource rsc) {
    }

    /** data_set->resources: configured resources sorted by priority (stable), then orphans as unpacked. */
    private List<CibTopOrder> topInDocumentOrder() {
        List<CibTopOrder> l = new ArrayList<>();
        for (Resource r : ws.resources) {
            if (r.parent == null) {
                if (r.orphan && r.runningOn.isEmpty()) {
                    continue;
                }
                l.add(new CibTopOrder(r));
            }
        }
        return l;
    }

    private void resource(Resource r, String indent) {
        switch (r.variant) {
            case PRIMITIVE:
                out.append(indent).append("* ").append(primitive(r, printable(r))).append("\n");
                break;
            case GROUP:
                group(r, indent);
                break;
            case CLONE:
                clone(r, indent);
                break;
            default:
                break;
        }
    }

    /** The name a primitive prints under: its id, or in crm_mon mode rsc_printable_id. */
    private String printable(Resource r) {
        if (!crmMon || r.unique || !r.inClone()) {
            return r.id;
        }
        return r.xml.id();
    }

    private static boolean disabled(Resource r) {
        String tr = r.meta.get("target-role");
        return tr != null && Role.parse(tr) == Role.STOPPED;
    }

    private void group(Resource g, String indent) {
        List<String> attrs = new ArrayList<>();
        int inactive = 0;
        for (Resource m : g.children) {
            if (!m.isActive()) {
                inactive++;
            }
        }
        if (!showInactive && inactive > 0) {
            attrs.add(inactive + " member" + (inactive == 1 ? "" : "s") + " inactive");
        }
        if (disabled(g) && g.parent == null) {
            attrs.add("disabled");
        }
        if (g.maintenance) {
            attrs.add("maintenance");
        } else if (!g.managed) {
            attrs.add("unmanaged");
        }
        out.append(indent).append("* Resource Group: ").append(g.id).append(attrs.isEmpty() ? "" : " (" + String.join(", ", attrs) + ")").append(":\n");
        for (Resource m : g.children) {
            if (showInactive || m.isActive()) {
                resource(m, indent + "  ");
            }
        }
    }

    private static boolean allManaged(Resource r) {
        if (r.isPrimitive()) {
            return r.managed;
        }
        if (!r.managed) {
            return false;
        }
        for (Resource c : r.children) {
            if (!allManaged(c)) {
                return false;
            }
        }
        return true;
    }

    private String primitive(Resource r, String name) {
        return primitive(r, name, crmMon && "monitor".equals(r.pendingTask));
    }

    private static String primitive(Resource r, String name, boolean monitoring) {
        StringBuilder s = new StringBuilder();
        s.append(name).append("\t(").append(r.cls);
        if (r.provider != null && "ocf".equals(r.cls)) {
            s.append(":").append(r.provider);
        }
        s.append(":").append(r.type).append("):\t");
        if (r.orphan) {
            s.append(" ORPHANED");
        }
        Role role = r.role;
        Resource top = r.top();
        if (role == Role.STARTED && top.isClone() && top.promotable) {
            role = Role.UNPROMOTED;
        }
        if (r.failed) {
            s.append(" FAILED");
            if (role.above(Role.UNPROMOTED)) {
                s.append(" ").append(role.text);
            }
        } else {
            String state = role.text;
            if (r.pendingTask != null && !"probe".equals(r.pendingTask) && !"monitor".equals(r.pendingTask)) {
                state = pendingText(r.pendingTask, state);
            }
            s.append(" ").append(state);
        }
        Node node = r.runningOn.size() == 1 ? r.runningOn.get(0) : null;
        if (node == null && r.runningOn.isEmpty() && r.lockNode != null) {
            // a resource locked to a node that shut down shows where it waits
            node = r.lockNode;
        }
        if (node != null) {
            s.append(" ").append(node.uname);
        }
        List<String> flags = new ArrayList<>();
        if (node != null && !node.online && node.unclean) {
            flags.add("UNCLEAN");
        }
        if (node != null && node == r.lockNode) {
            flags.add("LOCKED");
        }
        if (monitoring) {
            flags.add("Monitoring");
        }
        String tr = r.meta.get("target-role");
        if (tr != null) {
            Role t = Role.parse(tr);
            if (t == Role.STOPPED) {
                flags.add("disabled");
            } else if (top.promotable && t == Role.UNPROMOTED) {
                flags.add("target-role:" + tr);
            }
        }
        if (r.block) {
            flags.add("blocked");
        } else if (r.maintenance) {
            flags.add("maintenance");
        } else if (!r.managed) {
            flags.add("unmanaged");
        }
        if (r.failureIgnored) {
            flags.add("failure ignored");
        }
        if (!flags.isEmpty()) {
            s.append(" (").append(String.join(", ", flags)).append(")");
        }
        if (r.runningOn.size() > 1) {
            if (r.description != null) {
                s.append(" (").append(r.description).append(")");
            }
            s.append(" [");
            for (Node n : r.runningOn) {
                s.append(" ").append(n.uname);
            }
            s.append(" ]");
        }
        return s.toString();
    }

    private static String pendingText(String task, String dflt) {
        switch (task) {
            case "start":
                return "Starting";
            case "stop":
                return "Stopping";
            case "promote":
                return "Promoting";
            case "demote":
                return "Demoting";
            case "migrate_to":
            case "migrate_from":
                return "Migrating";
            default:
                return dflt;
        }
    }

    private void clone(Resource c, String indent) {
        List<String> attrs = new ArrayList<>();
        if (c.promotable) {
            attrs.add("promotable");
        }
        if (c.unique) {
            attrs.add("unique");
        }
        if (disabled(c)) {
            attrs.add("disabled");
        }
        if (c.maintenance) {
            attrs.add("maintenance");
        } else if (!c.managed) {
            attrs.add("unmanaged");
        }
        String child = UnpackResources.cloneChildXml(c) == null ? "" : UnpackResources.cloneChildXml(c).id();
        out.append(indent).append("* Clone Set: ").append(c.id).append(" [").append(child).append("]")
                .append(attrs.isEmpty() ? "" : " (" + String.join(", ", attrs) + ")").append(":\n");
        String in = indent + "  ";
        List<Node> promoted = new ArrayList<>();
        List<Node> started = new ArrayList<>();
        List<Resource> kids = new ArrayList<>(c.children);
        kids.sort((a, b) -> Integer.compare(a.instance, b.instance));
        int active = 0;
        for (Resource inst : kids) {
            boolean partiallyActive = inst.isActive();
            if (inst.orphan && !partiallyActive) {
                continue;
            }
            boolean full = false;
            if (c.unique) {
                full = true;
            } else if (pendingNonProbe(inst)) {
                full = true;
            } else if (!partiallyActive) {
                // listed among the stopped nodes
            } else if (anyOrphan(inst) || !allManaged(inst) || CloneAssign.didFail(inst)) {
                full = true;
            } else if (fullyActive(inst)) {
                List<Node> on = CloneAssign.activeOn(inst);
                if (on.size() == 1) {
                    Node loc = on.get(0);
                    Role role = Instances.state(inst, true);
                    if (!loc.online && loc.unclean) {
                        full = true;
                    } else if (role.above(Role.UNPROMOTED)) {
                        promoted.add(loc);
                    } else {
                        started.add(loc);
                    }
                } else {
                    full = true;
                }
            } else {
                full = true;
            }
            if (full) {
                if (inst.isPrimitive()) {
                    out.append(in).append("* ").append(primitive(inst, printable(inst))).append("\n");
                } else {
                    resource(inst, in);
                }
            }
        }
        promoted.sort((a, b) -> NodeOrder.compare(a.uname, b.uname));
        started.sort((a, b) -> NodeOrder.compare(a.uname, b.uname));
        if (!promoted.isEmpty()) {
            out.append(in).append("* Promoted: [ ").append(names(promoted)).append(" ]\n");
            active += promoted.size();
        }
        if (!started.isEmpty()) {
            String label = c.promotable ? (Role.parse(c.meta.get("target-role")) == Role.UNPROMOTED && c.meta.get("target-role") != null
                    ? "Unpromoted (target-role)" : "Unpromoted") : "Started";
            out.append(in).append("* ").append(label).append(": [ ").append(names(started)).append(" ]\n");
            active += started.size();
        }
        String state = disabled(c) ? "Stopped (disabled)" : "Stopped";
        if (showInactive && !c.unique && c.cloneMax > active) {
            List<Node> list = new ArrayList<>(c.allowed.keySet());
            if (list.isEmpty()) {
                list = new ArrayList<>(c.knownOn);
            }
            list.sort((a, b) -> NodeOrder.compare(a.uname, b.uname));
            List<String> stopped = new ArrayList<>();
            for (Node n : list) {
                if (!c.runningOn.contains(n)) {
                    stopped.add(n.uname);
                }
            }
            if (!stopped.isEmpty()) {
                out.append(in).append("* ").append(state).append(": [ ").append(String.join(" ", stopped)).append(" ]\n");
            }
        }
    }

    private static boolean pendingNonProbe(Resource inst) {
        for (Resource p : inst.primitives()) {
            if (p.pendingTask != null && !"probe".equals(p.pendingTask)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyOrphan(Resource r) {
        for (Resource p : r.primitives()) {
            if (p.orphan) {
                return true;
            }
        }
        return r.orphan;
    }

    private static boolean fullyActive(Resource r) {
        for (Resource p : r.primitives()) {
            if (p.runningOn.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static String names(List<Node> nodes) {
        List<String> s = new ArrayList<>();
        for (Node n : nodes) {
            s.add(n.uname);
        }
        return String.join(" ", s);
    }
}
