package io.tandem.executor.internal;

import io.tandem.executor.AgentRegistry;
import io.tandem.executor.Executor;
import io.tandem.executor.OperationListener;
import io.tandem.executor.OperationResult;
import io.tandem.executor.OperationSpec;
import io.tandem.executor.ResourceHistory;
import io.tandem.executor.ResourceSpec;
import io.tandem.executor.spi.ResourceAgent;
import io.tandem.messaging.config.LocalNodeName;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's executor: an {@link ExecutorRuntime} configured from PID {@code io.tandem.executor} (defaults
 * work without a file), fed with the {@link ResourceAgent} and {@link OperationListener} whiteboards.
 */
@Component(service = Executor.class, configurationPid = ExecutorSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = ExecutorConfig.class)
public final class ExecutorComponent implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorComponent.class);

    private final ExecutorRuntime runtime;
    private final Map<OperationListener, AutoCloseable> listeners = new ConcurrentHashMap<>();

    @Activate
    public ExecutorComponent(ExecutorConfig config,
                             @Reference(cardinality = ReferenceCardinality.OPTIONAL) ConfigurationAdmin configAdmin) throws IOException {
        // Agents must see the name peers and the attribute store know this node by, not just the host name.
        runtime = new ExecutorRuntime(ExecutorSettings.from(config, System.getProperty("karaf.home"),
                LocalNodeName.resolve(config.nodeName(), configAdmin)));
    }

    @Deactivate
    void deactivate() {
        runtime.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindAgent(ResourceAgent agent, Map<String, Object> properties) {
        runtime.addJavaAgent(agent, properties).ifPresent(id -> LOG.info("Java agent {} available", id));
    }

    void unbindAgent(ResourceAgent agent, Map<String, Object> properties) {
        runtime.removeJavaAgent(agent, properties);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindListener(OperationListener listener) {
        listeners.put(listener, runtime.addListener(listener));
    }

    void unbindListener(OperationListener listener) {
        AutoCloseable handle = listeners.remove(listener);
        if (handle != null) {
            try {
                handle.close();
            } catch (Exception e) {
                LOG.debug("removing listener failed", e);
            }
        }
    }

    @Override
    public CompletionStage<OperationResult> execute(ResourceSpec resource, OperationSpec operation) {
        return runtime.execute(resource, operation);
    }

    @Override
    public boolean cancel(String resourceId, String action, Duration interval) {
        return runtime.cancel(resourceId, action, interval);
    }

    @Override
    public int cancelAll(String resourceId) {
        return runtime.cancelAll(resourceId);
    }

    @Override
    public List<String> resources() {
        return runtime.resources();
    }

    @Override
    public Optional<ResourceHistory> history(String resourceId) {
        return runtime.history(resourceId);
    }

    @Override
    public void forget(String resourceId) {
        runtime.forget(resourceId);
    }

    @Override
    public AutoCloseable addListener(OperationListener listener) {
        return runtime.addListener(listener);
    }

    @Override
    public AgentRegistry agents() {
        return runtime.agents();
    }
}
