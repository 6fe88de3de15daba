package io.tandem.executor.internal;

import io.tandem.executor.AgentId;
import io.tandem.executor.AgentMetadata;
import io.tandem.executor.AgentMetadataException;
import io.tandem.executor.AgentRegistry;
import io.tandem.executor.spi.ResourceAgent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which agents exist and where: Java agents (whiteboard services, preferred when a name exists twice), OCF
 * agents as {@code DIR/PROVIDER/TYPE} over the agent path, LSB init scripts, systemd services (only when
 * systemd runs). Meta-data is fetched on first use and cached; external agents' entries are refreshed when the
 * agent file changes.
 */
final class AgentDirectory implements AgentRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(AgentDirectory.class);
    static final Path SYSTEMD_RUNTIME = Path.of("/run/systemd/system");
    static final Path SYSTEMCTL = Path.of("/usr/bin/systemctl");

    private final ExecutorSettings settings;
    private final Map<AgentId, ResourceAgent> javaAgents = new ConcurrentHashMap<>();
    private final Map<AgentId, CachedMetadata> cache = new ConcurrentHashMap<>();
    private final Function<ExternalCommand, RawOutcome> runner;

    /** @param runner runs a command synchronously (meta-data and systemctl listings) */
    AgentDirectory(ExecutorSettings settings, Function<ExternalCommand, RawOutcome> runner) {
        this.settings = settings;
        this.runner = runner;
    }

    /** Where an agent lives. */
    sealed interface Resolution permits JavaAgent, ExternalAgent, Missing {
    }

    record JavaAgent(ResourceAgent agent) implements Resolution {
    }

    record ExternalAgent(Path executable) implements Resolution {
    }

    record Missing(String reason) implements Resolution {
    }

    // ---- Java agents (whiteboard) ----

    /** @return the id it was registered under, or empty if the service properties are incomplete */
    Optional<AgentId> addJavaAgent(ResourceAgent agent, Map<String, ?> properties) {
        Optional<AgentId> id = javaAgentId(properties);
        if (id.isEmpty()) {
            LOG.error("ResourceAgent service {} lacks the properties {}, {}, {}; ignored", agent.getClass().getName(),
                    ResourceAgent.CLASS, ResourceAgent.PROVIDER, ResourceAgent.TYPE);
            return id;
        }
        ResourceAgent earlier = javaAgents.putIfAbsent(id.get(), agent);
        if (earlier != null && earlier != agent) {
            LOG.error("Two ResourceAgent services claim {}: keeping {}, ignoring {}", id.get(),
                    earlier.getClass().getName(), agent.getClass().getName());
            return Optional.empty();
        }
        cache.remove(id.get());
        return id;
    }

    void removeJavaAgent(ResourceAgent agent, Map<String, ?> properties) {
        javaAgentId(properties).ifPresent(id -> {
            if (javaAgents.remove(id, agent)) {
                cache.remove(id);
            }
        });
    }

    static Optional<AgentId> javaAgentId(Map<String, ?> properties) {
        Object c = properties.get(ResourceAgent.CLASS);
        Object p = properties.get(ResourceAgent.PROVIDER);
        Object t = properties.get(ResourceAgent.TYPE);
        if (c == null || t == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AgentId(c.toString(), p == null ? "" : p.toString(), t.toString()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    // ---- resolution ----

    Resolution resolve(AgentId id) {
        ResourceAgent java = javaAgents.get(id);
        if (java != null) {
            return new JavaAgent(java);
        }
        switch (id.standard()) {
            case AgentId.OCF -> {
                for (Path dir : settings.ocfAgentPath()) {
                    Path p = dir.resolve(id.provider()).resolve(id.type());
                    if (Files.isRegularFile(p)) {
                        return new ExternalAgent(p);
                    }
                }
                return new Missing(id + " is not installed (looked in " + settings.ocfAgentPath() + ")");
            }
            case AgentId.LSB -> {
                Path p = settings.lsbDirectory().resolve(id.type());
                return Files.isRegularFile(p) ? new ExternalAgent(p)
                        : new Missing(id + " is not installed (no " + p + ")");
            }
            case AgentId.SYSTEMD -> {
                if (!systemdRunning()) {
                    return new Missing(id + ": systemd is not running on this node");
                }
                return new ExternalAgent(SYSTEMCTL);
            }
            default -> {
                return new Missing(id + ": unknown agent class '" + id.standard() + "'");
            }
        }
    }

    static boolean systemdRunning() {
        return Files.isDirectory(SYSTEMD_RUNTIME) && Files.isExecutable(SYSTEMCTL);
    }

    /** systemd names units with their suffix; Pacemaker accepts a bare name for a service. */
    static String unitName(String type) {
        return type.contains(".") ? type : type + ".service";
    }

    // ---- listing ----

    @Override
    public List<String> classes() {
        TreeSet<String> classes = new TreeSet<>();
        javaAgents.keySet().forEach(id -> classes.add(id.standard()));
        if (!ocfProviders().isEmpty()) {
            classes.add(AgentId.OCF);
        }
        if (!files(settings.lsbDirectory()).isEmpty()) {
            classes.add(AgentId.LSB);
        }
        if (systemdRunning()) {
            classes.add(AgentId.SYSTEMD);
        }
        return List.copyOf(classes);
    }

    @Override
    public List<String> providers(String agentClass) {
        TreeSet<String> providers = new TreeSet<>();
        javaAgents.keySet().stream().filter(id -> id.standard().equals(agentClass) && id.hasProvider())
                .forEach(id -> providers.add(id.provider()));
        if (AgentId.OCF.equals(agentClass)) {
            providers.addAll(ocfProviders());
        }
        return List.copyOf(providers);
    }

    @Override
    public List<AgentId> agents(String agentClass, String provider) {
        boolean anyProvider = provider == null || provider.isEmpty();
        TreeSet<AgentId> out = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
        javaAgents.keySet().stream().filter(id -> id.standard().equals(agentClass)
                && (anyProvider || id.provider().equals(provider))).forEach(out::add);
        switch (agentClass) {
            case AgentId.OCF -> {
                for (String prov : anyProvider ? ocfProviders() : List.of(provider)) {
                    for (Path dir : settings.ocfAgentPath()) {
                        for (Path f : files(dir.resolve(prov))) {
                            if (Files.isExecutable(f)) {
                                out.add(new AgentId(AgentId.OCF, prov, f.getFileName().toString()));
                            }
                        }
                    }
                }
            }
            case AgentId.LSB -> {
                if (anyProvider) {
                    for (Path f : files(settings.lsbDirectory())) {
                        if (Files.isExecutable(f)) {
                            out.add(new AgentId(AgentId.LSB, "", f.getFileName().toString()));
                        }
                    }
                }
            }
            case AgentId.SYSTEMD -> {
                if (anyProvider && systemdRunning()) {
                    systemdServices().forEach(u -> out.add(new AgentId(AgentId.SYSTEMD, "", u)));
                }
            }
            default -> {
            }
        }
        return List.copyOf(out);
    }

    @Override
    public boolean exists(AgentId agent) {
        return !(resolve(agent) instanceof Missing);
    }

    @Override
    public boolean isJavaAgent(AgentId agent) {
        return javaAgents.containsKey(agent);
    }

    @Override
    public Optional<Path> executable(AgentId agent) {
        return resolve(agent) instanceof ExternalAgent e ? Optional.of(e.executable()) : Optional.empty();
    }

    private List<String> ocfProviders() {
        TreeSet<String> providers = new TreeSet<>();
        for (Path dir : settings.ocfAgentPath()) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(Files::isDirectory).forEach(p -> providers.add(p.getFileName().toString()));
            } catch (IOException e) {
                // a missing directory on the path is normal (e.g. no resource-agents package)
            }
        }
        return List.copyOf(providers);
    }

    private static List<Path> files(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            // missing or unreadable: no agents there
        }
        out.sort(null);
        return out;
    }

    private List<String> systemdServices() {
        RawOutcome r = runner.apply(new ExternalCommand(new AgentId(AgentId.SYSTEMD, "", "list-unit-files"), SYSTEMCTL,
                List.of("list-unit-files", "--type=service", "--no-legend", "--no-pager", "--plain"),
                AgentEnvironment.base(settings), settings.defaultTimeout(), ExitCodes::ocf, false, true));
        List<String> units = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length > 0 && words[0].endsWith(".service") && !words[0].contains("@.")) {
                units.add(words[0]);
            }
        }
        return units;
    }

    // ---- meta-data ----

    @Override
    public Optional<AgentMetadata> metadata(AgentId agent) {
        Resolution r = resolve(agent);
        if (r instanceof Missing) {
            return Optional.empty();
        }
        Object stamp = stamp(r);
        CachedMetadata c = cache.get(agent);
        if (c != null && Objects.equals(c.stamp, stamp)) {
            return Optional.of(c.metadata);
        }
        String xml = r instanceof JavaAgent j ? j.agent().metaData()
                : externalMetadata(agent, ((ExternalAgent) r).executable());
        AgentMetadata md = AgentMetadata.parse(xml, agent.toString());
        cache.put(agent, new CachedMetadata(stamp, md));
        return Optional.of(md);
    }

    private static Object stamp(Resolution r) {
        if (r instanceof JavaAgent j) {
            return System.identityHashCode(j.agent());
        }
        Path p = ((ExternalAgent) r).executable();
        try {
            FileTime t = Files.getLastModifiedTime(p);
            return p + "@" + t.to(TimeUnit.MILLISECONDS) + "/" + Files.size(p);
        } catch (IOException e) {
            return p.toString();
        }
    }

    private String externalMetadata(AgentId agent, Path executable) {
        return switch (agent.standard()) {
            case AgentId.OCF -> {
                io.tandem.executor.ResourceSpec rs = new io.tandem.executor.ResourceSpec(agent.type(), agent, Map.of());
                ExternalCommand cmd = new ExternalCommand(agent, executable, List.of("meta-data"),
                        AgentEnvironment.ocf(settings, agent, rs, io.tandem.executor.OperationSpec.of("meta-data",
                                settings.defaultTimeout())), settings.defaultTimeout(), ExitCodes::ocf, true, true);
                RawOutcome out = runner.apply(cmd);
                if (!out.result().isSuccess() || out.stdout().isBlank()) {
                    throw new AgentMetadataException(agent + ": meta-data failed: " + out.result()
                            + (out.stderr().isBlank() ? "" : ": " + out.stderr().strip()));
                }
                yield out.stdout();
            }
            case AgentId.LSB -> lsbMetadata(agent, executable);
            case AgentId.SYSTEMD -> SyntheticMetadata.systemd(agent.type());
            default -> throw new AgentMetadataException(agent + ": no meta-data for class " + agent.standard());
        };
    }

    /** Pacemaker builds LSB meta-data from the script's INIT INFO block; so do we. */
    private static String lsbMetadata(AgentId agent, Path script) {
        try {
            return SyntheticMetadata.lsb(agent.type(), Files.readString(script, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new AgentMetadataException(agent + ": cannot read " + script + ": " + e.getMessage(), e);
        }
    }

    private record CachedMetadata(Object stamp, AgentMetadata metadata) {
    }
}
