package io.tandem.executor.internal;

import io.tandem.common.EventLoop;
import io.tandem.executor.AgentId;
import io.tandem.executor.AgentRegistry;
import io.tandem.executor.Executor;
import io.tandem.executor.OperationListener;
import io.tandem.executor.OperationResult;
import io.tandem.executor.OperationSpec;
import io.tandem.executor.ResourceHistory;
import io.tandem.executor.ResourceSpec;
import io.tandem.executor.spi.ResourceAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Everything an executor owns, wired together: its event loop, the thread pools for process handling and Java
 * agents, the agent directory, the runners and the engine. The DS component is a thin shell around this, and
 * tests build it directly.
 */
final class ExecutorRuntime implements Executor, AutoCloseable {
    private final ExecutorSettings settings;
    private final EventLoop loop;
    private final ExecutorService io;
    private final ExecutorService javaAgentThreads;
    private final AgentDirectory directory;
    private final ExecutorEngine engine;
    private final boolean ownWorkDirectory;

    ExecutorRuntime(ExecutorSettings settings) {
        this.settings = settings;
        this.ownWorkDirectory = settings.temporaryWorkDirectory();
        loop = new EventLoop("tandem-executor");
        io = Executors.newCachedThreadPool(daemon("tandem-executor-io-"));
        // Unbounded on purpose: a Java agent that ignores interrupts keeps its thread, and must not starve others.
        javaAgentThreads = Executors.newCachedThreadPool(daemon("tandem-agent-"));
        ExternalAgentRunner external = new ExternalAgentRunner(settings, loop, io);
        directory = new AgentDirectory(settings, command -> {
            try {
                return external.runAndWait(command);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new io.tandem.executor.AgentMetadataException(command.agent() + ": interrupted");
            }
        });
        JavaAgentRunner java = new JavaAgentRunner(settings, loop, javaAgentThreads);
        engine = new ExecutorEngine(loop, new AgentRunners(settings, directory, external, java), directory,
                settings.maxParallelActions(), settings.historyLength());
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    Optional<AgentId> addJavaAgent(ResourceAgent agent, Map<String, ?> properties) {
        return directory.addJavaAgent(agent, properties);
    }

    void removeJavaAgent(ResourceAgent agent, Map<String, ?> properties) {
        directory.removeJavaAgent(agent, properties);
    }

    ExecutorSettings settings() {
        return settings;
    }

    @Override
    public CompletionStage<OperationResult> execute(ResourceSpec resource, OperationSpec operation) {
        return engine.execute(resource, operation);
    }

    @Override
    public boolean cancel(String resourceId, String action, Duration interval) {
        return engine.cancel(resourceId, action, interval);
    }

    @Override
    public int cancelAll(String resourceId) {
        return engine.cancelAll(resourceId);
    }

    @Override
    public List<String> resources() {
        return engine.resources();
    }

    @Override
    public Optional<ResourceHistory> history(String resourceId) {
        return engine.history(resourceId);
    }

    @Override
    public void forget(String resourceId) {
        engine.forget(resourceId);
    }

    @Override
    public AutoCloseable addListener(OperationListener listener) {
        return engine.addListener(listener);
    }

    @Override
    public AgentRegistry agents() {
        return directory;
    }

    /** Cancels what runs (killing its processes), then stops the threads. */
    @Override
    public void close() {
        engine.close();
        // Give the kill commands queued by the cancellations a moment to run before the pool goes.
        io.shutdown();
        try {
            io.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        io.shutdownNow();
        javaAgentThreads.shutdownNow();
        loop.close();
        if (ownWorkDirectory) {
            deleteTree(settings.workDirectory());
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a temp directory
                }
            });
        } catch (IOException e) {
            // already gone
        }
    }
}
