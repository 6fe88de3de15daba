package io.tandem.controller.edit;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import io.tandem.controller.AdminException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The CIB part of {@code crm_resource --cleanup} / {@code --refresh}: what the controller and the attribute manager
 * remove from the status section so that the DC forgets a resource's failures and history and probes it again.
 *
 * <p>Removed, on the chosen node (every node with a status entry when none is given): the {@code lrm_resource}
 * entries of the resource's primitives (including clone instance entries such as {@code rsc:1}) and the transient
 * attributes {@code fail-count-<primitive>[#<op>_<interval>]} and {@code last-failure-<primitive>[...]} (also for
 * instance names). Without a resource, every resource's. With {@code onlyFailed} (crm_resource --cleanup as opposed to
 * --refresh), a history is removed only on nodes where it records a failure: an operation whose status is not done,
 * cancelled or pending (agent errors are judged by their result), whose result differs from the one its transition key expected, or a
 * {@code *_last_failure_*} entry; fail counts go everywhere either way.
 */
public final class StatusEdits {
    private StatusEdits() {
    }

    /**
     * @throws AdminException NOT_FOUND for an unknown resource or node
     */
    public static Cib cleanup(Cib cib, Optional<String> resource, Optional<String> node, boolean onlyFailed)
            throws AdminException {
        Set<String> prims;
        if (resource.isPresent()) {
            String name = resource.get();
            int colon = name.indexOf(':');
            String base = colon < 0 ? name : name.substring(0, colon);
            CibResource r = CibResource.find(cib, base).orElseThrow(() -> new AdminException(
                    AdminException.Reason.NOT_FOUND, "resource '" + name + "' not found"));
            prims = new HashSet<>(r.primitiveIds());
        } else {
            prims = null;
        }
        Optional<String> uuid = Optional.empty();
        if (node.isPresent()) {
            uuid = Optional.of(CibNodes.requireUuid(cib, node.get()));
        }
        Predicate<String> ours = id -> {
            if (prims == null) {
                return true;
            }
            int colon = id.indexOf(':');
            return prims.contains(colon < 0 ? id : id.substring(0, colon));
        };
        Optional<String> only = uuid;
        return Trees.updateStatus(cib, status -> Trees.mapAll(status,
                s -> s.name().equals("node_state") && (only.isEmpty() || only.get().equals(s.id())),
                s -> cleanNode(s, ours, onlyFailed)));
    }

    private static CibElement cleanNode(CibElement state, Predicate<String> ours, boolean onlyFailed) {
        CibElement out = Trees.mapAll(state, c -> c.name().equals("lrm"),
                lrm -> Trees.mapAll(lrm, c -> c.name().equals("lrm_resources"),
                        rs -> Trees.removeChildren(rs, r -> r.name().equals("lrm_resource") && r.id() != null
                                && ours.test(r.id()) && (!onlyFailed || hasFailure(r)))));
        return Trees.mapAll(out, c -> c.name().equals("transient_attributes"),
                t -> Trees.mapAll(t, set -> set.name().equals("instance_attributes"),
                        set -> Trees.removeChildren(set, nv -> nv.name().equals("nvpair")
                                && isFailAttribute(nv.attr("name"), ours))));
    }

    /** Whether an attribute name is {@code fail-count-<rsc>} or {@code last-failure-<rsc>}, optionally {@code #op_interval}. */
    static boolean isFailAttribute(String name, Predicate<String> ours) {
        if (name == null) {
            return false;
        }
        String rest;
        if (name.startsWith("fail-count-")) {
            rest = name.substring("fail-count-".length());
        } else if (name.startsWith("last-failure-")) {
            rest = name.substring("last-failure-".length());
        } else {
            return false;
        }
        int hash = rest.indexOf('#');
        String rsc = hash < 0 ? rest : rest.substring(0, hash);
        return !rsc.isEmpty() && ours.test(rsc);
    }

    static boolean hasFailure(CibElement lrmResource) {
        for (CibElement op : lrmResource.children("lrm_rsc_op")) {
            if (op.id() != null && op.id().contains("_last_failure_")) {
                return true;
            }
            String status = op.attr("op-status", "0").trim();
            // agent errors (4 to 6) are judged by their exit code, as Pacemaker remaps them
            boolean byExitCode = Set.of("0", "4", "5", "6").contains(status);
            if (!byExitCode && !status.equals("1") && !status.equals("-1")) {
                return true;
            }
            if (byExitCode && !op.attr("rc-code", "0").trim().equals(expectedRc(op))) {
                return true;
            }
        }
        return false;
    }

    /** The result the DC expected, the third field of {@code transition-key} (action:transition:rc:uuid). */
    private static String expectedRc(CibElement op) {
        String key = op.attr("transition-key");
        if (key != null) {
            List<String> parts = List.of(key.split(":"));
            if (parts.size() >= 4) {
                return parts.get(2).trim();
            }
        }
        return "0";
    }
}
