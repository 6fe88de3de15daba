package io.tandem.testkit.ocf;

import io.tandem.common.ExecStatus;
import io.tandem.executor.Executor;
import io.tandem.executor.OperationResult;
import io.tandem.executor.OperationSpec;
import io.tandem.executor.ResourceSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Drives an agent through {@link Executor}: ocf-tester's 20 s timeout, monitors as a recurring operation of
 * 10 s that is cancelled after its first result, probes as interval-0 monitors.
 *
 * @param hidingExecutor an executor whose agents run with {@code OCF_TESTER_FAIL_HAVE_BINARY=1} in their
 *                       environment (its {@code environment} setting), or null
 */
public record ExecutorDriver(Executor executor, Executor hidingExecutor, ResourceSpec resource) implements OcfAgentDriver {
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    static final Duration INTERVAL = Duration.ofSeconds(10);

    @Override
    public String name() {
        return resource.agent().toString();
    }

    @Override
    public Optional<Path> executable() {
        return executor.agents().executable(resource.agent());
    }

    @Override
    public String metaData() throws Exception {
        return call(executor, OperationSpec.of("meta-data", TIMEOUT)).stdout();
    }

    @Override
    public int run(String action, boolean probe, boolean binariesMissing) throws Exception {
        Executor e = binariesMissing && hidingExecutor != null ? hidingExecutor : executor;
        if ("monitor".equals(action) && !probe) {
            OperationResult r = call(e, OperationSpec.monitor(INTERVAL, TIMEOUT));
            e.cancel(resource.resourceId(), "monitor", INTERVAL);
            return code(r);
        }
        return code(call(e, OperationSpec.of(action, TIMEOUT)));
    }

    @Override
    public boolean canHideBinaries() {
        return hidingExecutor != null;
    }

    private OperationResult call(Executor e, OperationSpec op) throws Exception {
        return e.execute(resource, op).toCompletableFuture().get(op.timeout().toMillis() + 30_000, TimeUnit.MILLISECONDS);
    }

    private static int code(OperationResult r) {
        return r.status() == ExecStatus.DONE || r.status() == ExecStatus.NOT_INSTALLED ? r.exitCode().code() : 1;
    }
}
