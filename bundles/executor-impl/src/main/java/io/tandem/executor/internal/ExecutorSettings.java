package io.tandem.executor.internal;

import io.tandem.messaging.config.LocalNodeName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Checked executor settings: what {@link ExecutorConfig} says, with defaults resolved. */
record ExecutorSettings(Path ocfRoot, List<Path> ocfAgentPath, Path lsbDirectory, Path toolsDirectory,
                        String searchPath, Map<String, String> environment, List<String> commandPrefix,
                        int outputLimitBytes, Duration defaultTimeout, int maxParallelActions, Duration killGrace,
                        String nodeName, String nodeUuid, String featureSet, int historyLength, String setsidCommand,
                        String killCommand, Path workDirectory, boolean temporaryWorkDirectory) {
    static final String PID = "io.tandem.executor";

    ExecutorSettings {
        Objects.requireNonNull(ocfRoot, "ocfRoot");
        ocfAgentPath = List.copyOf(ocfAgentPath);
        Objects.requireNonNull(lsbDirectory, "lsbDirectory");
        environment = Map.copyOf(environment);
        commandPrefix = List.copyOf(commandPrefix);
        if (outputLimitBytes < 256) {
            throw new IllegalArgumentException(PID + ": outputLimitBytes must be at least 256, is " + outputLimitBytes);
        }
        if (defaultTimeout.isNegative() || defaultTimeout.isZero()) {
            throw new IllegalArgumentException(PID + ": defaultTimeoutMillis must be positive, is " + defaultTimeout.toMillis());
        }
        if (maxParallelActions < 1) {
            throw new IllegalArgumentException(PID + ": maxParallelActions must be at least 1, is " + maxParallelActions);
        }
        if (killGrace.isNegative()) {
            throw new IllegalArgumentException(PID + ": killGraceMillis must not be negative");
        }
        if (historyLength < 1) {
            throw new IllegalArgumentException(PID + ": historyLength must be at least 1, is " + historyLength);
        }
        Objects.requireNonNull(workDirectory, "workDirectory");
    }

    static ExecutorSettings from(ExecutorConfig c, String karafHome) throws IOException {
        return from(c, karafHome, LocalNodeName.choose(c.nodeName(), null, LocalNodeName::hostName));
    }

    /** {@code nodeName}: the resolved name of this node (see {@link LocalNodeName}). */
    static ExecutorSettings from(ExecutorConfig c, String karafHome, String nodeName) throws IOException {
        Path ocfRoot = Path.of(c.ocfRoot().trim());
        List<Path> agentPath = new ArrayList<>();
        for (String p : c.ocfAgentPath()) {
            for (String part : p.split(":")) {
                if (!part.isBlank()) {
                    agentPath.add(Path.of(part.trim()));
                }
            }
        }
        if (agentPath.isEmpty()) {
            agentPath.add(ocfRoot.resolve("resource.d"));
        }
        Path tools = null;
        if (!c.toolsDirectory().isBlank()) {
            tools = Path.of(c.toolsDirectory().trim());
        } else if (karafHome != null && !karafHome.isBlank()) {
            tools = Path.of(karafHome, "bin");
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String e : c.environment()) {
            int eq = e.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(PID + ": environment entry '" + e + "' is not NAME=VALUE");
            }
            env.put(e.substring(0, eq).trim(), e.substring(eq + 1));
        }
        List<String> prefix = new ArrayList<>();
        for (String word : c.commandPrefix()) {
            if (!word.isBlank()) {
                prefix.add(word.trim());
            }
        }
        int parallel = c.maxParallelActions() == 0 ? 2 * Runtime.getRuntime().availableProcessors() : c.maxParallelActions();
        String node = nodeName;
        String uuid = c.nodeUuid().isBlank() ? node : c.nodeUuid().trim();
        checkExecutable(c.setsidCommand(), "setsidCommand");
        checkExecutable(c.killCommand(), "killCommand");
        boolean temporary = c.workDirectory().isBlank();
        Path work = temporary ? Files.createTempDirectory("tandem-executor-")
                : Files.createDirectories(Path.of(c.workDirectory().trim()));
        return new ExecutorSettings(ocfRoot, agentPath, Path.of(c.lsbDirectory().trim()), tools, c.searchPath(), env,
                prefix, c.outputLimitBytes(), Duration.ofMillis(c.defaultTimeoutMillis()), parallel,
                Duration.ofMillis(c.killGraceMillis()), node, uuid, c.featureSet(), c.historyLength(),
                c.setsidCommand().trim(), c.killCommand().trim(), work, temporary);
    }

    /** PATH for agents: the tools directory first, so that agents find Tandem's crm_* tools before Pacemaker's. */
    String agentPath() {
        return toolsDirectoryPresent() ? toolsDirectory + ":" + searchPath : searchPath;
    }

    boolean toolsDirectoryPresent() {
        return toolsDirectory != null && Files.isDirectory(toolsDirectory);
    }

    private static void checkExecutable(String command, String setting) {
        Path p = Path.of(command.trim());
        if (!Files.isExecutable(p)) {
            throw new IllegalArgumentException(PID + ": " + setting + " '" + command + "' is not an executable file");
        }
    }
}
