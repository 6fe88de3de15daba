package io.tandem.membership.internal;

import io.tandem.common.NodeId;
import io.tandem.common.Scheduler;
import io.tandem.common.Scheduler.Cancellable;
import io.tandem.membership.Membership;
import io.tandem.membership.NodeState;
import io.tandem.membership.NodeStatus;
import io.tandem.membership.PingNodeStatus;
import io.tandem.membership.QuorumStatus;
import io.tandem.membership.View;
import io.tandem.membership.ViewListener;
import io.tandem.messaging.ClusterMessenger;
import io.tandem.messaging.HeartbeatPayloadProvider;
import io.tandem.messaging.Message;
import io.tandem.messaging.PeerListener;
import io.tandem.messaging.PeerStatus;
import io.tandem.membership.internal.ViewMessage.Ack;
import io.tandem.membership.internal.ViewMessage.Commit;
import io.tandem.membership.internal.ViewMessage.Nack;
import io.tandem.membership.internal.ViewMessage.NackReason;
import io.tandem.membership.internal.ViewMessage.Propose;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Membership as a single-threaded state machine on a {@link Scheduler}: failure detection from the messenger's
 * heartbeats, agreed views, quorum and ping nodes.
 *
 * <p>Views are agreed by a small two-phase protocol: the lowest-named node among the live configured nodes is the
 * coordinator; it proposes {@code max id seen + 1} with the live nodes as members; members acknowledge if they
 * consider it the right coordinator and the id new; the coordinator commits once every member acknowledged, and
 * after a timeout proposes again without the silent ones. A view is identified by its id and coordinator: two
 * partitions may install the same id number with different coordinators, never different members under the same
 * (id, coordinator).
 *
 * <p>All state changes run on the scheduler's thread; the {@link Membership} queries may be called from any
 * thread and read published (volatile) state.
 */
public final class MembershipEngine implements Membership, HeartbeatPayloadProvider, AutoCloseable {
    /** Channel of the view agreement protocol. */
    public static final String CHANNEL = "membership";
    /** Node attribute: reachable ping nodes/groups times the multiplier. */
    public static final String PING_CONNECTIVITY = "ping-connectivity";

    private static final Logger LOG = LoggerFactory.getLogger(MembershipEngine.class);

    private final Scheduler scheduler;
    private final ClusterMessenger messenger;
    private final MembershipSettings settings;
    private final ViewIdFile viewIdFile;
    private final Prober prober;
    private final Executor probeExecutor;
    private final MembershipEvents events;
    private final NodeId self;
    private final Set<NodeId> configured;
    private final long deadNanos;
    private final long warnNanos;
    private final long initDeadNanos;
    private final long settleNanos;
    private final long proposalTimeoutNanos;
    private final PingMonitor ping;

    private final ConcurrentHashMap<NodeId, Peer> peers = new ConcurrentHashMap<>();
    private final List<Registration> listeners = new CopyOnWriteArrayList<>();

    private volatile boolean running;
    private volatile View installed;
    private volatile QuorumStatus quorum;
    private volatile byte[] heartbeatPayload;
    private volatile Map<String, String> localAttributes = Map.of();
    private volatile List<PingNodeStatus> pingStatuses;

    // Membership-thread state.
    private long startNanos;
    private long maxViewIdSeen;
    private Map<NodeId, Long> installedIncarnations = Map.of();
    private long installedAtNanos;
    private boolean startupGateOpen;
    private boolean allSeenTogether;
    private boolean forceRound;
    private OwnProposal ownProposal;
    private Accepted accepted;
    private Cancellable evaluation;
    private long evaluationDueNanos;
    private Cancellable staleViewTimer;
    private final Map<NodeId, Suspect> suspects = new HashMap<>();
    private ClusterMessenger.Subscription channelSubscription;
    private ClusterMessenger.Subscription peerSubscription;
    private ClusterMessenger.Subscription payloadSubscription;

    public MembershipEngine(Scheduler scheduler, ClusterMessenger messenger, MembershipSettings settings,
                            ViewIdFile viewIdFile, Prober prober, Executor probeExecutor, MembershipEvents events) {
        this.scheduler = scheduler;
        this.messenger = messenger;
        this.settings = settings;
        this.viewIdFile = viewIdFile;
        this.prober = prober;
        this.probeExecutor = probeExecutor;
        this.events = events;
        this.self = messenger.localNode();
        Set<NodeId> nodes = new TreeSet<>(settings.nodes());
        nodes.add(self);
        this.configured = Set.copyOf(nodes);
        this.deadNanos = TimeUnit.MILLISECONDS.toNanos(settings.deadTimeMillis());
        this.warnNanos = TimeUnit.MILLISECONDS.toNanos(settings.warnTimeMillis());
        this.initDeadNanos = TimeUnit.MILLISECONDS.toNanos(settings.initDeadMillis());
        this.settleNanos = TimeUnit.MILLISECONDS.toNanos(settings.settleMillis());
        this.proposalTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(settings.proposalTimeoutMillis());
        this.ping = new PingMonitor(settings.pingTargets(), TimeUnit.MILLISECONDS.toNanos(settings.deadPingMillis()));
        this.maxViewIdSeen = viewIdFile.load();
        for (NodeId node : configured) {
            if (!node.equals(self)) {
                peers.put(node, new Peer(node, true));
            }
        }
        this.installed = new View(0, List.of(self), self);
        this.quorum = computeQuorum(installed);
        this.pingStatuses = ping.statuses();
        this.localAttributes = computeAttributes();
        this.heartbeatPayload = encodePayload();
    }

    /** Subscribes to the messenger and starts the timers. */
    public void start() {
        running = true;
        scheduler.execute(this::onStart);
        PeerEvents peerEvents = new PeerEvents();
        peerSubscription = messenger.addPeerListener(peerEvents);
        channelSubscription = messenger.subscribe(CHANNEL, this::onMessageFromMessenger);
        payloadSubscription = messenger.setHeartbeatPayloadProvider(this);
    }

    @Override
    public void close() {
        running = false;
        if (channelSubscription != null) {
            channelSubscription.close();
        }
        if (peerSubscription != null) {
            peerSubscription.close();
        }
        if (payloadSubscription != null) {
            payloadSubscription.close();
        }
        scheduler.execute(() -> {
            peers.values().forEach(Peer::cancelTimer);
            cancel(evaluation);
            cancel(staleViewTimer);
            if (ownProposal != null) {
                cancel(ownProposal.timeout);
            }
        });
    }

    // ---------------------------------------------------------------- start-up

    private void onStart() {
        if (!running) {
            return;
        }
        startNanos = scheduler.nanoTime();
        LOG.info("Membership of {} starting: nodes {}, deadtime {} ms, warntime {} ms, initdead {} ms, highest view id seen {}",
                self, new TreeSet<>(configured), settings.deadTimeMillis(), settings.warnTimeMillis(),
                settings.initDeadMillis(), maxViewIdSeen);
        scheduler.schedule(initDeadNanos, this::onInitDead);
        if (configured.size() == 1) {
            startupGateOpen = true;
        }
        if (!ping.isEmpty()) {
            pingRound();
        }
        requestEvaluation(settleNanos);
    }

    /** Nodes never heard within initdead are declared dead, and the first view may form without them. */
    private void onInitDead() {
        if (!running) {
            return;
        }
        for (Peer peer : peers.values()) {
            if (peer.configured && peer.state == NodeState.UNKNOWN) {
                declareDead(peer, "not heard within initdead " + settings.initDeadMillis() + " ms");
            }
        }
        if (!startupGateOpen) {
            startupGateOpen = true;
            requestEvaluation(0);
        }
    }

    // ---------------------------------------------------------------- failure detection

    private void onHeard(NodeId from, long incarnation, byte[] payload) {
        if (!running || from.equals(self)) {
            return;
        }
        Peer peer = peers.computeIfAbsent(from, id -> {
            LOG.warn("Heard from {}, which is not among the configured nodes {}: shown, never admitted to a view",
                    id, new TreeSet<>(configured));
            return new Peer(id, false);
        });
        if (incarnation < peer.incarnation || incarnation <= peer.leftIncarnation) {
            return; // a straggler from an earlier life of the peer
        }
        if (peer.incarnation != 0 && incarnation > peer.incarnation) {
            onRestart(peer, peer.incarnation, incarnation);
        }
        peer.incarnation = incarnation;
        long now = scheduler.nanoTime();
        peer.lastHeardNanos = now;
        if (payload.length > 0) {
            absorbPayload(peer, payload);
        }
        switch (peer.state) {
            case LATE -> {
                peer.state = NodeState.ACTIVE;
                peer.lateWarned = false;
                LOG.info("Heartbeat from {} again", from);
            }
            case UNKNOWN, DEAD -> {
                if (!peer.restartHold) {
                    becomeActive(peer);
                }
            }
            default -> {
            }
        }
        if (peer.state == NodeState.ACTIVE) {
            armTimer(peer);
        }
    }

    private void becomeActive(Peer peer) {
        peer.state = NodeState.ACTIVE;
        peer.lateWarned = false;
        peer.deadSinceMillis = 0;
        peer.detectionMillis = 0;
        LOG.info("Node {}: status active (incarnation {})", peer.id, peer.incarnation);
        events.nodeActive(peer.id);
        armTimer(peer);
        if (!startupGateOpen && allConfiguredAlive()) {
            startupGateOpen = true;
        }
        liveSetChanged();
    }

    /**
     * Arms the peer's timer for its next threshold (warntime, then deadtime after its last heartbeat). A timer
     * armed for an earlier instant is kept: when it fires it re-arms for the heartbeat that moved the threshold,
     * so a steady heartbeat stream costs no cancellations and detection happens exactly at the threshold.
     */
    private void armTimer(Peer peer) {
        long due = peer.lastHeardNanos + (peer.lateWarned ? deadNanos : warnNanos);
        if (peer.timer != null && peer.timerDueNanos <= due) {
            return;
        }
        peer.cancelTimer();
        peer.timerDueNanos = due;
        peer.timer = scheduler.schedule(due - scheduler.nanoTime(), () -> onPeerTimer(peer));
    }

    private void onPeerTimer(Peer peer) {
        peer.timer = null;
        if (!running || !isAlive(peer.state)) {
            return;
        }
        long silent = scheduler.nanoTime() - peer.lastHeardNanos;
        if (silent >= deadNanos) {
            declareDead(peer, null);
            return;
        }
        if (silent >= warnNanos && !peer.lateWarned) {
            peer.lateWarned = true;
            peer.state = NodeState.LATE;
            LOG.warn("Late heartbeat from {}: {} ms", peer.id, TimeUnit.NANOSECONDS.toMillis(silent));
            events.lateHeartbeat(peer.id, silent);
        }
        armTimer(peer);
    }

    /** @param reason null for a deadtime expiry */
    private void declareDead(Peer peer, String reason) {
        boolean wasAlive = isAlive(peer.state);
        long now = scheduler.nanoTime();
        long sinceLast = peer.lastHeardNanos < 0 ? -1 : now - peer.lastHeardNanos;
        peer.cancelTimer();
        peer.state = NodeState.DEAD;
        peer.lateWarned = false;
        peer.deadSinceMillis = scheduler.currentTimeMillis();
        peer.detectionMillis = TimeUnit.NANOSECONDS.toMillis(sinceLast < 0 ? now - startNanos : sinceLast);
        if (reason == null) {
            LOG.warn("Node {}: status dead (last heartbeat {} ms ago)", peer.id, TimeUnit.NANOSECONDS.toMillis(sinceLast));
            reason = "deadtime";
        } else {
            LOG.warn("Node {}: status dead ({})", peer.id, reason);
        }
        events.nodeDead(peer.id, sinceLast, reason);
        if (wasAlive) {
            liveSetChanged();
        }
    }

    private void onLeft(NodeId node, long incarnation) {
        Peer peer = peers.get(node);
        if (!running || peer == null || incarnation < peer.incarnation) {
            return;
        }
        peer.leftIncarnation = incarnation;
        peer.incarnation = Math.max(peer.incarnation, incarnation);
        if (peer.state != NodeState.DEAD) {
            declareDead(peer, "left cleanly");
        }
    }

    private void onRestarted(NodeId node, long oldIncarnation, long newIncarnation) {
        Peer peer = peers.get(node);
        if (!running || peer == null || newIncarnation <= peer.incarnation) {
            return; // unknown, or already handled by the first heartbeat of the new incarnation
        }
        onRestart(peer, oldIncarnation, newIncarnation);
        peer.incarnation = newIncarnation;
    }

    /**
     * A restart is a leave and a join: the old incarnation's state (resources, messages) is gone, so the node
     * leaves the view first and is admitted again once this node has installed a view without the old incarnation
     * (or after a hold time, in case the coordinator decides otherwise).
     */
    private void onRestart(Peer peer, long oldIncarnation, long newIncarnation) {
        LOG.warn("Node {} restarted (incarnation {} -> {})", peer.id, oldIncarnation, newIncarnation);
        if (peer.state != NodeState.DEAD && peer.state != NodeState.UNKNOWN) {
            declareDead(peer, "restarted, incarnation " + oldIncarnation + " -> " + newIncarnation);
        }
        if (!installed.contains(peer.id)) {
            return; // the old incarnation already left our view: the new one may join at once
        }
        peer.restartHold = true;
        peer.restartHoldViewId = installed.id();
        long hold = 2 * proposalTimeoutNanos + 2 * settleNanos;
        scheduler.schedule(hold, () -> releaseRestartHold(peer));
    }

    private void releaseRestartHold(Peer peer) {
        if (!running || !peer.restartHold) {
            return;
        }
        peer.restartHold = false;
        if (peer.lastHeardNanos >= 0 && scheduler.nanoTime() - peer.lastHeardNanos < deadNanos
                && peer.incarnation > peer.leftIncarnation) {
            becomeActive(peer);
        } else {
            checkStaleView(); // it went silent while held: now it is a dead member of our view
        }
    }

    private static boolean isAlive(NodeState state) {
        return state == NodeState.ACTIVE || state == NodeState.LATE;
    }

    private boolean isMemberCandidate(Peer peer) {
        return peer.configured && isAlive(peer.state);
    }

    private boolean allConfiguredAlive() {
        return peers.values().stream().filter(p -> p.configured).allMatch(p -> isAlive(p.state));
    }

    private void absorbPayload(Peer peer, byte[] bytes) {
        HeartbeatPayload payload;
        try {
            payload = HeartbeatPayload.decode(bytes);
        } catch (IllegalArgumentException e) {
            LOG.debug("Ignoring heartbeat payload from {}: {}", peer.id, e.getMessage());
            return;
        }
        peer.attributes = payload.attributes();
        raiseMaxViewIdSeen(payload.maxViewIdSeen());
        if (!startupGateOpen && payload.viewId() > 0 && peer.configured) {
            startupGateOpen = true; // a cluster is already running: join it now rather than after initdead
            requestEvaluation(settleNanos);
        }
        // A member of our view that reports another view long after ours was installed missed something
        // (a lost commit, a view of its own): the coordinator runs a fresh round to bring it back in line.
        if (installed.contains(peer.id) && coordinator().equals(self) && ownProposal == null
                && (payload.viewId() != installed.id() || !payload.coordinator().equals(installed.coordinator()))
                && scheduler.nanoTime() - installedAtNanos > 2 * proposalTimeoutNanos
                && !forceRound) {
            forceRound = true;
            requestEvaluation(settleNanos);
        }
    }

    // ---------------------------------------------------------------- views

    /** The coordinator as this node sees it: the lowest-named live configured node. */
    private NodeId coordinator() {
        NodeId lowest = self;
        for (Peer peer : peers.values()) {
            if (isMemberCandidate(peer) && peer.id.compareTo(lowest) < 0) {
                lowest = peer.id;
            }
        }
        return lowest;
    }

    private void liveSetChanged() {
        if (ownProposal != null) {
            boolean memberLost = ownProposal.members.stream()
                    .anyMatch(m -> !m.equals(self) && !isMemberCandidate(peers.get(m)));
            if (memberLost || !coordinator().equals(self)) {
                abortOwnProposal(memberLost ? "a proposed member is gone" : "no longer the coordinator");
            }
        }
        if (accepted != null) {
            Peer coord = peers.get(accepted.coordinator);
            if (coord != null && !isMemberCandidate(coord)) {
                LOG.info("Coordinator {} of proposed view {} is gone; waiting for a new proposal", accepted.coordinator,
                        accepted.viewId);
                accepted = null;
            }
        }
        requestEvaluation(settleNanos);
        checkStaleView();
    }

    private void requestEvaluation(long delayNanos) {
        if (!running) {
            return;
        }
        long due = scheduler.nanoTime() + delayNanos;
        if (evaluation != null && evaluationDueNanos <= due) {
            return;
        }
        cancel(evaluation);
        evaluationDueNanos = due;
        evaluation = scheduler.schedule(delayNanos, () -> {
            evaluation = null;
            evaluate();
        });
    }

    /** Decides whether this node, as coordinator, must propose a new view. */
    private void evaluate() {
        if (!running) {
            return;
        }
        if (!coordinator().equals(self)) {
            abortOwnProposal("no longer the coordinator");
            checkStaleView();
            return;
        }
        if (ownProposal != null || !startupGateOpen) {
            return;
        }
        long now = scheduler.nanoTime();
        List<NodeId> target = new ArrayList<>();
        target.add(self);
        long nextSuspectExpiry = Long.MAX_VALUE;
        for (Peer peer : peers.values()) {
            if (!isMemberCandidate(peer)) {
                continue;
            }
            Suspect suspect = suspects.get(peer.id);
            if (suspect != null && now < suspect.untilNanos) {
                nextSuspectExpiry = Math.min(nextSuspectExpiry, suspect.untilNanos);
                continue;
            }
            target.add(peer.id);
        }
        target.sort(null);
        boolean needed = installed.id() == 0 || forceRound || !target.equals(installed.members())
                || incarnationsChanged(target);
        if (needed) {
            forceRound = false;
            propose(target);
        } else if (nextSuspectExpiry != Long.MAX_VALUE) {
            requestEvaluation(nextSuspectExpiry - now);
        }
    }

    private boolean incarnationsChanged(List<NodeId> members) {
        for (NodeId member : members) {
            Peer peer = peers.get(member);
            if (peer != null && !installedIncarnations.getOrDefault(member, 0L).equals(peer.incarnation)) {
                return true;
            }
        }
        return false;
    }

    private void propose(List<NodeId> members) {
        long id = maxViewIdSeen + 1;
        raiseMaxViewIdSeen(id); // persisted before anyone hears of it: a restart never reuses the id
        Cancellable timeout = scheduler.schedule(proposalTimeoutNanos, () -> onProposalTimeout(id));
        ownProposal = new OwnProposal(id, members, timeout);
        ownProposal.acked.add(self);
        LOG.info("Proposing view {} {} as coordinator", id, members);
        acceptLocally(id, self, messenger.incarnation(), members);
        Propose message = new Propose(id, members);
        for (NodeId member : members) {
            if (!member.equals(self)) {
                send(member, message);
            }
        }
        maybeCommit();
    }

    private void onProposalTimeout(long id) {
        if (!running || ownProposal == null || ownProposal.id != id) {
            return;
        }
        Set<NodeId> silent = new TreeSet<>(ownProposal.members);
        silent.removeAll(ownProposal.acked);
        LOG.warn("View {} not acknowledged by {} within {} ms; proposing again without them", id, silent,
                TimeUnit.NANOSECONDS.toMillis(proposalTimeoutNanos));
        silent.forEach(this::suspect);
        abortOwnProposal(null);
        // Members that acknowledged are in CHANGING: a new round closes it with CHANGED even if the live members
        // are those of the installed view.
        forceRound = true;
        requestEvaluation(0);
    }

    /**
     * Leaves a node that did not take part out of the next proposals for a while, doubling each time, so that a
     * node that is heard but does not answer (asymmetric links, an overloaded peer) cannot make views churn.
     */
    private void suspect(NodeId node) {
        Suspect previous = suspects.get(node);
        long backoff = previous == null ? settleNanos : Math.min(previous.backoffNanos * 2, 4 * deadNanos);
        suspects.put(node, new Suspect(scheduler.nanoTime() + backoff, backoff));
    }

    private void abortOwnProposal(String why) {
        if (ownProposal == null) {
            return;
        }
        if (why != null) {
            LOG.info("Abandoning proposed view {}: {}", ownProposal.id, why);
        }
        cancel(ownProposal.timeout);
        if (accepted != null && accepted.viewId == ownProposal.id) {
            accepted = null;
        }
        ownProposal = null;
        requestEvaluation(settleNanos);
    }

    private void maybeCommit() {
        if (ownProposal == null || !ownProposal.acked.containsAll(ownProposal.members)) {
            return;
        }
        OwnProposal committed = ownProposal;
        cancel(committed.timeout);
        ownProposal = null;
        Commit commit = new Commit(committed.id, committed.members);
        for (NodeId member : committed.members) {
            if (!member.equals(self)) {
                send(member, commit);
            }
        }
        install(new View(committed.id, committed.members, self));
    }

    private void acceptLocally(long id, NodeId coordinator, long coordinatorIncarnation, List<NodeId> members) {
        accepted = new Accepted(id, coordinator, coordinatorIncarnation, members);
        cancel(staleViewTimer);
        staleViewTimer = null;
        // If the commit never comes (coordinator partitioned away after our ack), do not wait forever.
        long patience = 2 * proposalTimeoutNanos + settleNanos;
        scheduler.schedule(patience, () -> {
            if (running && accepted != null && accepted.viewId == id) {
                LOG.warn("Proposed view {} from {} was never committed", id, coordinator);
                accepted = null;
                requestEvaluation(0);
                checkStaleView();
            }
        });
        View current = installed;
        for (Registration registration : listeners) {
            registration.changing(current, id);
        }
    }

    private void install(View view) {
        View previous = installed;
        if (previous.id() >= view.id()) {
            throw new IllegalStateException("view id would go from " + previous.id() + " to " + view.id());
        }
        accepted = null;
        cancel(staleViewTimer);
        staleViewTimer = null;
        Map<NodeId, Long> incarnations = new HashMap<>();
        for (NodeId member : view.members()) {
            Peer peer = peers.get(member);
            if (peer != null) {
                incarnations.put(member, peer.incarnation);
                suspects.remove(member);
            }
        }
        installedIncarnations = incarnations;
        installedAtNanos = scheduler.nanoTime();
        raiseMaxViewIdSeen(view.id());
        if (view.members().containsAll(configured)) {
            allSeenTogether = true;
        }
        installed = view;
        QuorumStatus q = computeQuorum(view);
        quorum = q;
        heartbeatPayload = encodePayload();
        LOG.info("View {} installed: members {}, coordinator {}, {} (votes {}/{}{})", view.id(), view.members(),
                view.coordinator(), q.quorate() ? "quorate" : "NOT quorate", q.votes(), q.expectedVotes(),
                q.waitingForAll() ? ", waiting for all nodes" : "");
        for (Registration registration : listeners) {
            registration.changed(view, q);
        }
        for (Peer peer : peers.values()) {
            if (peer.restartHold && view.id() > peer.restartHoldViewId) {
                releaseRestartHold(peer);
            }
        }
        requestEvaluation(settleNanos);
        checkStaleView();
    }

    /**
     * A non-coordinator whose view holds a member it considers dead waits for its coordinator to propose. If
     * none comes (the coordinator sees things differently), it falls back to a view of itself alone: that view
     * needs nobody's agreement, and it stops the node from claiming a quorum it no longer has.
     */
    private void checkStaleView() {
        if (!running || coordinator().equals(self) || accepted != null || staleViewTimer != null) {
            return;
        }
        if (!viewHasDeadMember()) {
            return;
        }
        long patience = settleNanos + 2 * proposalTimeoutNanos + settleNanos;
        staleViewTimer = scheduler.schedule(patience, () -> {
            staleViewTimer = null;
            if (!running || coordinator().equals(self) || accepted != null || !viewHasDeadMember()) {
                return;
            }
            long id = maxViewIdSeen + 1;
            LOG.warn("Coordinator {} formed no view without the dead members of view {}; installing view {} of {} alone",
                    coordinator(), installed.id(), id, self);
            raiseMaxViewIdSeen(id);
            View current = installed;
            for (Registration registration : listeners) {
                registration.changing(current, id);
            }
            install(new View(id, List.of(self), self));
        });
    }

    private boolean viewHasDeadMember() {
        for (NodeId member : installed.members()) {
            Peer peer = peers.get(member);
            // A restarted member held out until the next view is heard, not dead: its hold ends with that view or
            // its release, and a view of our own meanwhile would only make the cluster churn.
            if (!member.equals(self) && !isMemberCandidate(peer) && (peer == null || !peer.restartHold)) {
                return true;
            }
        }
        return false;
    }

    private void raiseMaxViewIdSeen(long id) {
        if (id > maxViewIdSeen) {
            maxViewIdSeen = id;
            viewIdFile.store(id);
            heartbeatPayload = encodePayload();
        }
    }

    // ---------------------------------------------------------------- protocol messages

    private void onMessageFromMessenger(Message message) {
        scheduler.execute(() -> onMessage(message));
    }

    private void onMessage(Message message) {
        if (!running) {
            return;
        }
        ViewMessage decoded;
        try {
            decoded = ViewMessage.decode(message.payload());
        } catch (IllegalArgumentException e) {
            LOG.warn("Dropping malformed membership message from {}: {}", message.from(), e.getMessage());
            return;
        }
        Peer peer = peers.get(message.from());
        if (peer == null || !peer.configured || message.fromIncarnation() != peer.incarnation) {
            LOG.debug("Dropping {} from {} (incarnation {}): not a current configured peer", decoded, message.from(),
                    message.fromIncarnation());
            return;
        }
        if (decoded instanceof Propose p) {
            onPropose(peer, p);
        } else if (decoded instanceof Ack a) {
            onAck(peer, a);
        } else if (decoded instanceof Nack n) {
            onNack(peer, n);
        } else if (decoded instanceof Commit c) {
            onCommit(peer, c);
        }
    }

    private void onPropose(Peer from, Propose proposal) {
        if (!proposal.members().contains(self) || !proposal.members().contains(from.id)) {
            LOG.warn("Ignoring proposal of view {} from {}: members {} do not include both of us", proposal.viewId(),
                    from.id, proposal.members());
            return;
        }
        NackReason refusal = null;
        if (!coordinator().equals(from.id)) {
            refusal = NackReason.NOT_COORDINATOR;
        } else if (proposal.viewId() <= installed.id() || proposal.viewId() < maxViewIdSeen
                || (accepted != null && accepted.viewId >= proposal.viewId())) {
            refusal = NackReason.STALE;
        }
        if (refusal != null) {
            LOG.info("Refusing view {} {} from {}: {} (coordinator here {}, highest id seen {})", proposal.viewId(),
                    proposal.members(), from.id, refusal, coordinator(), maxViewIdSeen);
            raiseMaxViewIdSeen(proposal.viewId());
            send(from.id, new Nack(proposal.viewId(), refusal, maxViewIdSeen));
            return;
        }
        raiseMaxViewIdSeen(proposal.viewId());
        abortOwnProposal("accepting view " + proposal.viewId() + " from " + from.id);
        acceptLocally(proposal.viewId(), from.id, from.incarnation, proposal.members());
        send(from.id, new Ack(proposal.viewId()));
    }

    private void onAck(Peer from, Ack ack) {
        if (ownProposal == null || ownProposal.id != ack.viewId() || !ownProposal.members.contains(from.id)) {
            return; // an answer to a proposal we already gave up
        }
        ownProposal.acked.add(from.id);
        maybeCommit();
    }

    private void onNack(Peer from, Nack nack) {
        raiseMaxViewIdSeen(nack.maxViewIdSeen());
        if (ownProposal == null || ownProposal.id != nack.viewId()) {
            return;
        }
        LOG.info("{} refused view {}: {}", from.id, nack.viewId(), nack.reason());
        if (nack.reason() == NackReason.NOT_COORDINATOR) {
            suspect(from.id);
        }
        abortOwnProposal(null);
        forceRound = true;
        requestEvaluation(0);
    }

    private void onCommit(Peer from, Commit commit) {
        if (accepted == null || accepted.viewId != commit.viewId() || !accepted.coordinator.equals(from.id)
                || accepted.coordinatorIncarnation != from.incarnation || !accepted.members.equals(commit.members())) {
            LOG.debug("Ignoring stale commit of view {} from {}", commit.viewId(), from.id);
            return;
        }
        install(new View(commit.viewId(), commit.members(), from.id));
    }

    private void send(NodeId to, ViewMessage message) {
        try {
            messenger.send(to, CHANNEL, ViewMessage.encode(message));
        } catch (RuntimeException e) {
            // The protocol's timeouts recover from a lost message; a failing messenger must not stop membership.
            LOG.warn("Cannot send {} to {}: {}", message, to, e.toString());
        }
    }

    // ---------------------------------------------------------------- ping nodes

    private void pingRound() {
        if (!running) {
            return;
        }
        long now = scheduler.nanoTime();
        if (ping.refresh(now, scheduler.currentTimeMillis())) {
            pingChanged();
        }
        int timeout = (int) Math.max(1, Math.min(settings.pingIntervalMillis(), Math.min(settings.deadPingMillis(), 5000)));
        for (String address : ping.addresses()) {
            if (!ping.startProbe(address)) {
                continue;
            }
            probeExecutor.execute(() -> {
                boolean answered;
                try {
                    answered = prober.isReachable(address, timeout);
                } catch (IOException | RuntimeException e) {
                    LOG.debug("Probe of ping node {} failed: {}", address, e.toString());
                    answered = false;
                }
                boolean result = answered;
                scheduler.execute(() -> onProbeResult(address, result));
            });
        }
        scheduler.schedule(TimeUnit.MILLISECONDS.toNanos(settings.pingIntervalMillis()), this::pingRound);
    }

    private void onProbeResult(String address, boolean answered) {
        if (!running) {
            return;
        }
        if (ping.probeFinished(address, answered, scheduler.nanoTime(), scheduler.currentTimeMillis())) {
            pingChanged();
        }
    }

    private void pingChanged() {
        pingStatuses = ping.statuses();
        for (PingNodeStatus status : pingStatuses) {
            LOG.info("Ping node {}: {}", status.name(), status.up() ? "up" : "down");
        }
        localAttributes = computeAttributes();
        heartbeatPayload = encodePayload();
    }

    private Map<String, String> computeAttributes() {
        if (ping.isEmpty()) {
            return Map.of();
        }
        return Map.of(PING_CONNECTIVITY, Integer.toString(ping.upCount() * settings.pingMultiplier()));
    }

    // ---------------------------------------------------------------- published state

    private QuorumStatus computeQuorum(View view) {
        return Quorum.of(view, configured, settings.expectedVotes(), settings.twoNode(), settings.waitForAll(),
                allSeenTogether, settings.noQuorumPolicy());
    }

    private byte[] encodePayload() {
        View view = installed;
        return new HeartbeatPayload(view.id(), view.coordinator(), Math.max(maxViewIdSeen, view.id()), localAttributes)
                .encode();
    }

    @Override
    public byte[] heartbeatPayload() {
        return heartbeatPayload;
    }

    @Override
    public NodeId localNode() {
        return self;
    }

    @Override
    public View currentView() {
        return installed;
    }

    @Override
    public List<NodeStatus> nodes() {
        Map<NodeId, NodeStatus> all = new TreeMap<>();
        Map<NodeId, List<String>> links = new HashMap<>();
        try {
            for (PeerStatus status : messenger.peers()) {
                links.put(status.peer(), status.linksUp());
            }
        } catch (RuntimeException e) {
            LOG.debug("Messenger cannot list peers: {}", e.toString());
        }
        View view = installed;
        all.put(self, new NodeStatus(self, NodeState.LOCAL, view.contains(self), messenger.incarnation(), 0, List.of(), 0, 0));
        long now = scheduler.nanoTime();
        for (Peer peer : peers.values()) {
            long last = peer.lastHeardNanos;
            all.put(peer.id, new NodeStatus(peer.id, peer.state, view.contains(peer.id), peer.incarnation,
                    last < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(now - last), links.getOrDefault(peer.id, List.of()),
                    peer.deadSinceMillis, peer.state == NodeState.DEAD ? peer.detectionMillis : 0));
        }
        return List.copyOf(all.values());
    }

    @Override
    public Optional<NodeStatus> node(NodeId node) {
        return nodes().stream().filter(s -> s.node().equals(node)).findFirst();
    }

    @Override
    public QuorumStatus quorum() {
        return quorum;
    }

    @Override
    public List<PingNodeStatus> pingNodes() {
        return pingStatuses;
    }

    @Override
    public Map<String, String> nodeAttributes(NodeId node) {
        if (node.equals(self)) {
            return localAttributes;
        }
        Peer peer = peers.get(node);
        return peer == null ? Map.of() : peer.attributes;
    }

    @Override
    public AutoCloseable addViewListener(ViewListener listener) {
        Registration registration = new Registration(listener);
        scheduler.execute(() -> {
            if (registration.closed) {
                return;
            }
            listeners.add(registration);
            registration.changed(installed, quorum);
        });
        return () -> {
            registration.closed = true;
            listeners.remove(registration);
        };
    }

    private static void cancel(Cancellable cancellable) {
        if (cancellable != null) {
            cancellable.cancel();
        }
    }

    // ---------------------------------------------------------------- state holders

    /** One peer. Written on the membership thread only; volatile fields are read by the status queries. */
    private static final class Peer {
        final NodeId id;
        final boolean configured;
        volatile NodeState state = NodeState.UNKNOWN;
        volatile long incarnation;
        volatile long lastHeardNanos = -1;
        volatile long deadSinceMillis;
        volatile long detectionMillis;
        volatile Map<String, String> attributes = Map.of();
        long leftIncarnation;
        boolean lateWarned;
        boolean restartHold;
        long restartHoldViewId;
        Cancellable timer;
        long timerDueNanos;

        Peer(NodeId id, boolean configured) {
            this.id = id;
            this.configured = configured;
        }

        void cancelTimer() {
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
        }
    }

    private static final class OwnProposal {
        final long id;
        final List<NodeId> members;
        final Set<NodeId> acked = new HashSet<>();
        final Cancellable timeout;

        OwnProposal(long id, List<NodeId> members, Cancellable timeout) {
            this.id = id;
            this.members = List.copyOf(members);
            this.timeout = timeout;
        }
    }

    private record Accepted(long viewId, NodeId coordinator, long coordinatorIncarnation, List<NodeId> members) {
    }

    private record Suspect(long untilNanos, long backoffNanos) {
    }

    /** A listener that is told of changes in order on the membership thread, until closed. */
    private static final class Registration {
        final ViewListener listener;
        volatile boolean closed;

        Registration(ViewListener listener) {
            this.listener = listener;
        }

        void changing(View current, long proposedId) {
            if (closed) {
                return;
            }
            try {
                listener.viewChanging(current, proposedId);
            } catch (RuntimeException e) {
                LOG.error("View listener {} failed on view change", listener, e);
            }
        }

        void changed(View view, QuorumStatus quorum) {
            if (closed) {
                return;
            }
            try {
                listener.viewChanged(view, quorum);
            } catch (RuntimeException e) {
                LOG.error("View listener {} failed on view change", listener, e);
            }
        }
    }

    /** Hops the messenger's callbacks onto the membership thread. */
    private final class PeerEvents implements PeerListener {
        @Override
        public void heard(NodeId peer, long incarnation, byte[] payload) {
            byte[] copy = payload == null ? new byte[0] : payload.clone();
            scheduler.execute(() -> onHeard(peer, incarnation, copy));
        }

        @Override
        public void restarted(NodeId peer, long oldIncarnation, long newIncarnation) {
            scheduler.execute(() -> onRestarted(peer, oldIncarnation, newIncarnation));
        }

        @Override
        public void left(NodeId peer, long incarnation) {
            scheduler.execute(() -> onLeft(peer, incarnation));
        }
    }
}
