package io.tandem.agent.ping.internal;

import io.tandem.attributes.NodeAttributes;
import io.tandem.common.ActionResult;
import io.tandem.common.OcfExitCode;
import io.tandem.executor.spi.AgentRequest;
import io.tandem.executor.spi.AgentResources;
import io.tandem.executor.spi.ResourceAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ocf:tandem:ping}: ocf:pacemaker:ping without fork-per-host shell logic. The score goes to the node
 * attribute store directly (what attrd_updater -n NAME -v SCORE -d DAMPEN does for the shell agent).
 */
@Component(service = ResourceAgent.class, configurationPid = "io.tandem.agent.ping", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {ResourceAgent.CLASS + "=ocf", ResourceAgent.PROVIDER + "=tandem", ResourceAgent.TYPE + "=ping"})
@Designate(ocd = PingConfig.class)
public final class PingAgent implements ResourceAgent {
    private static final Logger LOG = LoggerFactory.getLogger(PingAgent.class);

    private final AttributeSink attributes;
    private final Pinger pinger;
    private final Path stateDirectory;
    private final ExecutorService pings;
    private final String metaData;

    @Activate
    public PingAgent(@Reference NodeAttributes attributes, PingConfig config) {
        this(AttributeSink.of(attributes), new IputilsPinger(), Path.of(config.stateDirectory()), config.parallelPings());
    }

    PingAgent(AttributeSink attributes, Pinger pinger, Path stateDirectory, int parallelPings) {
        if (!stateDirectory.isAbsolute()) {
            throw new IllegalArgumentException("io.tandem.agent.ping: stateDirectory must be an absolute path: " + stateDirectory);
        }
        if (parallelPings < 1) {
            throw new IllegalArgumentException("io.tandem.agent.ping: parallelPings must be at least 1: " + parallelPings);
        }
        this.attributes = attributes;
        this.pinger = pinger;
        this.stateDirectory = stateDirectory;
        AtomicInteger n = new AtomicInteger();
        this.pings = Executors.newFixedThreadPool(parallelPings, r -> {
            Thread t = new Thread(r, "tandem-ping-agent-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.metaData = AgentResources.text(PingAgent.class, "ping.xml");
    }

    @Deactivate
    void deactivate() {
        pings.shutdownNow();
    }

    @Override
    public String metaData() {
        return metaData;
    }

    @Override
    public ActionResult execute(AgentRequest request) throws InterruptedException {
        PingParameters p;
        try {
            String instance = request.resourceId().replace('/', '_');
            p = PingParameters.parse(request.parameters(), stateDirectory.resolve("ping-" + instance));
        } catch (IllegalArgumentException e) {
            return ActionResult.done(OcfExitCode.ERR_CONFIGURED, e.getMessage());
        }
        switch (request.action()) {
            case "start":
                if (Files.exists(p.stateFile())) {
                    ActionResult running = update(p);
                    if (running.isSuccess()) {
                        return running;
                    }
                }
                try {
                    Files.createDirectories(p.stateFile().getParent());
                    Files.writeString(p.stateFile(), "");
                } catch (IOException e) {
                    return ActionResult.done(OcfExitCode.ERR_GENERIC, "Cannot create state file " + p.stateFile() + ": " + e);
                }
                return update(p);
            case "stop":
                try {
                    Files.deleteIfExists(p.stateFile());
                } catch (IOException e) {
                    return ActionResult.done(OcfExitCode.ERR_GENERIC, "Cannot remove state file " + p.stateFile() + ": " + e);
                }
                attributes.delete(p.name());
                return ActionResult.ok();
            case "monitor":
                if (!Files.exists(p.stateFile())) {
                    return ActionResult.done(OcfExitCode.NOT_RUNNING, "");
                }
                return update(p);
            case "validate-all":
            case "reload":
            case "reload-agent":
                return ActionResult.ok();
            default:
                return ActionResult.done(OcfExitCode.ERR_UNIMPLEMENTED, "ping does not implement action '" + request.action() + "'");
        }
    }

    /** Pings every host at once, sets the attribute, compares with failure_score. */
    private ActionResult update(PingParameters p) throws InterruptedException {
        List<Future<Boolean>> answers = new ArrayList<>();
        for (String host : p.hosts()) {
            answers.add(pings.submit(() -> pinger.reachable(host, p.attempts(), p.timeoutSeconds(), p.options())));
        }
        int active = 0;
        try {
            for (int i = 0; i < answers.size(); i++) {
                boolean up;
                try {
                    up = answers.get(i).get();
                } catch (ExecutionException e) {
                    LOG.error("pinging {} failed", p.hosts().get(i), e.getCause());
                    up = false;
                }
                if (up) {
                    active++;
                    if (p.debug()) {
                        LOG.info("{} is alive", p.hosts().get(i));
                    }
                } else {
                    LOG.warn("{} is inactive", p.hosts().get(i));
                }
            }
        } catch (InterruptedException e) {
            answers.forEach(f -> f.cancel(true));
            throw e;
        }
        long score = active * p.multiplier();
        try {
            attributes.set(p.name(), Long.toString(score), p.dampen());
        } catch (RuntimeException e) {
            return ActionResult.done(OcfExitCode.ERR_GENERIC, "Could not update " + p.name() + " = " + score + ": " + e.getMessage());
        }
        if (p.failureScore().isPresent() && score < p.failureScore().getAsLong()) {
            return ActionResult.done(OcfExitCode.ERR_GENERIC, p.name() + " is less than failure_score(" + p.failureScore().getAsLong()
                    + "): " + score + " (" + active + " of " + p.hosts().size() + " hosts reachable)");
        }
        return ActionResult.ok();
    }

}
