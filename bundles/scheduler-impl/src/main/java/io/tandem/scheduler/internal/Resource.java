package io.tandem.scheduler.internal;

import io.tandem.cib.CibElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A resource and its scheduling state (pe_resource_t): primitives, groups and clones share this type. */
final class Resource {
    enum Variant { PRIMITIVE, GROUP, CLONE }

    final String id;
    final Variant variant;
    final CibElement xml;
    Resource parent;
    final List<Resource> children = new ArrayList<>();
    final Map<String, String> meta = new LinkedHashMap<>();
    final Map<String, String> params = new LinkedHashMap<>();
    final List<OpDef> ops = new ArrayList<>();
    String cls;
    String provider;
    String type;

    // configuration-derived
    boolean managed = true;
    boolean maintenance;
    boolean unique;
    boolean promotable;
    boolean notify;
    boolean interleave;
    boolean ordered;
    boolean critical = true;
    boolean isStonith;
    /** requires=unfencing (pe_rsc_needs_unfencing): probes and starts wait for the node to be unfenced. */
    boolean needsUnfencing;
    boolean orphan;
    String requires = "fencing";
    int priority;
    int stickiness;
    int migrationThreshold = Scores.INFINITY;
    long failureTimeoutSec;
    int cloneMax;
    int cloneNodeMax = 1;
    int promotedMax = 1;
    int promotedNodeMax = 1;
    String multipleActive = "stop_start";
    /** The instance number for clone instances, -1 otherwise. */
    int instance = -1;
    /** For clones: the next instance number to create for orphans/extra instances. */
    int nextInstance;
    String description;
    /** The history id this instance was found under, when it differs from its id (clone_name). */
    String cloneName;

    // status-derived
    Role role = Role.STOPPED;
    Role nextRole = Role.UNKNOWN;
    final List<Node> runningOn = new ArrayList<>();
    final Set<Node> knownOn = new LinkedHashSet<>();
    boolean failed;
    boolean stopFlag;
    boolean block;
    boolean failureIgnored;
    boolean startPending;
    String pendingTask;
    Node pendingNode;
    /** Per-node operation history (sorted by call-id) for digest and recurring checks. */
    final Map<Node, List<CibElement>> history = new LinkedHashMap<>();
    /** Failed operations for the "Failed Resource Actions" listing. */
    final List<CibElement> failedOps = new ArrayList<>();
    Node partialMigrationTarget;
    Node partialMigrationSource;
    /** allow-migrate (pe_rsc_allow_migrate); cleared when a failed migration requires recovery. */
    boolean migratable;
    /** Sources of migrations whose migrate_from completed but whose stop did not (newest first). */
    final List<Node> danglingMigrations = new ArrayList<>();
    /** Shutdown lock: the node this resource is locked to and since when (epoch seconds). */
    Node lockNode;
    long lockTime;

    // assignment
    boolean provisional = true;
    boolean allocating;
    boolean merging;
    boolean restarting;
    boolean stopUnexpected;
    Node allocatedTo;
    final Map<Node, Integer> allowed = new LinkedHashMap<>();
    /** rsc_discover_mode of the allowed-node copies (Probes.ALWAYS/NEVER/EXCLUSIVE); absent means always. */
    final Map<Node, Integer> discoverMode = new LinkedHashMap<>();
    boolean exclusiveDiscover;
    /** Per-node instance counters of a clone (the count field of its allowed-node copies). */
    final Map<Node, Integer> counts = new LinkedHashMap<>();
    final List<Colocation> rscCons = new ArrayList<>();
    final List<Colocation> rscConsLhs = new ArrayList<>();
    /** rsc_tickets: the ticket constraints naming this resource. */
    final List<Tickets.RscTicket> tickets = new ArrayList<>();
    /** Utilization this resource consumes (rsc->utilization), unpacked on first use by Utilization. */
    Map<String, String> utilization;
    /** Promotion priority of a promotable instance while roles are chosen. */
    int promotionPriority;
    int sortIndex;

    final List<Action> actions = new ArrayList<>();

    Resource(String id, Variant variant, CibElement xml) {
        this.id = id;
        this.variant = variant;
        this.xml = xml;
    }

    boolean isPrimitive() {
        return variant == Variant.PRIMITIVE;
    }

    boolean isGroup() {
        return variant == Variant.GROUP;
    }

    boolean isClone() {
        return variant == Variant.CLONE;
    }

    Resource top() {
        Resource r = this;
        while (r.parent != null) {
            r = r.parent;
        }
        return r;
    }

    boolean inClone() {
        Resource r = parent;
        while (r != null) {
            if (r.isClone()) {
                return true;
            }
            r = r.parent;
        }
        return false;
    }

    Resource cloneParent() {
        Resource r = parent;
        while (r != null) {
            if (r.isClone()) {
                return r;
            }
            r = r.parent;
        }
        return null;
    }

    boolean isPromotableInstanceOrChild() {
        Resource c = cloneParent();
        return c != null && c.promotable;
    }

    /** The id without a clone instance suffix (clone_strip). */
    String baseId() {
        int i = id.lastIndexOf(':');
        return i > 0 && instanceBelow() ? id.substring(0, i) : id;
    }

    private boolean instanceBelow() {
        return inClone();
    }

    /**
     * pe__find_active_on: the partial migration source, else (for resources that do not need fencing) the first
     * clean online node it is active on, else the first node it is active on.
     */
    Node currentNode() {
        if (runningOn.isEmpty()) {
            return null;
        }
        if (partialMigrationSource != null) {
            return runningOn.contains(partialMigrationSource) ? partialMigrationSource : runningOn.get(0);
        }
        if (!"fencing".equals(requires)) {
            for (Node n : runningOn) {
                if (n.online && !n.unclean) {
                    return n;
                }
            }
        }
        return runningOn.get(0);
    }

    List<Resource> primitives() {
        List<Resource> out = new ArrayList<>();
        collectPrimitives(out);
        return out;
    }

    private void collectPrimitives(List<Resource> out) {
        if (isPrimitive()) {
            out.add(this);
        } else {
            for (Resource c : children) {
                c.collectPrimitives(out);
            }
        }
    }

    boolean isActive() {
        if (isPrimitive()) {
            return !runningOn.isEmpty();
        }
        for (Resource c : children) {
            if (c.isActive()) {
                return true;
            }
        }
        return false;
    }

    String targetRole() {
        return meta.get("target-role");
    }

    void setNextRole(Role r) {
        nextRole = r;
    }

    @Override
    public String toString() {
        return id;
    }
}
