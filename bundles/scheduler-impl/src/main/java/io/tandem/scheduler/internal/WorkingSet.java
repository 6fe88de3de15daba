package io.tandem.scheduler.internal;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the stages share while scheduling one CIB (pe_working_set_t). Stages run in a fixed order and
 * each one only adds to what earlier stages computed; nothing here touches I/O, threads or a clock.
 */
final class WorkingSet {
    final Cib cib;
    final long now;
    final Map<String, String> config = new LinkedHashMap<>();
    final Map<String, String> rscDefaults = new LinkedHashMap<>();
    final Map<String, String> opDefaults = new LinkedHashMap<>();

    boolean stonithEnabled = true;
    boolean symmetric = true;
    boolean haveQuorum;
    String noQuorumPolicy = "stop";
    boolean startFailureIsFatal = true;
    boolean stopOrphanResources = true;
    boolean stopOrphanActions = true;
    boolean stopEverything;
    boolean maintenanceMode;
    boolean startupFencing = true;
    boolean startupProbes = true;
    boolean haveStonithResource;
    /** A fence device provides unfencing (pe_flag_enable_unfencing). */
    boolean enableUnfencing;
    boolean concurrentFencing = true;
    String stonithAction = "reboot";
    /** shutdown-lock: resources of a cleanly shut down node stay there; the lock lasts shutdownLockSeconds (0: ever). */
    boolean shutdownLock;
    long shutdownLockSeconds;
    String placementStrategy = "default";
    int defaultStickiness;
    Node dcNode;

    final List<Node> nodes = new ArrayList<>();
    /** Nodes pe_fence_node marked unclean while unpacking, in call order (their fencing actions come first). */
    final List<Node> fencedInUnpack = new ArrayList<>();
    final Map<String, Node> nodesById = new HashMap<>();
    final Map<String, Node> nodesByName = new HashMap<>();
    /** Top-level resources, sorted by priority as unpack_resources leaves them. */
    final List<Resource> resources = new ArrayList<>();
    /** Every resource by id, including group members and clone instances ("rsc:0"). */
    final Map<String, Resource> byId = new LinkedHashMap<>();
    /** Ticket states (Tickets), read when the first rsc_ticket constraint is unpacked. */
    Map<String, Tickets.Ticket> tickets;
    final Map<String, CibElement> templates = new HashMap<>();

    final List<Location> locations = new ArrayList<>();
    final List<Colocation> colocations = new ArrayList<>();
    /** Every new ordering also orders the migration actions equivalent to it (pcmk__new_ordering). */
    final List<OrderingSpec> orderings = new ArrayList<>() {
        @Override
        public boolean add(OrderingSpec o) {
            super.add(o);
            Migration.orderEquivalents(WorkingSet.this, o);
            return true;
        }
    };

    final List<Action> actions = new ArrayList<>();
    final Map<String, Action> actionIndex = new HashMap<>();
    int nextActionId;

    final List<String> scoreLines = new ArrayList<>();
    /** Failed operations for crm_mon's "Failed Resource Actions" (data_set->failed). */
    final List<FailedOp> failedOps = new ArrayList<>();
    UnpackStatus statusRef;
    final List<String> warnings = new ArrayList<>();

    WorkingSet(Cib cib, long now) {
        this.cib = cib;
        this.now = now;
    }

    Node node(String nameOrId) {
        Node n = nodesByName.get(nameOrId);
        return n != null ? n : nodesById.get(nameOrId);
    }

    /** pe__show_node_weights: the resource's scores, then each descendant's own; orphans are never shown. */
    void addScoreLines(String stage, Resource rsc, Map<Node, Integer> scores) {
        if (rsc.orphan) {
            return;
        }
        for (Map.Entry<Node, Integer> e : scores.entrySet()) {
            scoreLines.add(stage + ": " + rsc.id + " allocation score on " + e.getKey().uname + ": " + Scores.format(e.getValue()));
        }
        for (Resource child : rsc.children) {
            addScoreLines(stage, child, child.allowed);
        }
    }

    record FailedOp(CibElement op, Node node, Resource rsc) {
    }

    /** A resource-independent ordering request, resolved to actions once all actions exist (pe__ordering_t). */
    static final class OrderingSpec {
        final Resource firstRsc;
        final String firstTask;
        final Action firstAction;
        final Resource thenRsc;
        final String thenTask;
        final Action thenAction;
        final int type;

        OrderingSpec(Resource firstRsc, String firstTask, Action firstAction, Resource thenRsc, String thenTask, Action thenAction, int type) {
            this.firstRsc = firstRsc;
            this.firstTask = firstTask;
            this.firstAction = firstAction;
            this.thenRsc = thenRsc;
            this.thenTask = thenTask;
            this.thenAction = thenAction;
            this.type = type;
        }
    }
}
