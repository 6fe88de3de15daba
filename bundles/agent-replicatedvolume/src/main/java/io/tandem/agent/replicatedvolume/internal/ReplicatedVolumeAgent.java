package io.tandem.agent.replicatedvolume.internal;

import io.tandem.attributes.AttributeLifetime;
import io.tandem.attributes.AttributeListener;
import io.tandem.attributes.AttributeNames;
import io.tandem.attributes.NodeAttributes;
import io.tandem.common.ActionResult;
import io.tandem.common.OcfExitCode;
import io.tandem.executor.spi.AgentRequest;
import io.tandem.executor.spi.AgentResources;
import io.tandem.executor.spi.ResourceAgent;
import io.tandem.replication.ConnectionState;
import io.tandem.replication.DiskState;
import io.tandem.replication.DrbdConfException;
import io.tandem.replication.ReplicationService;
import io.tandem.replication.Role;
import io.tandem.replication.StateChangeException;
import io.tandem.replication.Volume;
import io.tandem.replication.VolumeConfig;
import io.tandem.replication.VolumeEvent;
import io.tandem.replication.VolumeStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ocf:tandem:ReplicatedVolume}: a replicated volume as a promotable clone, as {@code ocf:linbit:drbd} manages
 * a DRBD resource, with resource-level fencing built in (what DRBD's fence-peer handlers, dopd or crm-fence-peer.sh,
 * add to it).
 *
 * <p>Fencing: a node that loses its peer while Primary, or is promoted without one, sets the permanent node
 * attribute {@code tandem-outdated-<drbd_resource>} on the peer. The peer's agent outdates its disk as soon as it
 * sees the mark (at once through the attribute listener when the cluster can still reach it, else at its next
 * action), refuses to promote and withdraws its promotion score while it holds the mark. The Primary removes the
 * mark when both disks are UpToDate again, as crm-unfence-peer.sh does after the resync.
 *
 * <p>Block device: with the replication-device bundle's {@code DeviceManager} present, promote attaches the volume
 * as {@code /dev/tandem/<volume>} (as DRBD's /dev/drbdN appears with the Primary role, so a Filesystem resource
 * ordered after the promotion can mount it) and demote detaches it first; a mounted device makes the demote fail,
 * as DRBD's does. The reference is optional and dynamic and the device package is imported optionally: without
 * the device bundle the agent manages roles only (and says so in the log).
 */
@Component(service = ResourceAgent.class, property = {ResourceAgent.CLASS + "=ocf",
        ResourceAgent.PROVIDER + "=tandem", ResourceAgent.TYPE + "=ReplicatedVolume"})
public final class ReplicatedVolumeAgent implements ResourceAgent {
    static final String OUTDATED_PREFIX = "tandem-outdated-";
    static final String DEFAULT_SCORES = "0 10 1000 10000";
    static final long PEER_DEMOTION_WAIT_MILLIS = 2000;
    static final long PEER_DEMOTION_POLL_MILLIS = 50;
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedVolumeAgent.class);

    private final ReplicationService replication;
    private final NodeAttributes attributes;
    private final String metaData;
    private final AttributeListener markListener = this::markChanged;
    /** The fencing listeners on the volumes that are up, by drbd resource. */
    private final Map<String, Watch> watches = new HashMap<>();
    private final ComponentContext context;
    /** The device layer, null while the replication-device bundle's DeviceManager is not there. */
    private volatile DeviceLink devices;

    private record Watch(Volume volume, AutoCloseable registration) {
    }

    private record Scores(int onlyConsistent, int onlyRemote, int localOk, int asGoodAsItGets) {
        static Scores parse(String text) {
            String[] v = text.strip().split("\\s+");
            if (v.length != 4) {
                throw new IllegalArgumentException("adjust_master_score needs 4 numbers, not '" + text + "'");
            }
            int[] n = new int[4];
            for (int i = 0; i < 4; i++) {
                try {
                    n[i] = Integer.parseInt(v[i]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("adjust_master_score: '" + v[i] + "' is not a number");
                }
                if (n[i] < 0 || (i > 0 && n[i] < n[i - 1])) {
                    throw new IllegalArgumentException("adjust_master_score must be non-decreasing and not negative: "
                            + text);
                }
            }
            return new Scores(n[0], n[1], n[2], n[3]);
        }
    }

    @Activate
    public ReplicatedVolumeAgent(@Reference ReplicationService replication, @Reference NodeAttributes attributes,
            ComponentContext context) {
        this.replication = replication;
        this.attributes = attributes;
        this.context = context;
        this.metaData = AgentResources.text(ReplicatedVolumeAgent.class, "ReplicatedVolume.xml");
        attributes.addListener(markListener);
    }

    /** Without OSGi (tests): no DeviceManager until {@link #useDevices} gives one. */
    ReplicatedVolumeAgent(ReplicationService replication, NodeAttributes attributes) {
        this(replication, attributes, null);
    }

    /**
     * The device layer arrives. Bound by reference, not by type: a bind method naming DeviceManager would stop SCR
     * from loading this class when the device bundle is not installed.
     */
    @Reference(name = "devices", service = io.tandem.replication.device.DeviceManager.class,
            cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            unbind = "unbindDevices")
    void bindDevices(ServiceReference<?> reference) {
        Object service = context.locateService("devices", reference);
        try {
            useDevices(service == null ? null : DeviceLink.of(service));
        } catch (LinkageError | ClassCastException e) {
            LOG.warn("the replication-device bundle is not wired to this agent ({}): promote will not attach"
                    + " /dev/tandem devices until the agent bundle is refreshed", e.toString());
        }
    }

    void unbindDevices(ServiceReference<?> reference) {
        useDevices(null);
    }

    /** Sets the device layer (null: none). */
    void useDevices(DeviceLink link) {
        devices = link;
        LOG.info(link == null ? "replication-device is gone: promote makes volumes Primary without a block device"
                : "replication-device is there: promote attaches /dev/tandem/<volume>, demote detaches it");
    }

    @Deactivate
    void deactivate() {
        attributes.removeListener(markListener);
        synchronized (watches) {
            watches.values().forEach(w -> closeQuietly(w.registration()));
            watches.clear();
        }
    }

    @Override
    public String metaData() {
        return metaData;
    }

    @Override
    public ActionResult execute(AgentRequest request) throws InterruptedException {
        String res = request.parameter("drbd_resource", "").strip();
        Scores scores;
        try {
            scores = Scores.parse(request.parameter("adjust_master_score", DEFAULT_SCORES));
        } catch (IllegalArgumentException e) {
            return ActionResult.done(OcfExitCode.ERR_CONFIGURED, e.getMessage());
        }
        if (res.isEmpty()) {
            return ActionResult.done(OcfExitCode.ERR_CONFIGURED, "drbd_resource is not set");
        }
        String scoreName = AttributeNames.promotionScore(AttributeNames.stripCloneInstance(request.resourceId()));
        try {
            return switch (request.action()) {
                case "start" -> start(res, scoreName, scores);
                case "stop" -> stop(res, scoreName);
                case "monitor" -> monitor(res, scoreName, scores);
                case "promote" -> promote(request, res, scoreName, scores);
                case "demote" -> demote(res, scoreName, scores);
                case "notify" -> ActionResult.ok();
                case "validate-all" -> validate(res);
                default -> ActionResult.done(OcfExitCode.ERR_UNIMPLEMENTED,
                        "ReplicatedVolume does not implement action '" + request.action() + "'");
            };
        } catch (IllegalArgumentException e) {
            return ActionResult.done(OcfExitCode.ERR_CONFIGURED, e.getMessage());
        } catch (StateChangeException e) {
            return ActionResult.done(OcfExitCode.ERR_GENERIC, res + ": " + e.getMessage());
        }
    }

    private ActionResult validate(String res) {
        if (replication.resource(res).isEmpty()) {
            return ActionResult.done(OcfExitCode.ERR_CONFIGURED, "'" + res + "' is not a resource of node "
                    + replication.localNode() + " in " + replication.drbdConf().map(Object::toString)
                    .orElse("drbd.conf (none is configured)"));
        }
        return ActionResult.ok();
    }

    private ActionResult start(String res, String scoreName, Scores scores) {
        Optional<Volume> volume = replication.volume(res);
        if (volume.isEmpty()) {
            try {
                replication.up(res);
            } catch (DrbdConfException e) {
                return ActionResult.done(OcfExitCode.ERR_CONFIGURED, "drbd.conf: " + e.getMessage());
            } catch (IOException e) {
                return ActionResult.done(OcfExitCode.ERR_GENERIC, res + ": cannot attach: " + e.getMessage());
            }
        } else if (volume.get().status().connection() == ConnectionState.STAND_ALONE) {
            replication.connect(res, false);
        }
        Volume v = replication.volume(res).orElseThrow();
        watch(res, v);
        applyMark(res, v);
        updateScore(v.status(), scoreName, scores, res);
        return ActionResult.ok();
    }

    private ActionResult stop(String res, String scoreName) {
        if (replication.volume(res).isPresent()) {
            Optional<ActionResult> refused = detach(res, "stop");
            if (refused.isPresent()) {
                return refused.get();
            }
            replication.down(res);
        }
        unwatch(res);
        attributes.delete(attributes.localNode(), scoreName, AttributeLifetime.REBOOT);
        return ActionResult.ok();
    }

    private ActionResult monitor(String res, String scoreName, Scores scores) {
        Optional<Volume> volume = replication.volume(res);
        if (volume.isEmpty()) {
            if (replication.resource(res).isEmpty()) {
                return ActionResult.done(OcfExitCode.ERR_CONFIGURED, "'" + res + "' is not a resource of node "
                        + replication.localNode());
            }
            return ActionResult.done(OcfExitCode.NOT_RUNNING, "");
        }
        Volume v = volume.get();
        watch(res, v);
        applyMark(res, v);
        VolumeStatus s = v.status();
        unfenceIfSynced(res, s);
        updateScore(s, scoreName, scores, res);
        return s.role() == Role.PRIMARY ? ActionResult.done(OcfExitCode.RUNNING_PROMOTED, deviceProblem(res))
                : ActionResult.ok();
    }

    /** Empty when a Primary's device is attached; else what is wrong with it, for the monitor's exit reason. */
    private String deviceProblem(String res) {
        DeviceLink d = devices;
        if (d == null) {
            return "Primary without a block device: replication-device (DeviceManager) is not running";
        }
        return d.describe(res).isPresent() ? "" : "Primary, but /dev/tandem/" + res + " is not attached";
    }

    private ActionResult promote(AgentRequest request, String res, String scoreName, Scores scores)
            throws InterruptedException {
        Volume v = replication.volume(res).orElse(null);
        if (v == null) {
            return ActionResult.done(OcfExitCode.NOT_RUNNING, res + " is not up");
        }
        Optional<String> mark = mark(attributes.localNode(), res);
        VolumeStatus s = v.status();
        if (mark.isPresent() && !(s.connection().isConnected() && s.peerDisk() == DiskState.UP_TO_DATE)) {
            return ActionResult.done(OcfExitCode.ERR_GENERIC, res + ": outdated by " + mark.get()
                    + " (it lost this node while Primary); promote there, or reconnect and resync first");
        }
        if (!s.connection().isConnected() && s.role() != Role.PRIMARY) {
            // DRBD's fencing resource-only: a node promoted without its peer fences the peer first.
            fencePeer(res, v);
        }
        primaryRetrying(v, Math.min(request.timeout().toMillis() / 2, PEER_DEMOTION_WAIT_MILLIS));
        watch(res, v);
        ActionResult result = attach(res, v);
        updateScore(v.status(), scoreName, scores, res);
        return result;
    }

    /**
     * The device that comes with the Primary role. A promotion without its device is no use to what is ordered after
     * it (the mount would fail on a missing /dev/tandem/NAME), so a failed attach undoes the promotion and fails.
     */
    private ActionResult attach(String res, Volume v) {
        DeviceLink d = devices;
        if (d == null) {
            LOG.warn("{}: Primary without a block device: replication-device (DeviceManager) is not running", res);
            return ActionResult.ok();
        }
        try {
            Path link = d.attach(res);
            LOG.info("{}: Primary, device {}", res, link);
            return ActionResult.ok();
        } catch (IOException e) {
            String undo;
            try {
                v.secondary();
                undo = "promotion undone";
            } catch (StateChangeException s) {
                undo = "still Primary: " + s.getMessage();
            }
            LOG.warn("{}: promoted, but the device failed: {} ({})", res, e.getMessage(), undo);
            return ActionResult.done(OcfExitCode.ERR_GENERIC, res + ": cannot attach /dev/tandem/" + res + ": "
                    + withoutName(res, e.getMessage()) + " (" + undo + ")");
        }
    }

    /**
     * Detaches the volume's device before a demote or stop; the result is the failure when the device is mounted or
     * cannot be released (the volume then refuses Secondary anyway, but this says why in the operator's words).
     */
    private Optional<ActionResult> detach(String res, String action) {
        DeviceLink d = devices;
        if (d == null) {
            return Optional.empty();
        }
        try {
            Optional<DeviceLink.Detached> r = d.detachIfAttached(res);
            if (r.isPresent()) {
                LOG.info("{}: device detached ({})", res, r.get().steps());
                if (!r.get().released()) {
                    return Optional.of(ActionResult.done(OcfExitCode.ERR_GENERIC, res + ": cannot " + action
                            + ": /dev/tandem/" + res + " detached only lazily, still in use: " + r.get().problems()));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(ActionResult.done(OcfExitCode.ERR_GENERIC, res + ": cannot " + action + ": "
                    + withoutName(res, e.getMessage())));
        }
    }

    /** The device layer's messages start with the volume name, which the exit reason already has. */
    private static String withoutName(String res, String message) {
        return message != null && message.startsWith(res + ": ") ? message.substring(res.length() + 2)
                : String.valueOf(message);
    }

    /**
     * The peer's demotion reaches this node a moment after the peer's demote action returned, and the cluster
     * promotes right after it: while the peer still looks Primary, try again for a short while (as
     * ocf:linbit:drbd retries drbdadm primary).
     */
    private static void primaryRetrying(Volume v, long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (true) {
            try {
                v.primary(false);
                return;
            } catch (StateChangeException e) {
                if (v.status().peerRole() != Role.PRIMARY || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            TimeUnit.MILLISECONDS.sleep(PEER_DEMOTION_POLL_MILLIS);
        }
    }

    private ActionResult demote(String res, String scoreName, Scores scores) {
        Volume v = replication.volume(res).orElse(null);
        if (v == null) {
            return ActionResult.done(OcfExitCode.NOT_RUNNING, res + " is not up");
        }
        Optional<ActionResult> refused = detach(res, "demote");
        if (refused.isPresent()) {
            return refused.get();
        }
        v.secondary();
        updateScore(v.status(), scoreName, scores, res);
        return ActionResult.ok();
    }

    // ------------------------------------------------------------------------------------------ promotion score

    /** ocf:linbit:drbd's drbd_update_master_score for two nodes (without its quorum and diskless-client cases). */
    private void updateScore(VolumeStatus s, String scoreName, Scores scores, String res) {
        String node = attributes.localNode();
        Integer score;
        if (mark(node, res).isPresent() && !(s.connection().isConnected() && s.disk() == DiskState.UP_TO_DATE
                && s.peerDisk() == DiskState.UP_TO_DATE)) {
            score = null;
        } else if (s.disk() == DiskState.DISKLESS) {
            score = s.connection().isConnected() && s.peerDisk() == DiskState.UP_TO_DATE ? scores.asGoodAsItGets() - 1
                    : null;
        } else if (s.disk() == DiskState.UP_TO_DATE) {
            score = s.role() == Role.PRIMARY || s.peerDisk() != DiskState.UNKNOWN ? scores.asGoodAsItGets()
                    : scores.localOk();
        } else if (s.connection().isConnected() && s.peerDisk() == DiskState.UP_TO_DATE) {
            score = scores.onlyRemote();
        } else if (s.disk() == DiskState.ATTACHING || s.disk() == DiskState.NEGOTIATING) {
            return; // transitional: leave the score as it is
        } else if (s.disk() == DiskState.CONSISTENT) {
            score = scores.onlyConsistent();
        } else {
            score = null;
        }
        if (score == null) {
            attributes.delete(node, scoreName, AttributeLifetime.REBOOT);
        } else {
            attributes.set(node, scoreName, Integer.toString(score), AttributeLifetime.REBOOT, Duration.ZERO);
        }
    }

    // ------------------------------------------------------------------------------------------ fencing

    static String markName(String res) {
        return OUTDATED_PREFIX + res;
    }

    private Optional<String> mark(String node, String res) {
        return attributes.get(node, markName(res), AttributeLifetime.FOREVER);
    }

    private void fencePeer(String res, Volume v) {
        VolumeConfig cfg = replication.resource(res).orElse(null);
        if (cfg == null) {
            return;
        }
        String self = attributes.localNode();
        if (mark(cfg.peerHost(), res).isEmpty()) {
            LOG.warn("{}: fencing peer {}: marked outdated (resource-level fencing)", res, cfg.peerHost());
            attributes.set(cfg.peerHost(), markName(res), self, AttributeLifetime.FOREVER, Duration.ZERO);
        }
    }

    private void unfenceIfSynced(String res, VolumeStatus s) {
        if (s.connection() == ConnectionState.CONNECTED && s.disk() == DiskState.UP_TO_DATE
                && s.peerDisk() == DiskState.UP_TO_DATE) {
            replication.resource(res).ifPresent(cfg -> {
                for (String node : new String[] {cfg.peerHost(), attributes.localNode()}) {
                    if (mark(node, res).isPresent()) {
                        LOG.info("{}: {} is UpToDate again: fencing mark removed", res, node);
                        attributes.delete(node, markName(res), AttributeLifetime.FOREVER);
                    }
                }
            });
        }
    }

    /** Outdates this node's disk while it holds a mark and cannot be resynced (not connected). */
    private void applyMark(String res, Volume v) {
        Optional<String> mark = mark(attributes.localNode(), res);
        if (mark.isEmpty()) {
            return;
        }
        VolumeStatus s = v.status();
        if (s.role() == Role.SECONDARY && !s.connection().isConnected() && s.disk().isConsistent()) {
            try {
                v.outdate();
                LOG.warn("{}: disk outdated: {} marked it (it lost this node while Primary)", res, mark.get());
            } catch (StateChangeException e) {
                LOG.info("{}: cannot outdate yet ({}); will retry", res, e.getMessage());
            }
        }
    }

    private void markChanged(String node, String name, String value, AttributeLifetime lifetime) {
        if (value == null || lifetime != AttributeLifetime.FOREVER || !name.startsWith(OUTDATED_PREFIX)
                || !node.equals(attributes.localNode())) {
            return;
        }
        String res = name.substring(OUTDATED_PREFIX.length());
        replication.volume(res).ifPresent(v -> applyMark(res, v));
    }

    private void watch(String res, Volume v) {
        synchronized (watches) {
            Watch w = watches.get(res);
            if (w != null && w.volume() == v) {
                return;
            }
            if (w != null) {
                closeQuietly(w.registration());
            }
            watches.put(res, new Watch(v, v.addListener(e -> volumeEvent(res, v, e))));
        }
    }

    private void unwatch(String res) {
        synchronized (watches) {
            Watch w = watches.remove(res);
            if (w != null) {
                closeQuietly(w.registration());
            }
        }
    }

    private void volumeEvent(String res, Volume v, VolumeEvent event) {
        if (!(event instanceof VolumeEvent.StateChanged change)) {
            return;
        }
        VolumeStatus before = change.before();
        VolumeStatus after = change.after();
        if (after.role() == Role.PRIMARY && before.connection().isConnected() && !after.connection().isConnected()) {
            fencePeer(res, v);
        } else if (after.role() == Role.SECONDARY && !after.connection().isConnected()) {
            applyMark(res, v);
        }
        unfenceIfSynced(res, after);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("removing a volume listener: {}", e.getMessage());
        }
    }

}
