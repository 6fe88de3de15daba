package io.tandem.controller.internal;

import io.tandem.attributes.AttributeLifetime;
import io.tandem.attributes.AttributeListener;
import io.tandem.attributes.NodeAttributes;
import io.tandem.cib.Cib;
import io.tandem.cib.CibDiff;
import io.tandem.cib.CibElement;
import io.tandem.cib.CibEvent;
import io.tandem.cib.CibListener;
import io.tandem.cib.CibPatch;
import io.tandem.cib.CibPatchException;
import io.tandem.cib.CibStore;
import io.tandem.cib.CibUpdate;
import io.tandem.cib.CibUpdateException;
import io.tandem.cib.CibXml;
import io.tandem.common.CibVersion;
import io.tandem.common.NodeId;
import io.tandem.common.Scheduler;
import io.tandem.controller.AdminException;
import io.tandem.controller.ControllerState;
import io.tandem.executor.Executor;
import io.tandem.executor.OperationResult;
import io.tandem.membership.QuorumStatus;
import io.tandem.membership.View;
import io.tandem.membership.ViewListener;
import io.tandem.messaging.ClusterMessenger;
import io.tandem.messaging.Message;
import io.tandem.scheduler.GraphAction;
import io.tandem.scheduler.TransitionGraph;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller of one node: follows the membership, and on the DC (the coordinator of the current view) runs
 * the join, replicates the CIB, runs the scheduler and executes its transition graphs. Everything happens on one
 * thread, the {@link Scheduler} given; the public methods hand over to it.
 *
 * <p>DC duties, in Pacemaker's terms: on every view change a join (each member reports its CIB version and its
 * executor's resource history; the newest CIB wins; the DC writes node states, histories, transient attributes,
 * {@code dc-uuid} and {@code have-quorum} and sends every member the whole CIB), then a transition. Every later
 * change is sent as a patch. A transition runs its actions as their inputs allow (batch-limit); each result is
 * written into the status; an unexpected result, a CIB change or a view change aborts the transition, which drains
 * (in-flight actions finish) before the scheduler runs again.
 */
final class Controller implements ViewListener, CibListener, AttributeListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    private final Scheduler loop;
    private final ClusterMessenger messenger;
    private final CibStore store;
    private final io.tandem.scheduler.Scheduler policy;
    private final NodeAttributes attributes;
    private final ControllerSettings settings;
    private final NodeId local;
    private final String localName;
    private final LocalActions localActions;
    private final List<AutoCloseable> registrations = new ArrayList<>();

    // membership
    private View view;
    private QuorumStatus quorum;
    private NodeId dc;

    // DC state
    private long joinCounter;
    private long currentJoin;
    private final Map<NodeId, JoinReply> joinReplies = new HashMap<>();
    /** The members whose history the last completed join has. */
    private Set<NodeId> joined = Set.of();
    private Scheduler.Cancellable joinTimer;
    private boolean integrating;
    private TransitionRun running;
    private long transitionCounter;
    private boolean scheduleQueued;
    private boolean rescheduleAfterRun;
    private boolean recordingExpected;
    private boolean suppressBroadcast;
    private boolean attributeSyncQueued;
    private Scheduler.Cancellable recheckTimer;
    private final Map<Integer, Scheduler.Cancellable> actionTimers = new HashMap<>();
    private Instant lastTransitionEnd;
    private long fencingBlockedUntilNanos;
    /** Nodes that asked to stop cleanly: they get the transient attribute {@code shutdown}. */
    private final Map<String, String> shutdownRequests = new LinkedHashMap<>();

    // member state
    private long adminCounter;
    private final Map<Long, CompletableFuture<CibVersion>> pendingAdmin = new HashMap<>();
    private CompletableFuture<Void> shutdown;
    private boolean closed;

    private record JoinReply(CibVersion version, List<CibElement> history, Optional<Cib> newerCib) {
    }

    Controller(Scheduler loop, ClusterMessenger messenger, CibStore store, io.tandem.scheduler.Scheduler policy,
               Executor executor, NodeAttributes attributes, ControllerSettings settings) {
        this.loop = loop;
        this.messenger = messenger;
        this.store = store;
        this.policy = policy;
        this.attributes = attributes;
        this.settings = settings;
        this.local = messenger.localNode();
        this.localName = local.name();
        this.localActions = new LocalActions(executor, loop::currentTimeMillis, localName, this::report);
        registrations.add(messenger.subscribe(Wire.CHANNEL, this::onMessage));
        registrations.add(store.addListener(this));
        registrations.add(executor.addListener(r -> loop.execute(() -> {
            if (!closed) {
                localActions.operationCompleted(r);
            }
        })));
        if (attributes != null) {
            attributes.addListener(this);
            registrations.add(() -> attributes.removeListener(this));
        }
    }

    // ---------------------------------------------------------------- inputs (any thread)

    @Override
    public void viewChanged(View v, QuorumStatus q) {
        loop.execute(() -> onView(v, q));
    }

    private void onMessage(Message m) {
        Wire w;
        try {
            w = Wire.decode(m.payload());
        } catch (IllegalArgumentException e) {
            LOG.warn("dropping a malformed controller message from {}: {}", m.from(), e.getMessage());
            return;
        }
        loop.execute(() -> {
            if (closed) {
                return;
            }
            try {
                handle(m.from(), w);
            } catch (RuntimeException e) {
                LOG.error("controller message {} from {} failed", w.type(), m.from(), e);
            }
        });
    }

    @Override
    public void attributeChanged(String node, String name, String value, AttributeLifetime lifetime) {
        loop.execute(this::queueAttributeSync);
    }

    /** Told synchronously by the store, on the thread that changed the CIB (this controller's, for the DC). */
    @Override
    public void cibChanged(CibEvent event) {
        if (!event.changed() || !isDc() || event.origin() != CibEvent.Origin.LOCAL) {
            return;
        }
        if (!suppressBroadcast) {
            byte[] payload = Wire.of(Wire.Type.CIB_PATCH, event.patch().toXmlString()).encode();
            for (NodeId peer : peers()) {
                messenger.send(peer, Wire.CHANNEL, payload);
            }
        }
        if (!integrating && view != null) {
            // an imported or replaced configuration may lack the members (cibadmin --replace does that too):
            // the DC keeps every member in the nodes section, or nothing could run anywhere
            List<String> members = view.members().stream().map(NodeId::name).toList();
            if (StatusEdits.ensureNodes(event.current(), members) != event.current()) {
                loop.execute(() -> applyQuietly(CibUpdate.of("members in the nodes section",
                        c -> StatusEdits.ensureNodes(c, members))));
            }
        }
        if (!recordingExpected) {
            requestSchedule("CIB changed: " + event.current().version());
        }
    }

    // ---------------------------------------------------------------- membership

    private void onView(View v, QuorumStatus q) {
        if (closed || v.id() == 0) {
            // view 0 is this node alone before any view was agreed: nobody is DC of it
            return;
        }
        boolean wasDc = isDc();
        this.view = v;
        this.quorum = q;
        this.dc = v.coordinator();
        localActions.dc(dc.name());
        LOG.info("{} with quorum={}, DC {}", v, q.quorate(), dc);
        if (isDc()) {
            startJoin();
        } else {
            if (wasDc) {
                stopBeingDc();
            }
            send(dc, Wire.of(Wire.Type.JOIN_ANNOUNCE, "", "view", Long.toString(v.id())));
            if (shutdown != null) {
                send(dc, Wire.of(Wire.Type.SHUTDOWN_REQUEST, ""));
            }
        }
    }

    private List<NodeId> peers() {
        if (view == null) {
            return List.of();
        }
        return view.members().stream().filter(n -> !n.equals(local)).toList();
    }

    boolean isDc() {
        return dc != null && dc.equals(local);
    }

    private void stopBeingDc() {
        integrating = false;
        if (joinTimer != null) {
            joinTimer.cancel();
        }
        if (running != null) {
            running.abort("no longer DC");
        }
        running = null;
        actionTimers.values().forEach(Scheduler.Cancellable::cancel);
        actionTimers.clear();
        if (recheckTimer != null) {
            recheckTimer.cancel();
        }
    }

    // ---------------------------------------------------------------- join (DC)

    private void startJoin() {
        integrating = true;
        currentJoin = ++joinCounter;
        joinReplies.clear();
        if (running != null) {
            running.abort("membership changed");
            for (int id : List.copyOf(actionTimers.keySet())) {
                GraphAction a = running.action(id);
                if (a != null && !a.node().isEmpty() && !view.contains(NodeId.of(a.node()))) {
                    actionFailed(running, a, "node " + a.node() + " left the cluster");
                }
            }
        }
        joinReplies.put(local, new JoinReply(store.current().version(), localActions.history(), Optional.empty()));
        byte[] req = Wire.of(Wire.Type.JOIN_REQUEST, "", "join", Long.toString(currentJoin),
                "version", store.current().version().toString()).encode();
        for (NodeId peer : peers()) {
            messenger.send(peer, Wire.CHANNEL, req);
        }
        if (joinTimer != null) {
            joinTimer.cancel();
        }
        long join = currentJoin;
        joinTimer = loop.schedule(TimeUnit.MILLISECONDS.toNanos(settings.joinTimeoutMillis()), () -> {
            if (integrating && currentJoin == join) {
                LOG.warn("join {}: no answer from {}", join, missingJoinReplies());
                finishJoin();
            }
        });
        maybeFinishJoin();
    }

    private List<NodeId> missingJoinReplies() {
        return view.members().stream().filter(n -> !joinReplies.containsKey(n)).toList();
    }

    private void onJoinReply(NodeId from, Wire w) {
        if (!isDc() || !integrating || w.longHeader("join") != currentJoin || !view.contains(from)) {
            return;
        }
        try {
            CibElement body = CibXml.parse(w.body(), "join reply from " + from);
            List<CibElement> history = body.child("lrm_resources").map(CibElement::children).orElse(List.of());
            Optional<Cib> newer = body.child("cib").map(Cib::new);
            joinReplies.put(from, new JoinReply(CibVersion.parse(w.header("version")), history, newer));
            LOG.debug("join {}: {} reports CIB {} and {} resources", currentJoin, from, w.header("version"), history.size());
        } catch (Exception e) {
            LOG.warn("join reply from {} is unusable: {}", from, e.getMessage());
            return;
        }
        maybeFinishJoin();
    }

    private void onJoinAnnounce(NodeId from) {
        if (!isDc() || view == null || !view.contains(from)) {
            return;
        }
        if (integrating) {
            if (!joinReplies.containsKey(from)) {
                send(from, Wire.of(Wire.Type.JOIN_REQUEST, "", "join", Long.toString(currentJoin),
                        "version", store.current().version().toString()));
            }
        } else if (!joined.contains(from)) {
            LOG.info("{} announced itself after join {}: joining again", from, currentJoin);
            startJoin();
        }
    }

    private void maybeFinishJoin() {
        if (integrating && missingJoinReplies().isEmpty()) {
            finishJoin();
        }
    }

    private void finishJoin() {
        integrating = false;
        if (joinTimer != null) {
            joinTimer.cancel();
        }
        joined = Set.copyOf(joinReplies.keySet());
        // after a partition heals, the newest CIB wins
        Cib newest = null;
        for (JoinReply r : joinReplies.values()) {
            if (r.newerCib().isPresent() && r.newerCib().get().version().compareTo(store.current().version()) > 0
                    && (newest == null || r.newerCib().get().version().compareTo(newest.version()) > 0)) {
                newest = r.newerCib().get();
            }
        }
        suppressBroadcast = true;
        recordingExpected = true;
        try {
            if (newest != null) {
                LOG.info("join {}: taking the newer CIB {} of a member", currentJoin, newest.version());
                store.replace(newest, false);
            }
            Map<NodeId, JoinReply> replies = Map.copyOf(joinReplies);
            List<String> members = view.members().stream().map(NodeId::name).toList();
            store.apply(CibUpdate.of("join " + currentJoin + " of " + view, cib -> joinEdit(cib, members, replies)));
        } catch (Exception e) {
            LOG.error("join {} could not update the CIB", currentJoin, e);
        } finally {
            suppressBroadcast = false;
            recordingExpected = false;
        }
        byte[] full = Wire.of(Wire.Type.CIB_FULL, CibXml.toCompactXml(store.current().root())).encode();
        for (NodeId peer : peers()) {
            messenger.send(peer, Wire.CHANNEL, full);
        }
        LOG.info("join {} done: {} members, CIB {}", currentJoin, view.members().size(), store.current().version());
        requestSchedule("join " + currentJoin);
    }

    private Cib joinEdit(Cib cib, List<String> members, Map<NodeId, JoinReply> replies) {
        Cib c = StatusEdits.ensureNodes(cib, members);
        Set<String> known = new LinkedHashSet<>(members);
        for (CibElement st : c.status().children("node_state")) {
            known.add(st.attr("uname", StatusEdits.uname(c, st.id())));
        }
        for (String node : known) {
            JoinReply r = replies.get(NodeId.of(node));
            if (members.contains(node)) {
                String expected = shutdownRequests.containsKey(node) ? "down" : "member";
                if (r != null) {
                    c = StatusEdits.membership(c, node, true, true, "member", expected);
                    c = StatusEdits.lrm(c, node, r.history());
                } else {
                    c = StatusEdits.membership(c, node, true, true, "pending", expected);
                }
            } else {
                String expected = StatusEdits.nodeState(c, node).attr("expected", "down");
                c = StatusEdits.membership(c, node, false, false, "down", expected);
                shutdownRequests.remove(node);
            }
        }
        c = StatusEdits.root(c, localName, quorum == null || quorum.quorate());
        return withTransientAttributes(c, members);
    }

    private Cib withTransientAttributes(Cib cib, List<String> members) {
        Cib c = cib;
        for (String node : members) {
            Map<String, String> attrs = new LinkedHashMap<>();
            if (attributes != null) {
                attrs.putAll(attributes.all(node, AttributeLifetime.REBOOT));
            } else {
                attrs.putAll(StatusEdits.transientAttributes(c, node));
            }
            String sd = shutdownRequests.get(node);
            if (sd != null) {
                attrs.put("shutdown", sd);
            }
            c = StatusEdits.transientAttributes(c, node, attrs);
        }
        return c;
    }

    private void queueAttributeSync() {
        if (attributeSyncQueued || !isDc() || integrating) {
            return;
        }
        attributeSyncQueued = true;
        loop.execute(() -> {
            attributeSyncQueued = false;
            if (!isDc() || closed) {
                return;
            }
            List<String> members = view.members().stream().map(NodeId::name).toList();
            applyQuietly(CibUpdate.of("transient attributes", c -> withTransientAttributes(c, members)));
        });
    }

    private void applyQuietly(CibUpdate u) {
        try {
            store.apply(u);
        } catch (CibUpdateException e) {
            LOG.error("CIB update '{}' failed: {}", u.description(), e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- messages

    private void handle(NodeId from, Wire w) {
        switch (w.type()) {
            case JOIN_REQUEST -> answerJoin(from, w);
            case JOIN_REPLY -> onJoinReply(from, w);
            case JOIN_ANNOUNCE -> onJoinAnnounce(from);
            case CIB_PATCH -> receivePatch(from, w);
            case CIB_FULL -> receiveFull(from, w);
            case CIB_SYNC_REQUEST -> {
                if (isDc()) {
                    send(from, Wire.of(Wire.Type.CIB_FULL, CibXml.toCompactXml(store.current().root())));
                }
            }
            case EXECUTE -> {
                try {
                    localActions.dc(from.name());
                    localActions.execute(Codec.decodeAction(w.body()), w.header("key"));
                } catch (Exception e) {
                    LOG.error("cannot run the action {} from {}: {}", w.headers(), from, e.getMessage());
                }
            }
            case RESULT -> {
                if (isDc()) {
                    onResult(w.headers().getOrDefault("node", from.name()), Codec.decodeResult(w), Codec.decodeExpectation(w));
                }
            }
            case FORGET -> localActions.forget(w.header("rsc"));
            case ADMIN_CHANGE -> onAdminChange(from, w);
            case ADMIN_REPLY -> onAdminReply(w);
            case SHUTDOWN_REQUEST -> {
                if (isDc()) {
                    requestShutdownOf(from.name());
                }
            }
            case SHUTDOWN_ALLOWED -> shutdownAllowed();
        }
    }

    private void send(NodeId to, Wire w) {
        messenger.send(to, Wire.CHANNEL, w.encode());
    }

    private void answerJoin(NodeId from, Wire w) {
        CibVersion dcVersion = CibVersion.parse(w.header("version"));
        CibElement body = CibElement.of("join").withChild(CibElement.of("lrm_resources").withChildren(localActions.history()));
        Cib mine = store.current();
        if (mine.version().compareTo(dcVersion) > 0) {
            body = body.withChild(mine.root());
        }
        localActions.dc(from.name());
        LOG.debug("answering join {} of {}: CIB {}, {} resources", w.header("join"), from, mine.version(),
                body.child("lrm_resources").map(e -> e.children().size()).orElse(0));
        send(from, Wire.of(Wire.Type.JOIN_REPLY, CibXml.toCompactXml(body), "join", w.header("join"),
                "version", mine.version().toString()));
    }

    private void receivePatch(NodeId from, Wire w) {
        if (isDc()) {
            return;
        }
        try {
            store.receive(CibPatch.parse(w.body(), "CIB patch from " + from));
        } catch (CibPatchException e) {
            if (e.needsResync()) {
                send(from, Wire.of(Wire.Type.CIB_SYNC_REQUEST, ""));
            } else {
                LOG.warn("CIB patch from {} refused: {}", from, e.getMessage());
            }
        } catch (Exception e) {
            LOG.error("CIB patch from {} could not be applied: {}", from, e.getMessage());
            send(from, Wire.of(Wire.Type.CIB_SYNC_REQUEST, ""));
        }
    }

    private void receiveFull(NodeId from, Wire w) {
        if (isDc()) {
            return;
        }
        try {
            store.replace(new Cib(CibXml.parse(w.body(), "CIB from " + from)), true);
        } catch (Exception e) {
            LOG.error("the CIB from {} could not be installed: {}", from, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- results

    /** A local result: to the DC (possibly this node). */
    private void report(OperationResult r, LrmXml.Expectation e) {
        if (isDc()) {
            onResult(localName, r, e);
        } else if (dc != null) {
            send(dc, Wire.of(Wire.Type.RESULT, "", Codec.encode(r, e)));
        }
    }

    private void onResult(String node, OperationResult r, LrmXml.Expectation e) {
        long[] ta = Codec.transitionAndAction(e.transitionKey());
        TransitionRun run = running;
        GraphAction action = run != null && ta[0] == run.id ? run.action((int) ta[1]) : null;
        boolean inFlight = action != null && run.state(action.id()) == TransitionRun.State.RUNNING
                && node.equals(action.node()) && action.resource().equals(r.resourceId());
        boolean success = LrmXml.isSuccess(r, e.targetRc());
        // a cancelled recurring operation was asked for (a stop, a changed monitor): nothing to react to
        boolean cancelled = r.status() == io.tandem.common.ExecStatus.CANCELLED;
        if (inFlight && success) {
            // the next actions go out before the result is written down: the write (validation, digest, patch to
            // the peers) is on nobody's critical path, the next start is (a DC that dies now leaves the result in
            // the node's history, which the next join collects)
            cancelActionTimer(action.id());
            run.confirm(action.id());
            advance();
        }
        recordingExpected = (inFlight && success) || cancelled;
        try {
            store.apply(CibUpdate.of(r.operationKey() + " on " + node, c -> StatusEdits.record(c, node, r, e)));
        } catch (CibUpdateException ex) {
            LOG.error("cannot record {} on {}: {}", r.operationKey(), node, ex.getMessage());
        } finally {
            recordingExpected = false;
        }
        if (cancelled) {
            return;
        }
        if (LrmXml.isFailure(r, e.targetRc())) {
            countFailure(node, r);
        }
        if (inFlight && !success) {
            cancelActionTimer(action.id());
            run.fail(action.id(), r.operationKey() + " returned " + r.result());
            rescheduleAfterRun = true;
            advance();
        } else if (inFlight) {
            return;
        } else if (!(success && r.isRecurring())) {
            requestSchedule("result " + r.operationKey() + " on " + node + ": " + r.result());
        }
    }

    private void countFailure(String node, OperationResult r) {
        if (attributes == null || r.status() == io.tandem.common.ExecStatus.CANCELLED) {
            return;
        }
        try {
            attributes.recordFailure(node, r.resourceId(), r.action(), r.intervalMillis());
            if (r.action().equals("start") && startFailureIsFatal()) {
                attributes.set(node, "fail-count-" + r.resourceId() + "#start_0", "INFINITY", AttributeLifetime.REBOOT,
                        java.time.Duration.ZERO);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot count the failure of {} on {}: {}", r.operationKey(), node, e.getMessage());
        }
    }

    private boolean startFailureIsFatal() {
        for (CibElement set : store.current().configuration().child("crm_config").map(CibElement::children).orElse(List.of())) {
            for (CibElement p : set.children("nvpair")) {
                if ("start-failure-is-fatal".equals(p.attr("name"))) {
                    String v = p.attr("value", "true").toLowerCase(java.util.Locale.ROOT);
                    return !(v.equals("false") || v.equals("no") || v.equals("0") || v.equals("off"));
                }
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- transitions (DC)

    private void requestSchedule(String why) {
        if (!isDc() || closed) {
            return;
        }
        if (running != null) {
            if (!running.aborted()) {
                LOG.debug("transition {} aborted: {}", running.id, why);
            }
            running.abort(why);
            rescheduleAfterRun = true;
            if (running.finished()) {
                transitionDone();
            }
            return;
        }
        if (integrating || scheduleQueued) {
            return;
        }
        scheduleQueued = true;
        loop.execute(this::runScheduler);
    }

    private void runScheduler() {
        scheduleQueued = false;
        if (!isDc() || integrating || running != null || closed) {
            return;
        }
        Cib cib = store.current();
        Instant now = Instant.ofEpochMilli(loop.currentTimeMillis());
        TransitionGraph graph;
        try {
            graph = policy.schedule(cib, now);
        } catch (RuntimeException e) {
            LOG.error("the scheduler failed on CIB {}", cib.version(), e);
            return;
        }
        if (recheckTimer != null) {
            recheckTimer.cancel();
            recheckTimer = null;
        }
        graph.recheckBy().ifPresent(at -> {
            long delayMs = Math.max(1000, at.toEpochMilli() - loop.currentTimeMillis());
            recheckTimer = loop.schedule(TimeUnit.MILLISECONDS.toNanos(delayMs), () -> requestSchedule("recheck"));
        });
        if (graph.isEmpty()) {
            LOG.debug("CIB {}: nothing to do", cib.version());
            return;
        }
        if (blockedOnFencing(graph)) {
            long waitMs = TimeUnit.NANOSECONDS.toMillis(fencingBlockedUntilNanos - loop.nanoTime());
            LOG.debug("fencing failed recently; the next try in {} ms", waitMs);
            return;
        }
        running = new TransitionRun(++transitionCounter, graph);
        rescheduleAfterRun = false;
        LOG.info("transition {} (CIB {}): {} actions{}", running.id, cib.version(), graph.actions().size(),
                graph.summary().isEmpty() ? "" : "\n" + String.join("\n", graph.summary()));
        advance();
    }

    private boolean blockedOnFencing(TransitionGraph graph) {
        if (fencingBlockedUntilNanos == 0 || loop.nanoTime() >= fencingBlockedUntilNanos) {
            fencingBlockedUntilNanos = 0;
            return false;
        }
        boolean fences = graph.actions().stream().anyMatch(a -> a.kind() == GraphAction.Kind.CLUSTER && a.task().equals("stonith"));
        if (fences) {
            loop.schedule(fencingBlockedUntilNanos - loop.nanoTime(), () -> requestSchedule("fencing retry"));
        }
        return fences;
    }

    private void advance() {
        TransitionRun run = running;
        if (run == null) {
            return;
        }
        boolean progress = true;
        while (progress && running == run) {
            progress = false;
            for (GraphAction a : run.startable()) {
                progress = true;
                dispatch(run, a);
            }
        }
        if (running == run && run.finished()) {
            transitionDone();
        }
    }

    private void dispatch(TransitionRun run, GraphAction a) {
        switch (a.kind()) {
            case PSEUDO -> run.confirm(a.id());
            case RESOURCE -> dispatchResource(run, a);
            case CLUSTER -> dispatchCluster(run, a);
        }
    }

    private void dispatchResource(TransitionRun run, GraphAction a) {
        NodeId target;
        try {
            target = NodeId.of(a.node());
        } catch (IllegalArgumentException e) {
            run.fail(a.id(), "invalid node name " + a.node());
            return;
        }
        if (view == null || !view.contains(target)) {
            run.fail(a.id(), "node " + a.node() + " is not in the cluster");
            return;
        }
        String key = run.id + ":" + a.id() + ":" + LocalActions.targetRc(a) + ":" + localName;
        if (target.equals(local)) {
            localActions.execute(a, key);
        } else {
            send(target, Wire.of(Wire.Type.EXECUTE, Codec.encode(a), "key", key));
        }
        if (a.task().equals("cancel")) {
            run.confirm(a.id());
            return;
        }
        long timeoutMs = a.timeoutMillis(20000) + run.graph.clusterDelay().toMillis() + startDelay(a);
        actionTimers.put(a.id(), loop.schedule(TimeUnit.MILLISECONDS.toNanos(timeoutMs), () -> {
            actionTimers.remove(a.id());
            if (running == run && run.state(a.id()) == TransitionRun.State.RUNNING) {
                actionFailed(run, a, "no result within " + timeoutMs + " ms");
                advance();
            }
        }));
    }

    private static long startDelay(GraphAction a) {
        try {
            return Long.parseLong(a.meta().getOrDefault("start_delay", "0").trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void actionFailed(TransitionRun run, GraphAction a, String why) {
        cancelActionTimer(a.id());
        LOG.warn("transition {}: {} failed: {}", run.id, a, why);
        run.fail(a.id(), why);
        rescheduleAfterRun = true;
    }

    private void cancelActionTimer(int actionId) {
        Scheduler.Cancellable t = actionTimers.remove(actionId);
        if (t != null) {
            t.cancel();
        }
    }

    private void dispatchCluster(TransitionRun run, GraphAction a) {
        switch (a.task()) {
            case "stonith" -> {
                // the fencing devices arrive with the fencing subsystem; until a node can be fenced, what needs
                // fencing stays blocked, as in Pacemaker without a working device
                LOG.error("cannot fence {}: no fencing device is available; resources that need it stay blocked "
                        + "(set stonith-enabled=false to recover without fencing)", a.node());
                fencingBlockedUntilNanos = loop.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.fencingRetryMillis());
                run.fail(a.id(), "no fencing device for " + a.node());
            }
            case "do_shutdown" -> {
                if (a.node().equals(localName)) {
                    shutdownAllowed();
                } else {
                    send(NodeId.of(a.node()), Wire.of(Wire.Type.SHUTDOWN_ALLOWED, ""));
                }
                run.confirm(a.id());
            }
            case "clear_failcount" -> {
                if (attributes != null && !a.node().isEmpty()) {
                    attributes.clearFailures(a.node(), a.resource());
                }
                run.confirm(a.id());
            }
            case "lrm_delete", "delete" -> {
                forgetHistory(a.resource(), a.node());
                run.confirm(a.id());
            }
            default -> run.fail(a.id(), "unknown cluster action " + a.task());
        }
    }

    private void forgetHistory(String resource, String node) {
        applyQuietly(CibUpdate.of("forget " + resource + " on " + node, c -> StatusEdits.forget(c, node, resource)));
        if (node.equals(localName)) {
            localActions.forget(resource);
        } else {
            send(NodeId.of(node), Wire.of(Wire.Type.FORGET, "", "rsc", resource));
        }
    }

    private void transitionDone() {
        TransitionRun run = running;
        running = null;
        lastTransitionEnd = Instant.ofEpochMilli(loop.currentTimeMillis());
        if (run.complete()) {
            LOG.info("transition {} complete", run.id);
        } else {
            LOG.info("transition {} stopped: {}", run.id, run.abortReason());
        }
        if (rescheduleAfterRun || !run.complete()) {
            rescheduleAfterRun = false;
            requestSchedule("after transition " + run.id);
        }
    }

    // ---------------------------------------------------------------- admin changes

    /** Makes a change on the DC: here when this node is DC, else sent there. Completes with the new version. */
    CompletableFuture<CibVersion> change(CibUpdate update) {
        CompletableFuture<CibVersion> f = new CompletableFuture<>();
        loop.execute(() -> submitChange(update, f));
        return f;
    }

    /**
     * The change plus what crm_mon's "Last change" line reads: {@code cib-last-written} and {@code update-origin},
     * {@code update-client}, {@code update-user} on the root, as Pacemaker's CIB manager stamps them.
     */
    private CibUpdate stamped(CibUpdate update, String origin) {
        String written = java.time.format.DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", java.util.Locale.ROOT)
                .withZone(java.time.ZoneOffset.UTC).format(Instant.ofEpochMilli(loop.currentTimeMillis()));
        String user = System.getProperty("user.name", "root");
        CibUpdate.Edit edit = cib -> {
            Cib changed = update.edit().applyTo(cib);
            if (changed == cib || changed.root().equals(cib.root())) {
                return cib;
            }
            return new Cib(changed.root().withAttribute("cib-last-written", written).withAttribute("update-origin", origin)
                    .withAttribute("update-client", "tandem").withAttribute("update-user", user));
        };
        return new CibUpdate(update.description(), update.administrative(), edit);
    }

    private void submitChange(CibUpdate update, CompletableFuture<CibVersion> f) {
        if (isDc()) {
            try {
                f.complete(store.apply(stamped(update, localName)).current().version());
            } catch (CibUpdateException e) {
                f.completeExceptionally(adminError(e));
            }
            return;
        }
        if (dc == null) {
            f.completeExceptionally(new AdminException(AdminException.Reason.UNAVAILABLE,
                    "no DC yet: this node has not joined a cluster view"));
            return;
        }
        Cib current = store.current();
        CibPatch patch;
        try {
            patch = CibDiff.diff(current, update.edit().applyTo(current));
        } catch (Exception e) {
            f.completeExceptionally(e instanceof AdminException ae ? ae
                    : new AdminException(AdminException.Reason.INVALID, e.getMessage(), e));
            return;
        }
        if (patch.isEmpty()) {
            f.complete(current.version());
            return;
        }
        long id = ++adminCounter;
        pendingAdmin.put(id, f);
        send(dc, Wire.of(Wire.Type.ADMIN_CHANGE, patch.toXmlString(), "id", Long.toString(id),
                "admin", Boolean.toString(update.administrative()), "what", oneLine(update.description())));
        loop.schedule(TimeUnit.MILLISECONDS.toNanos(settings.adminTimeoutMillis()), () -> {
            CompletableFuture<CibVersion> p = pendingAdmin.remove(id);
            if (p != null) {
                p.completeExceptionally(new AdminException(AdminException.Reason.UNAVAILABLE,
                        "the DC " + dc + " did not answer within " + settings.adminTimeoutMillis() + " ms"));
            }
        });
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    private static AdminException adminError(CibUpdateException e) {
        Throwable c = e.getCause();
        if (c instanceof AdminException ae) {
            return ae;
        }
        return new AdminException(AdminException.Reason.INVALID, e.getMessage(), e);
    }

    private void onAdminChange(NodeId from, Wire w) {
        String id = w.header("id");
        if (!isDc()) {
            send(from, Wire.of(Wire.Type.ADMIN_REPLY, "", "id", id, "ok", "false", "reason", "UNAVAILABLE",
                    "error", local + " is not the DC"));
            return;
        }
        try {
            CibPatch patch = CibPatch.parse(w.body(), "change from " + from);
            CibUpdate u = stamped(CibUpdate.ofPatch(w.headers().getOrDefault("what", "change") + " (from " + from + ")", patch),
                    from.name());
            if (Boolean.parseBoolean(w.headers().getOrDefault("admin", "false"))) {
                u = u.asAdministrative();
            }
            CibVersion v = store.apply(u).current().version();
            send(from, Wire.of(Wire.Type.ADMIN_REPLY, "", "id", id, "ok", "true", "version", v.toString()));
        } catch (CibUpdateException e) {
            boolean stale = e.getCause() instanceof CibPatchException;
            send(from, Wire.of(Wire.Type.ADMIN_REPLY, "", "id", id, "ok", "false",
                    "reason", stale ? "STALE" : "INVALID", "error", oneLine(String.valueOf(e.getMessage()))));
        } catch (Exception e) {
            send(from, Wire.of(Wire.Type.ADMIN_REPLY, "", "id", id, "ok", "false", "reason", "INVALID",
                    "error", oneLine(String.valueOf(e.getMessage()))));
        }
    }

    private void onAdminReply(Wire w) {
        CompletableFuture<CibVersion> f = pendingAdmin.remove(w.longHeader("id"));
        if (f == null) {
            return;
        }
        if (Boolean.parseBoolean(w.header("ok"))) {
            f.complete(CibVersion.parse(w.header("version")));
        } else {
            f.completeExceptionally(new AdminException(AdminException.Reason.valueOf(w.header("reason")), w.header("error")));
        }
    }

    // ---------------------------------------------------------------- clean shutdown

    /**
     * Asks the DC to move this node's resources away and waits until it says this node may stop (or the timeout
     * passes). Alone in the cluster, this node's own DC stops everything first.
     */
    CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        loop.execute(() -> {
            shutdown = f;
            if (isDc()) {
                requestShutdownOf(localName);
            } else if (dc != null) {
                send(dc, Wire.of(Wire.Type.SHUTDOWN_REQUEST, ""));
            } else {
                f.complete(null);
            }
        });
        return f;
    }

    private void requestShutdownOf(String node) {
        if (shutdownRequests.containsKey(node)) {
            return;
        }
        LOG.info("{} asks to stop: moving its resources away", node);
        shutdownRequests.put(node, Long.toString(loop.currentTimeMillis() / 1000));
        List<String> members = view.members().stream().map(NodeId::name).toList();
        applyQuietly(CibUpdate.of("shutdown of " + node, c -> {
            CibElement st = StatusEdits.nodeState(c, node).withAttribute("expected", "down");
            return withTransientAttributes(StatusEdits.withNodeState(c, st), members);
        }));
    }

    private void shutdownAllowed() {
        if (shutdown != null) {
            LOG.info("the DC allows this node to stop");
            shutdown.complete(null);
        }
    }

    // ---------------------------------------------------------------- state

    CompletableFuture<ControllerState> state() {
        CompletableFuture<ControllerState> f = new CompletableFuture<>();
        loop.execute(() -> f.complete(stateNow()));
        return f;
    }

    private ControllerState stateNow() {
        ControllerState.Phase phase;
        if (shutdown != null) {
            phase = ControllerState.Phase.STOPPING;
        } else if (view == null) {
            phase = ControllerState.Phase.PENDING;
        } else if (!isDc()) {
            phase = ControllerState.Phase.NOT_DC;
        } else if (integrating) {
            phase = ControllerState.Phase.INTEGRATION;
        } else if (running != null) {
            phase = ControllerState.Phase.TRANSITION;
        } else {
            phase = ControllerState.Phase.IDLE;
        }
        return new ControllerState(local, Optional.ofNullable(dc), view == null ? 0 : view.id(),
                view == null ? List.of(local) : view.members(), quorum != null && quorum.quorate(), phase,
                store.current().version(), transitionCounter, running == null ? 0 : running.pending(),
                Optional.ofNullable(lastTransitionEnd));
    }

    /**
     * Tells the executors of the given nodes to forget a resource (the CIB side of a cleanup is an admin change),
     * so their next join reports no stale history and the DC probes the resource afresh.
     */
    void forgetOn(String resource, List<String> nodes) {
        loop.execute(() -> {
            for (String n : nodes) {
                if (n.equals(localName)) {
                    localActions.forget(resource);
                } else {
                    send(NodeId.of(n), Wire.of(Wire.Type.FORGET, "", "rsc", resource));
                }
            }
        });
    }

    /**
     * Reports a failed monitor of {@code resource} on {@code node} as if its agent had ({@code crm_resource --fail}):
     * the DC records it, counts it and recovers the resource.
     */
    void injectFailure(String resource, io.tandem.executor.AgentId agent, String node) {
        loop.execute(() -> {
            long now = loop.currentTimeMillis();
            OperationResult r = new OperationResult(resource, agent, "monitor", 0, 0,
                    new io.tandem.common.ActionResult(io.tandem.common.ExecStatus.DONE, io.tandem.common.OcfExitCode.ERR_GENERIC,
                            "failure injected by an administrator"), 1, now, now, 0, 0, "", "", "", false);
            LrmXml.Expectation e = new LrmXml.Expectation("0:0:0:" + (dc == null ? localName : dc.name()), 0);
            if (isDc()) {
                onResult(node, r, e);
            } else if (dc != null) {
                List<String> h = new ArrayList<>(List.of(Codec.encode(r, e)));
                h.add("node");
                h.add(node);
                send(dc, Wire.of(Wire.Type.RESULT, "", h.toArray(String[]::new)));
            }
        });
    }

    @Override
    public void close() {
        loop.execute(() -> {
            closed = true;
            stopBeingDc();
        });
        for (AutoCloseable r : registrations) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.debug("closing a registration failed", e);
            }
        }
    }
}
