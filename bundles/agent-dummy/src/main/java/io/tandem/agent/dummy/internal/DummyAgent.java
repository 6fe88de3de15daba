package io.tandem.agent.dummy.internal;

import io.tandem.common.ActionResult;
import io.tandem.common.OcfExitCode;
import io.tandem.executor.spi.AgentRequest;
import io.tandem.executor.spi.AgentResources;
import io.tandem.executor.spi.ResourceAgent;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ocf:tandem:Dummy}: behaves like ocf:heartbeat:Dummy / ocf:pacemaker:Dummy. Running means the state
 * file exists, so the state survives a restart of this bundle (hot redeploy) and is visible to anyone who
 * looks, exactly like the shell agent's.
 */
@Component(service = ResourceAgent.class, configurationPid = "io.tandem.agent.dummy",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {ResourceAgent.CLASS + "=ocf", ResourceAgent.PROVIDER + "=tandem", ResourceAgent.TYPE + "=Dummy"})
@Designate(ocd = DummyConfig.class)
public final class DummyAgent implements ResourceAgent {
    private static final Logger LOG = LoggerFactory.getLogger(DummyAgent.class);

    private final Path stateDirectory;
    private final Supplier<String> hostName;
    private final String metaData;

    @Activate
    public DummyAgent(DummyConfig config) {
        this(Path.of(config.stateDirectory()), AgentResources::hostName);
    }

    DummyAgent(Path stateDirectory, Supplier<String> hostName) {
        if (!stateDirectory.isAbsolute()) {
            throw new IllegalArgumentException("io.tandem.agent.dummy: stateDirectory must be an absolute path: " + stateDirectory);
        }
        this.stateDirectory = stateDirectory;
        this.hostName = Objects.requireNonNull(hostName, "hostName");
        this.metaData = AgentResources.text(DummyAgent.class, "Dummy.xml");
    }

    @Override
    public String metaData() {
        return metaData;
    }

    @Override
    public ActionResult execute(AgentRequest request) throws InterruptedException {
        Settings settings;
        try {
            settings = settings(request);
        } catch (IllegalArgumentException e) {
            return ActionResult.done(OcfExitCode.ERR_CONFIGURED, e.getMessage());
        }
        switch (request.action()) {
            case "start":
            case "migrate_from":
            case "reload-agent":
                if (request.action().equals("migrate_from")) {
                    LOG.info("Migrating {} from {}.", request.resourceId(), request.meta().getOrDefault("migrate_source", "?"));
                }
                return start(request, settings);
            case "stop":
            case "migrate_to":
                if (request.action().equals("migrate_to")) {
                    LOG.info("Migrating {} to {}.", request.resourceId(), request.meta().getOrDefault("migrate_target", "?"));
                }
                return stop(settings);
            case "monitor":
                return monitor(request, settings, false);
            case "reload":
                LOG.debug("Reloading {} (service)", request.resourceId());
                return ActionResult.ok();
            case "validate-all":
                return validate(settings);
            default:
                return ActionResult.done(OcfExitCode.ERR_UNIMPLEMENTED, "Dummy does not implement action '" + request.action() + "'");
        }
    }

    private ActionResult start(AgentRequest request, Settings settings) throws InterruptedException {
        ActionResult status = monitor(request, settings, true);
        if (status.exitCode() != OcfExitCode.OK) {
            try {
                if (settings.defaultState) {
                    Files.createDirectories(settings.state.getParent());
                }
                Files.createFile(settings.state);
            } catch (FileAlreadyExistsException e) {
                // a concurrent start won: the resource is running, which is what start wants
            } catch (IOException e) {
                return ActionResult.done(OcfExitCode.ERR_GENERIC, "Cannot create state file " + settings.state + ": " + e);
            }
        }
        String node = request.meta().getOrDefault("on_node", hostName.get());
        if (!settings.failStartOn.isEmpty() && settings.failStartOn.equals(node)) {
            return ActionResult.done(OcfExitCode.ERR_GENERIC, "Start failure requested on " + node + " (fail_start_on)");
        }
        return ActionResult.ok();
    }

    private ActionResult stop(Settings settings) {
        try {
            Files.deleteIfExists(settings.state);
            Files.deleteIfExists(settings.serializedMarker());
            return ActionResult.ok();
        } catch (IOException e) {
            return ActionResult.done(OcfExitCode.ERR_GENERIC, "Cannot remove state file " + settings.state + ": " + e);
        }
    }

    /**
     * With {@code force} (start, stop) a concurrent action is not reported: only two monitors at once mean
     * the executor failed to serialise, which is what the marker file exists to catch.
     */
    private ActionResult monitor(AgentRequest request, Settings settings, boolean force) throws InterruptedException {
        if (settings.opSleepSeconds > 0) {
            Path marker = settings.serializedMarker();
            try {
                if (!force && Files.exists(marker)) {
                    return ActionResult.done(OcfExitCode.ERR_GENERIC, "alternate universe collision: " + marker + " exists already");
                }
                if (settings.defaultState) {
                    Files.createDirectories(marker.getParent());
                }
                Files.writeString(marker, "");
                Thread.sleep(settings.opSleepSeconds * 1000L);
                Files.deleteIfExists(marker);
            } catch (IOException e) {
                return ActionResult.done(OcfExitCode.ERR_GENERIC, "Cannot use " + marker + ": " + e);
            }
        }
        if (Files.exists(settings.state)) {
            return ActionResult.ok();
        }
        boolean probe = request.action().equals("monitor") && !request.isRecurring();
        String reason = request.action().equals("monitor") && !probe ? "No process state file found" : "";
        return ActionResult.done(OcfExitCode.NOT_RUNNING, reason);
    }

    private ActionResult validate(Settings settings) {
        Path dir = settings.state.getParent();
        if (settings.defaultState) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                return ActionResult.done(OcfExitCode.ERR_ARGS, "State directory " + dir + " cannot be created: " + e);
            }
        }
        Path probe = dir.resolve(".validate-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId());
        try {
            Files.writeString(probe, "");
            Files.delete(probe);
        } catch (NoSuchFileException e) {
            return ActionResult.done(OcfExitCode.ERR_ARGS, "State file \"" + settings.state + "\" is not writable: " + dir + " does not exist");
        } catch (IOException e) {
            return ActionResult.done(OcfExitCode.ERR_ARGS, "State file \"" + settings.state + "\" is not writable: " + e);
        }
        return ActionResult.ok();
    }

    private Settings settings(AgentRequest request) {
        String stateParameter = request.parameter("state", "");
        boolean defaultState = stateParameter.isEmpty();
        Path state;
        if (defaultState) {
            String instance = request.resourceId();
            // anonymous clone instances share one state file, as ocf:pacemaker:Dummy strips ":N"
            if ("false".equals(request.meta().get("globally_unique"))) {
                instance = instance.replaceFirst(":[0-9]+$", "");
            }
            if (instance.isEmpty() || instance.contains("/") || instance.equals("..")) {
                throw new IllegalArgumentException("resource id '" + instance + "' cannot name a state file; set the 'state' parameter");
            }
            state = stateDirectory.resolve("Dummy-" + instance + ".state");
        } else {
            state = Path.of(stateParameter);
            if (!state.isAbsolute() || state.getParent() == null) {
                throw new IllegalArgumentException("state must be an absolute file path, not '" + stateParameter + "'");
            }
        }
        String sleep = request.parameter("op_sleep", "0").trim();
        int opSleepSeconds;
        try {
            opSleepSeconds = Integer.parseInt(sleep);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("op_sleep must be a whole number of seconds, not '" + sleep + "'");
        }
        if (opSleepSeconds < 0) {
            throw new IllegalArgumentException("op_sleep must not be negative: " + opSleepSeconds);
        }
        return new Settings(state, defaultState, opSleepSeconds, request.parameter("fail_start_on", "").trim());
    }

    private record Settings(Path state, boolean defaultState, int opSleepSeconds, String failStartOn) {
        Path serializedMarker() {
            return state.resolveSibling(state.getFileName() + ".serialized");
        }
    }


}
