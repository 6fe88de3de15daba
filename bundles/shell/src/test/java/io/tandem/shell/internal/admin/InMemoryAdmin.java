package io.tandem.shell.internal.admin;

import io.tandem.cib.Cib;
import io.tandem.cib.CibParseException;
import io.tandem.cib.CibUpdate;
import io.tandem.cib.CibValidator;
import io.tandem.common.CibVersion;
import io.tandem.common.NodeId;
import io.tandem.controller.AdminException;
import io.tandem.controller.ClusterAdmin;
import io.tandem.controller.ControllerState;
import io.tandem.controller.edit.AttributeEdits;
import io.tandem.controller.edit.CibUpdates;
import io.tandem.controller.edit.ConstraintEdits;
import io.tandem.controller.edit.Placements;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A ClusterAdmin in one process: a real CIB value changed by the real edit functions of io.tandem.controller.edit,
 * validated and version-stamped as the DC's store does. What it cannot do without a cluster (status text, the
 * one-shot moves of takeover/relinquish, recording a failure) it records.
 */
final class InMemoryAdmin implements ClusterAdmin {
    final List<String> calls = new ArrayList<>();
    private final Clock clock;
    private final NodeId local;
    private final List<NodeId> members;
    private Cib cib;
    /** This node's copy when it lags behind the DC's (see {@link #lagBehind}), else null. */
    private Cib localCopy;

    InMemoryAdmin(Cib cib, Clock clock, String local, List<String> members) {
        this.cib = cib;
        this.clock = clock;
        this.local = NodeId.of(local);
        this.members = members.stream().map(NodeId::of).toList();
    }

    @Override
    public synchronized Cib cib() {
        return localCopy != null ? localCopy : cib;
    }

    /**
     * From now on {@link #cib()} (this node's copy) stays as it is while {@link #change} goes on changing the DC's
     * CIB, as on a node that has not yet received the DC's latest changes.
     */
    synchronized void lagBehind() {
        localCopy = cib;
    }

    /** The DC's CIB, which {@link #change} changes. */
    synchronized Cib dcCib() {
        return cib;
    }

    @Override
    public ControllerState state() {
        return new ControllerState(local, Optional.of(members.get(0)), 1, members, true, ControllerState.Phase.IDLE,
                cib().version(), 0, 0, Optional.empty());
    }

    @Override
    public String status(boolean showInactive, boolean showFailCounts) {
        calls.add("status inactive=" + showInactive + " failcounts=" + showFailCounts);
        return "Cluster Summary:\n  * Current DC: " + members.get(0);
    }

    @Override
    public synchronized CibVersion change(CibUpdate update) throws AdminException {
        Cib next;
        try {
            next = update.edit().applyTo(cib);
            CibValidator.validate(next, update.description());
        } catch (AdminException e) {
            throw e;
        } catch (CibParseException e) {
            throw new AdminException(AdminException.Reason.INVALID, e.getMessage(), e);
        } catch (Exception e) {
            throw new AdminException(AdminException.Reason.INVALID, e.getMessage(), e);
        }
        CibVersion v = cib.version();
        boolean config = !next.configuration().equals(cib.configuration());
        CibVersion bumped = config ? new CibVersion(v.adminEpoch(), v.epoch() + 1, 0)
                : new CibVersion(v.adminEpoch(), v.epoch(), v.numUpdates() + 1);
        cib = next.withVersion(bumped);
        calls.add(update.description());
        return bumped;
    }

    @Override
    public CibVersion replaceConfiguration(Cib imported) throws AdminException {
        return change(CibUpdates.replaceConfiguration(imported, "import"));
    }

    @Override
    public void standby(String node, boolean standby, boolean untilReboot) throws AdminException {
        change(CibUpdates.standby(node, standby, untilReboot));
    }

    @Override
    public void maintenance(boolean on) throws AdminException {
        change(CibUpdates.maintenance(on));
    }

    @Override
    public void nodeAttribute(String node, String name, Optional<String> value) throws AdminException {
        change(CibUpdates.nodeAttribute(node, name, value));
    }

    @Override
    public Optional<String> nodeAttribute(String node, String name) throws AdminException {
        return AttributeEdits.nodeAttribute(cib(), node, name);
    }

    @Override
    public void takeover(String node, Duration wait) {
        calls.add("takeover " + node + " within " + wait);
    }

    @Override
    public void relinquish(String node, Duration wait) {
        calls.add("relinquish " + node + " within " + wait);
    }

    @Override
    public List<Placement> locate(String resource) throws AdminException {
        return Placements.of(cib(), resource);
    }

    @Override
    public void targetRole(String resource, String role) throws AdminException {
        change(CibUpdates.targetRole(resource, role));
    }

    @Override
    public void manage(String resource, boolean managed) throws AdminException {
        change(CibUpdates.manage(resource, managed));
    }

    @Override
    public void move(String resource, Optional<String> node, Optional<Duration> lifetime) throws AdminException {
        change(CibUpdates.move(resource, node, ConstraintEdits.Options.forLifetime(lifetime), clock.instant()));
    }

    @Override
    public void ban(String resource, Optional<String> node, Optional<Duration> lifetime) throws AdminException {
        change(CibUpdates.ban(resource, node, ConstraintEdits.Options.forLifetime(lifetime), clock.instant()));
    }

    @Override
    public synchronized int clear(String resource, Optional<String> node) throws AdminException {
        int removed = ConstraintEdits.clear(cib, resource, node).removed().size();
        change(CibUpdates.clear(resource, node));
        return removed;
    }

    @Override
    public void cleanup(Optional<String> resource, Optional<String> node) throws AdminException {
        change(CibUpdates.cleanup(resource, node, false));
    }

    @Override
    public void fail(String resource, String node) throws AdminException {
        Placements.of(cib(), resource); // NOT_FOUND as the controller would answer
        calls.add("fail " + resource + " on " + node);
    }

    @Override
    public Optional<String> parameter(String resource, String name) throws AdminException {
        return AttributeEdits.parameter(cib(), resource, name);
    }

    @Override
    public void parameter(String resource, String name, Optional<String> value) throws AdminException {
        change(CibUpdates.parameter(resource, name, value));
    }

    @Override
    public Optional<String> meta(String resource, String name) throws AdminException {
        return AttributeEdits.meta(cib(), resource, name);
    }

    @Override
    public void meta(String resource, String name, Optional<String> value) throws AdminException {
        change(CibUpdates.meta(resource, name, value));
    }
}
