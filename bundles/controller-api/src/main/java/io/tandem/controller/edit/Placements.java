package io.tandem.controller.edit;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import io.tandem.cib.CibValues;
import io.tandem.controller.AdminException;
import io.tandem.controller.ClusterAdmin.Placement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where resources run, read from the status section's operation history alone (no scheduler run): for every
 * {@code lrm_resource} of a node that is not cleanly down (see {@link #isCleanlyDown}), the results of
 * its {@code lrm_rsc_op}s in call-id order decide whether it is stopped, started or promoted there.
 *
 * <p>Rules: a successful start, migrate_from or probe/monitor returning 0 means started (unpromoted in a promotable
 * clone); promote or a monitor returning 8 means promoted; demote means unpromoted; a successful stop, a probe
 * returning 7 and "not installed" mean stopped; any other failure (a recurring monitor that found it not running, a
 * failed start or stop) leaves the resource active, as Pacemaker counts a failed resource as active until it is
 * stopped; pending starts and promotes count as done; cancelled operations are ignored; agent errors (op-status 4 to 6)
 * are judged by their exit code alone, as Pacemaker remaps them.
 *
 * <p>Known limits, compared with what the scheduler decides: node states are judged from {@code in_ccm},
 * {@code crmd}, {@code join} and stonith-enabled only (no shutdown, maintenance or remote-connection logic); a source node of a
 * migration stays active until its stop is recorded; the expected result encoded in the transition key is not
 * consulted; clone instances are not numbered (a clone's placement lists every node an instance is active on); bundles
 * have no placement; remote and guest nodes are named by their node_state uname like any node.
 */
public final class Placements {
    private Placements() {
    }

    /** The role of one primitive (or primitive instance) on one node, in the words Pacemaker uses. */
    enum Role { STOPPED, STARTED, PROMOTED }

    /** Every primitive active on a member node: {@code primitive id -> node -> role}, in status order. */
    static Map<String, Map<String, Role>> primitiveRoles(Cib cib) {
        Map<String, Map<String, Role>> out = new LinkedHashMap<>();
        boolean fencing = fencingEnabled(cib);
        for (CibElement state : cib.status().children("node_state")) {
            if (isCleanlyDown(state, fencing)) {
                continue;
            }
            String node = state.attr("uname");
            if (node == null) {
                continue;
            }
            state.path("lrm", "lrm_resources").ifPresent(rs -> {
                for (CibElement r : rs.children("lrm_resource")) {
                    String id = r.id();
                    if (id == null) {
                        continue;
                    }
                    int colon = id.indexOf(':');
                    String base = colon < 0 ? id : id.substring(0, colon);
                    Role role = roleOf(r);
                    if (role != Role.STOPPED) {
                        out.computeIfAbsent(base, k -> new LinkedHashMap<>()).merge(node, role,
                                (a, b) -> a.compareTo(b) >= 0 ? a : b);
                    }
                }
            });
        }
        return out;
    }

    /**
     * Whether a node's resources are known to be stopped because the node is down: its controller is offline and
     * it left the membership (or its join is down), or it left the membership while fencing is disabled. A node that
     * left the membership with its controller still "online" is unclean: Pacemaker keeps its resources active
     * until it is fenced.
     */
    static boolean isCleanlyDown(CibElement state, boolean fencing) {
        boolean inMembership = !"false".equals(state.attr("in_ccm"));
        boolean controllerDown = "offline".equals(state.attr("crmd")) || "false".equals(state.attr("crmd"));
        if (controllerDown && (!inMembership || "down".equals(state.attr("join")))) {
            return true;
        }
        return !inMembership && !fencing;
    }

    private static boolean fencingEnabled(Cib cib) {
        Optional<CibElement> config = cib.configuration().child("crm_config");
        if (config.isEmpty()) {
            return true;
        }
        for (CibElement set : config.get().children("cluster_property_set")) {
            for (CibElement nv : set.children("nvpair")) {
                if ("stonith-enabled".equals(nv.attr("name")) && nv.attr("value") != null
                        && CibValues.isBoolean(nv.attr("value"))) {
                    return CibValues.parseBoolean(nv.attr("value"));
                }
            }
        }
        return true;
    }

    static Role roleOf(CibElement lrmResource) {
        List<CibElement> ops = new ArrayList<>(lrmResource.children("lrm_rsc_op"));
        // Pending operations have call-id -1 and are the newest.
        ops.sort(Comparator.comparingLong(Placements::callOrder));
        Role role = Role.STOPPED;
        for (CibElement op : ops) {
            String task = op.attr("operation", "");
            int rc = intAttr(op, "rc-code", 0);
            int status = intAttr(op, "op-status", 0);
            boolean probe = task.equals("monitor") && intAttr(op, "interval", 0) == 0;
            if (status >= 4 && status <= 6) {
                // Agent errors (soft, hard, fatal) are judged by the exit code, as Pacemaker remaps them: a probe
                // of an old CIB recorded as "error, not running" means stopped.
                status = 0;
            }
            if (status == 1) { // cancelled
                continue;
            }
            if (status == -1 || "-1".equals(op.attr("call-id"))) { // pending
                role = switch (task) {
                    case "start", "migrate_from" -> max(role, Role.STARTED);
                    case "promote" -> Role.PROMOTED;
                    default -> role;
                };
                continue;
            }
            if (status == 7 || (status == 0 && rc == 5 && probe)) { // not installed
                role = Role.STOPPED;
                continue;
            }
            if (status != 0) {
                role = max(role, task.equals("promote") || task.equals("demote") ? Role.PROMOTED : Role.STARTED);
                continue;
            }
            role = switch (task) {
                case "start", "migrate_from" -> rc == 0 ? Role.STARTED : max(role, Role.STARTED);
                case "stop" -> rc == 0 ? Role.STOPPED : max(role, Role.STARTED);
                case "promote" -> Role.PROMOTED;
                case "demote" -> rc == 0 ? Role.STARTED : Role.PROMOTED;
                case "migrate_to" -> max(role, Role.STARTED);
                case "monitor" -> switch (rc) {
                    case 0 -> Role.STARTED;
                    case 8, 9 -> Role.PROMOTED;
                    case 7 -> probe ? Role.STOPPED : max(role, Role.STARTED);
                    default -> max(role, Role.STARTED);
                };
                default -> role;
            };
        }
        return role;
    }

    private static Role max(Role a, Role b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static long callOrder(CibElement op) {
        long id = intAttr(op, "call-id", 0);
        return id < 0 ? Long.MAX_VALUE : id;
    }

    private static int intAttr(CibElement e, String name, int fallback) {
        String v = e.attr(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException ex) {
            return fallback;
        }
    }

    /**
     * Where a configured resource is active: a primitive per node it runs on; a group on each node where a member
     * runs ({@code Started}); a clone on each node an instance runs on. Roles are {@code Started}, or
     * {@code Promoted}/{@code Unpromoted} for a promotable clone and the resources in it.
     *
     * @throws AdminException NOT_FOUND for an unknown resource, INVALID for a clone instance name
     */
    public static List<Placement> of(Cib cib, String resource) throws AdminException {
        CibResource r = CibResource.require(cib, resource);
        Map<String, Map<String, Role>> roles = primitiveRoles(cib);
        Map<String, Role> byNode = new LinkedHashMap<>();
        for (String prim : r.primitiveIds()) {
            roles.getOrDefault(prim, Map.of()).forEach((node, role) -> byNode.merge(node, role, Placements::max));
        }
        boolean promotable = r.inPromotable();
        // Nodes in status order, as crm_resource --locate lists them.
        List<Placement> out = new ArrayList<>();
        byNode.forEach((node, role) -> out.add(new Placement(r.id(), node, roleName(role, promotable))));
        return out;
    }

    /** Every configured top-level resource's placement, in configuration order (see {@link #of}). */
    public static List<Placement> all(Cib cib) {
        List<Placement> out = new ArrayList<>();
        cib.configuration().child("resources").ifPresent(rs -> {
            for (CibElement c : rs.children()) {
                if (CibResource.KINDS.contains(c.name()) && c.id() != null) {
                    try {
                        out.addAll(of(cib, c.id()));
                    } catch (AdminException e) {
                        throw new IllegalStateException("resource " + c.id() + " vanished", e);
                    }
                }
            }
        });
        return out;
    }

    private static String roleName(Role role, boolean promotable) {
        return switch (role) {
            case PROMOTED -> "Promoted";
            case STARTED -> promotable ? "Unpromoted" : "Started";
            case STOPPED -> "Stopped";
        };
    }
}
