package io.tandem.testkit.ocf;

import io.tandem.common.ActionResult;
import io.tandem.common.ExecStatus;
import io.tandem.executor.spi.AgentRequest;
import io.tandem.executor.spi.ResourceAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Drives a Java agent directly through the SPI, with the meta values the executor would give it (timeout 20 s
 * in ms; interval 10 s for monitors, none for probes and other actions).
 */
public record SpiDriver(String name, ResourceAgent agent, String resourceId, Map<String, String> parameters)
        implements OcfAgentDriver {
    public SpiDriver {
        parameters = Map.copyOf(parameters);
    }

    @Override
    public Optional<Path> executable() {
        return Optional.empty();
    }

    @Override
    public String metaData() {
        return agent.metaData();
    }

    @Override
    public int run(String action, boolean probe, boolean binariesMissing) throws Exception {
        if ("meta-data".equals(action)) {
            return agent.metaData() == null ? 1 : 0;
        }
        boolean recurring = "monitor".equals(action) && !probe;
        Duration interval = recurring ? ExecutorDriver.INTERVAL : Duration.ZERO;
        Map<String, String> meta = new HashMap<>();
        meta.put("timeout", Long.toString(ExecutorDriver.TIMEOUT.toMillis()));
        if (recurring) {
            meta.put("interval", Long.toString(interval.toMillis()));
        }
        ActionResult r = agent.execute(new AgentRequest(resourceId, action, parameters, meta, ExecutorDriver.TIMEOUT,
                interval, 0));
        return r.status() == ExecStatus.DONE ? r.exitCode().code() : 1;
    }

    @Override
    public boolean canHideBinaries() {
        return false;
    }
}
