package io.tandem.controller.internal;

import io.tandem.attributes.NodeAttributes;
import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import io.tandem.cib.CibStore;
import io.tandem.cib.CibUpdate;
import io.tandem.common.CibVersion;
import io.tandem.common.EventLoop;
import io.tandem.controller.AdminException;
import io.tandem.controller.ClusterAdmin;
import io.tandem.controller.ControllerState;
import io.tandem.controller.edit.AttributeEdits;
import io.tandem.controller.edit.CibNodes;
import io.tandem.controller.edit.CibUpdates;
import io.tandem.controller.edit.ConstraintEdits;
import io.tandem.controller.edit.Placements;
import io.tandem.executor.AgentId;
import io.tandem.executor.Executor;
import io.tandem.membership.Membership;
import io.tandem.messaging.ClusterMessenger;
import io.tandem.scheduler.Scheduler;
import io.tandem.scheduler.StatusRenderer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The controller of this node as a DS component, and the {@link ClusterAdmin} service every front end uses. */
@Component(service = ClusterAdmin.class, name = "io.tandem.controller", immediate = true)
@Designate(ocd = ControllerConfig.class)
public final class ControllerComponent implements ClusterAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerComponent.class);

    private final EventLoop loop = new EventLoop("tandem-controller");
    private final CibStore cib;
    private final StatusRenderer renderer;
    private final NodeAttributes attributes;
    private final Controller controller;
    private final AutoCloseable viewRegistration;
    private final ControllerSettings settings;

    @Activate
    public ControllerComponent(@Reference ClusterMessenger messenger, @Reference Membership membership,
                               @Reference CibStore cib, @Reference Scheduler scheduler, @Reference Executor executor,
                               @Reference NodeAttributes attributes, @Reference StatusRenderer renderer,
                               ControllerConfig config) {
        this.cib = cib;
        this.renderer = renderer;
        this.attributes = attributes;
        this.settings = new ControllerSettings(config.joinTimeoutMillis(), config.adminTimeoutMillis(),
                config.fencingRetryMillis(), config.shutdownTimeoutMillis());
        this.controller = new Controller(loop, messenger, cib, scheduler, executor, attributes, settings);
        this.viewRegistration = membership.addViewListener(controller);
    }

    @Deactivate
    void deactivate() {
        if (settings.shutdownTimeoutMillis() > 0) {
            try {
                controller.shutdown().get(settings.shutdownTimeoutMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.warn("stopping without the DC's go-ahead after {} ms: resources may still run here",
                        settings.shutdownTimeoutMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                LOG.warn("clean shutdown failed", e.getCause());
            }
        }
        try {
            viewRegistration.close();
        } catch (Exception e) {
            LOG.debug("closing the view listener failed", e);
        }
        controller.close();
        loop.close();
    }

    private <T> T await(CompletableFuture<T> f) throws AdminException {
        try {
            return f.get(settings.adminTimeoutMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException(AdminException.Reason.UNAVAILABLE, "interrupted");
        } catch (TimeoutException e) {
            throw new AdminException(AdminException.Reason.UNAVAILABLE, "the controller did not answer in time");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AdminException ae) {
                throw ae;
            }
            throw new AdminException(AdminException.Reason.INVALID, String.valueOf(e.getCause().getMessage()), e.getCause());
        }
    }

    @Override
    public Cib cib() {
        return cib.current();
    }

    @Override
    public ControllerState state() {
        try {
            return await(controller.state());
        } catch (AdminException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public String status(boolean showInactive, boolean showFailCounts) {
        return renderer.render(cib.current(), Instant.now(),
                new StatusRenderer.Options(showInactive, showFailCounts, false, "tandem"));
    }

    @Override
    public CibVersion change(CibUpdate update) throws AdminException {
        return await(controller.change(update));
    }

    @Override
    public CibVersion replaceConfiguration(Cib imported) throws AdminException {
        return change(CibUpdates.replaceConfiguration(imported, "import").asAdministrative());
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
        return AttributeEdits.nodeAttribute(cib.current(), node, name);
    }

    @Override
    public List<Placement> locate(String resource) throws AdminException {
        return Placements.of(cib.current(), resource);
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
        change(CibUpdates.move(resource, node, ConstraintEdits.Options.forLifetime(lifetime), Instant.now()));
    }

    @Override
    public void ban(String resource, Optional<String> node, Optional<Duration> lifetime) throws AdminException {
        change(CibUpdates.ban(resource, node, ConstraintEdits.Options.forLifetime(lifetime), Instant.now()));
    }

    @Override
    public int clear(String resource, Optional<String> node) throws AdminException {
        int n = ConstraintEdits.clear(cib.current(), resource, node).removed().size();
        change(CibUpdates.clear(resource, node));
        return n;
    }

    @Override
    public void cleanup(Optional<String> resource, Optional<String> node) throws AdminException {
        Cib current = cib.current();
        List<String> nodes = node.map(List::of).orElseGet(() -> CibNodes.names(current));
        List<String> resources = resource.map(List::of).orElseGet(() -> Placements.all(current).stream()
                .map(Placement::resource).distinct().toList());
        for (String n : nodes) {
            for (String r : resources) {
                attributes.clearFailures(n, r);
            }
        }
        // the executors forget first: the probes the cleaned CIB causes must find them clean
        for (String r : resources) {
            controller.forgetOn(r, nodes);
        }
        change(CibUpdates.cleanup(resource, node, false));
    }

    @Override
    public void fail(String resource, String node) throws AdminException {
        CibNodes.requireConfigured(cib.current(), node);
        CibElement e = io.tandem.controller.edit.CibResource.require(cib.current(), resource).element();
        if (!e.name().equals("primitive")) {
            throw new AdminException(AdminException.Reason.CONFLICT, resource + " is a " + e.name()
                    + ": name one of its primitives to fail");
        }
        String provider = e.attr("provider");
        AgentId agent = new AgentId(e.attr("class", "ocf"), provider, e.attr("type", "unknown"));
        controller.injectFailure(resource, agent, node);
    }

    @Override
    public Optional<String> parameter(String resource, String name) throws AdminException {
        return AttributeEdits.parameter(cib.current(), resource, name);
    }

    @Override
    public void parameter(String resource, String name, Optional<String> value) throws AdminException {
        change(CibUpdates.parameter(resource, name, value));
    }

    @Override
    public Optional<String> meta(String resource, String name) throws AdminException {
        return AttributeEdits.meta(cib.current(), resource, name);
    }

    @Override
    public void meta(String resource, String name, Optional<String> value) throws AdminException {
        change(CibUpdates.meta(resource, name, value));
    }

    @Override
    public void takeover(String node, Duration wait) throws AdminException {
        oneShotMove(node, wait, true);
    }

    @Override
    public void relinquish(String node, Duration wait) throws AdminException {
        oneShotMove(node, wait, false);
    }

    /**
     * Heartbeat's hb_takeover/hb_standby: move (or ban) every top-level resource, wait until none runs on the
     * wrong side, then drop the constraints so stickiness keeps the resources where they went.
     */
    private void oneShotMove(String node, Duration wait, boolean to) throws AdminException {
        CibNodes.requireConfigured(cib.current(), node);
        List<String> top = new ArrayList<>();
        cib.current().configuration().child("resources").ifPresent(r -> r.children().forEach(e -> top.add(e.id())));
        if (top.isEmpty()) {
            return;
        }
        // all constraints in one change: moved one by one, the scheduler would rebalance the others meanwhile
        ConstraintEdits.Options force = ConstraintEdits.Options.defaults().withForce(true);
        Instant now = Instant.now();
        change(new CibUpdate((to ? "takeover by " : "standby of ") + node, false, c -> {
            Cib out = c;
            for (String r : top) {
                out = to ? ConstraintEdits.move(out, r, node, Placements.of(out, r), force, now)
                        : ConstraintEdits.ban(out, r, node, force, now);
            }
            return out;
        }));
        try {
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline && !settled(top, node, to)) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // one-shot: the constraints go (a forced move also banned the node the resource left), stickiness
            // keeps the resources where they went
            change(new CibUpdate("end of " + (to ? "takeover by " : "standby of ") + node, false, c -> {
                Cib out = c;
                for (String r : top) {
                    out = ConstraintEdits.clear(out, r, Optional.empty()).cib();
                }
                return out;
            }));
        }
    }

    private boolean settled(List<String> resources, String node, boolean to) throws AdminException {
        ControllerState s = state();
        if (s.pendingActions() > 0 || s.phase() == ControllerState.Phase.TRANSITION) {
            return false;
        }
        for (String r : resources) {
            for (Placement p : Placements.of(cib.current(), r)) {
                if (to != p.node().equals(node)) {
                    return false;
                }
            }
        }
        return true;
    }
}
