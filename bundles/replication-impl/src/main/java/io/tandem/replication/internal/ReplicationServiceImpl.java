package io.tandem.replication.internal;

import io.tandem.common.AtomicFiles;
import io.tandem.common.EventLoop;
import io.tandem.replication.DrbdConf;
import io.tandem.replication.DrbdConfException;
import io.tandem.replication.DrbdConfImport;
import io.tandem.replication.MetaDisk;
import io.tandem.replication.ReplicationService;
import io.tandem.replication.StateChangeException;
import io.tandem.replication.Volume;
import io.tandem.replication.VolumeConfig;
import io.tandem.replication.VolumeStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's replicated volumes as a service: reads drbd.conf, runs one {@link ReplicationEngine} (with its own
 * {@link EventLoop}) per resource that is up, and remembers which resources are up so that they come up again when
 * the component restarts (bundle update, appliance restart), as DRBD's init script brings up every resource.
 *
 * <p>A configuration change is taken with {@code @Modified}, never by restarting the component: a restart would
 * take every volume down, and a bad drbd.conf must never do that.
 */
@Component(service = ReplicationService.class, configurationPid = ReplicationServiceImpl.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ReplicationConfig.class)
public final class ReplicationServiceImpl implements ReplicationService, AutoCloseable {
    static final String PID = "io.tandem.replication";
    /** Karaf's file install writes a configuration back to the file this property names. */
    static final String FILE_INSTALL_FILENAME = "felix.fileinstall.filename";
    static final String UP_FILE = "resources-up";
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationServiceImpl.class);

    /** Stores configuration properties of {@link #PID}; ConfigAdmin in the appliance. */
    @FunctionalInterface
    interface ConfigWriter {
        void write(Map<String, Object> properties) throws IOException;
    }

    /** The settings that come from the configuration. */
    record Settings(Optional<Path> drbdConf, String nodeName) {
        Settings {
            Objects.requireNonNull(drbdConf, "drbdConf");
            Objects.requireNonNull(nodeName, "nodeName");
        }

        static Settings of(ReplicationConfig config, Supplier<String> hostName) {
            String conf = config.drbdConf() == null ? "" : config.drbdConf().strip();
            if (!conf.isEmpty() && !Path.of(conf).isAbsolute()) {
                throw new IllegalArgumentException(PID + ": drbdConf must be an absolute path: " + conf);
            }
            String node = config.nodeName() == null ? "" : config.nodeName().strip();
            return new Settings(conf.isEmpty() ? Optional.empty() : Optional.of(Path.of(conf)),
                    node.isEmpty() ? hostName.get() : node);
        }
    }

    private record Running(ReplicationEngine engine, EventLoop loop) {
    }

    private final Path stateDirectory;
    private final ConfigWriter configWriter;
    private final Supplier<String> hostName;

    // Guarded by this.
    private Settings settings;
    private Map<String, VolumeConfig> resources = Map.of();
    private List<DrbdConf.Problem> problems = List.of();
    private List<DrbdConf.Problem> warnings = List.of();
    private final Map<String, Running> running = new LinkedHashMap<>();
    private final Set<String> wantedUp = new LinkedHashSet<>();
    private boolean closed;

    @Activate
    public ReplicationServiceImpl(ReplicationConfig config, BundleContext context,
            @Reference ConfigurationAdmin configAdmin) {
        this(Settings.of(config, ReplicationServiceImpl::kernelHostName), stateDirectory(config, context),
                properties -> writeConfiguration(configAdmin, karafEtc(context), properties),
                ReplicationServiceImpl::kernelHostName);
    }

    ReplicationServiceImpl(Settings settings, Path stateDirectory, ConfigWriter configWriter, Supplier<String> hostName) {
        if (!stateDirectory.isAbsolute()) {
            throw new IllegalArgumentException(PID + ": stateDirectory must be an absolute path: " + stateDirectory);
        }
        this.settings = settings;
        this.stateDirectory = stateDirectory;
        this.configWriter = configWriter;
        this.hostName = hostName;
        readConfiguration();
        restore();
    }

    @Modified
    void modified(ReplicationConfig config) {
        Settings next = Settings.of(config, hostName);
        synchronized (this) {
            if (next.equals(settings)) {
                return;
            }
            settings = next;
        }
        LOG.info("configuration changed: drbd.conf {}, node {}", next.drbdConf().map(Path::toString).orElse("(none)"),
                next.nodeName());
        readConfiguration();
    }

    @Deactivate
    @Override
    public void close() {
        List<Running> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(running.values());
            running.clear();
        }
        // Taken down cleanly but still wanted up: the next activation brings them back.
        for (Running r : all) {
            stop(r);
        }
    }

    /** Reads drbd.conf at activation or after a configuration change; a bad file is logged and kept out. */
    private void readConfiguration() {
        try {
            reload();
        } catch (DrbdConfException e) {
            LOG.error("drbd.conf refused, the previous configuration stays in use:\n{}", e.getMessage());
        } catch (IOException e) {
            LOG.error("drbd.conf cannot be read: {}", e.getMessage());
        }
    }

    private void restore() {
        Path file = stateDirectory.resolve(UP_FILE);
        List<String> names;
        try {
            names = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            LOG.error("cannot read {}: {}; no volume is brought up", file, e.getMessage());
            return;
        }
        for (String line : names) {
            String name = line.strip();
            if (name.isEmpty()) {
                continue;
            }
            synchronized (this) {
                wantedUp.add(name);
            }
            try {
                up(name, false);
                LOG.info("{}: up again (it was up when the service stopped)", name);
            } catch (IOException | DrbdConfException | RuntimeException e) {
                LOG.error("{}: was up when the service stopped but cannot come up: {}", name, e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------------------------------ configuration

    @Override
    public synchronized String localNode() {
        return settings.nodeName();
    }

    @Override
    public synchronized Optional<Path> drbdConf() {
        return settings.drbdConf();
    }

    @Override
    public synchronized List<VolumeConfig> resources() {
        return List.copyOf(resources.values());
    }

    @Override
    public synchronized Optional<VolumeConfig> resource(String name) {
        return Optional.ofNullable(resources.get(name));
    }

    @Override
    public synchronized List<DrbdConf.Problem> configProblems() {
        return problems;
    }

    @Override
    public synchronized List<DrbdConf.Problem> configWarnings() {
        return warnings;
    }

    @Override
    public synchronized void reload() throws IOException, DrbdConfException {
        Optional<Path> file = settings.drbdConf();
        if (file.isEmpty()) {
            resources = Map.of();
            problems = List.of();
            warnings = List.of();
            return;
        }
        Map<String, VolumeConfig> next = new LinkedHashMap<>();
        DrbdConf conf;
        try {
            conf = read(file.get());
            for (VolumeConfig v : conf.volumesFor(settings.nodeName())) {
                next.put(v.name(), resolve(v));
            }
        } catch (DrbdConfException e) {
            problems = e.problems();
            throw e;
        }
        problems = List.of();
        warnings = conf.warnings();
        for (Map.Entry<String, Running> r : running.entrySet()) {
            VolumeConfig now = next.get(r.getKey());
            if (now == null) {
                LOG.warn("{}: no longer in {} for {}, but stays up until 'down'", r.getKey(), file.get(),
                        settings.nodeName());
            } else if (!now.equals(r.getValue().engine().config())) {
                LOG.info("{}: changed in {}; the change takes effect at the next down/up", r.getKey(), file.get());
            }
        }
        resources = next;
        LOG.info("read {} for node {}: resources {}", file.get(), settings.nodeName(), next.keySet());
    }

    /** drbd.conf, with a missing or unreadable file reported like any other problem of it. */
    private static DrbdConf read(Path file) throws DrbdConfException {
        try {
            return DrbdConf.parse(file);
        } catch (NoSuchFileException e) {
            throw new DrbdConfException(List.of(new DrbdConf.Problem(file, 0, "file not found")));
        } catch (IOException e) {
            throw new DrbdConfException(List.of(new DrbdConf.Problem(file, 0, "cannot read: " + e.getMessage())));
        }
    }

    /** Relative disk and meta-disk paths live in the state directory (image files the appliance manages). */
    private VolumeConfig resolve(VolumeConfig v) {
        VolumeConfig.Builder b = v.toBuilder().backing(stateDirectory.resolve(v.backing()));
        if (!v.metaDisk().isInternal()) {
            b.metaDisk(MetaDisk.external(stateDirectory.resolve(v.metaDisk().external()), v.metaDisk().index()));
        }
        return b.build();
    }

    @Override
    public DrbdConfImport importDrbdConf(Path file, boolean dryRun) throws IOException {
        Path path = file.toAbsolutePath().normalize();
        String node = localNode();
        List<DrbdConf.Problem> errors = new ArrayList<>();
        List<DrbdConf.Problem> found = new ArrayList<>();
        List<VolumeConfig> volumes = new ArrayList<>();
        try {
            DrbdConf conf = read(path);
            found.addAll(conf.warnings());
            for (VolumeConfig v : conf.volumesFor(node)) {
                VolumeConfig resolved = resolve(v);
                volumes.add(resolved);
                if (!Files.exists(resolved.backing())) {
                    DrbdConf.Resource r = conf.resource(v.name()).orElseThrow();
                    DrbdConf.Host h = r.host(node).orElseThrow();
                    found.add(new DrbdConf.Problem(h.file(), h.line(), "resource " + v.name() + ": disk "
                            + resolved.backing() + " does not exist (yet); create-md and up need it"));
                }
            }
            if (volumes.isEmpty()) {
                found.add(new DrbdConf.Problem(path, 0, "no resource has an 'on " + node + "' block, so this node "
                        + "runs no volume from it (set nodeName in etc/" + PID + ".config if drbd.conf names this "
                        + "node differently)"));
            }
        } catch (DrbdConfException e) {
            errors.addAll(e.problems());
        }
        boolean apply = !dryRun && errors.isEmpty();
        if (apply) {
            configWriter.write(Map.of("drbdConf", path.toString()));
            synchronized (this) {
                settings = new Settings(Optional.of(path), settings.nodeName());
                try {
                    reload();
                } catch (DrbdConfException e) {
                    // Read a moment ago without errors: only a concurrent edit of the file gets here.
                    throw new IOException(path + " changed while it was imported:\n" + e.getMessage(), e);
                }
            }
            LOG.info("imported {}: resources {} for node {}", path, volumes.stream().map(VolumeConfig::name).toList(),
                    node);
        }
        return new DrbdConfImport(path, node, errors, found, volumes, apply);
    }

    // ------------------------------------------------------------------------------------------ verbs

    @Override
    public synchronized Optional<Volume> volume(String name) {
        Running r = running.get(name);
        return r == null ? Optional.empty() : Optional.of(r.engine());
    }

    @Override
    public List<VolumeStatus> status() {
        List<ReplicationEngine> engines;
        synchronized (this) {
            engines = running.values().stream().map(Running::engine).toList();
        }
        return engines.stream().map(ReplicationEngine::status).sorted(Comparator.comparingInt(VolumeStatus::minor)
                .thenComparing(VolumeStatus::name)).toList();
    }

    @Override
    public synchronized void createMetadata(String name) throws IOException, DrbdConfException {
        checkNotClosed();
        if (running.containsKey(name)) {
            throw new StateChangeException(name + ": is up (its disk is attached); run down first");
        }
        reload();
        VolumeConfig cfg = configured(name);
        ReplicationEngine.createMetadata(cfg);
        LOG.info("{}: created metadata on {} ({})", name, cfg.backing(), cfg.metaDisk());
    }

    @Override
    public Volume up(String name) throws IOException, DrbdConfException {
        return up(name, true);
    }

    private synchronized Volume up(String name, boolean reread) throws IOException, DrbdConfException {
        checkNotClosed();
        if (running.containsKey(name)) {
            throw new StateChangeException(name + ": already up");
        }
        if (reread) {
            reload();
        }
        VolumeConfig cfg = configured(name);
        EventLoop loop = new EventLoop("tandem-replication-" + name);
        ReplicationEngine engine;
        try {
            engine = new ReplicationEngine(cfg, loop);
        } catch (IOException | RuntimeException e) {
            loop.close();
            throw e;
        }
        Running r = new Running(engine, loop);
        try {
            engine.connect(false);
        } catch (RuntimeException e) {
            stop(r);
            throw e;
        }
        running.put(name, r);
        if (wantedUp.add(name)) {
            saveWanted();
        }
        return engine;
    }

    @Override
    public void down(String name) {
        Running r;
        synchronized (this) {
            r = running.get(name);
            if (r == null) {
                configured(name);
                return;
            }
            // DRBD refuses to take down a device someone holds open; secondary() is where the engine checks that.
            r.engine().secondary();
            running.remove(name);
            if (wantedUp.remove(name)) {
                saveWanted();
            }
        }
        stop(r);
    }

    @Override
    public void primary(String name, boolean force) {
        engine(name).primary(force);
    }

    @Override
    public void secondary(String name) {
        engine(name).secondary();
    }

    @Override
    public void connect(String name, boolean discardMyData) {
        engine(name).connect(discardMyData);
    }

    @Override
    public void disconnect(String name) {
        engine(name).disconnect();
    }

    @Override
    public void verify(String name) {
        engine(name).verify();
    }

    @Override
    public void outdate(String name) {
        engine(name).outdate();
    }

    private synchronized ReplicationEngine engine(String name) {
        Running r = running.get(name);
        if (r == null) {
            configured(name);
            throw new StateChangeException(name + ": not up (Unconfigured); run up first");
        }
        return r.engine();
    }

    /** The configuration of a resource of this node, or why there is none. */
    private VolumeConfig configured(String name) {
        VolumeConfig cfg = resources.get(name);
        if (cfg == null && !running.containsKey(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a resource of node " + settings.nodeName()
                    + " in " + settings.drbdConf().map(Path::toString).orElse("drbd.conf (none is configured)"));
        }
        if (cfg == null) {
            throw new StateChangeException(name + ": no longer in drbd.conf; only down is possible");
        }
        return cfg;
    }

    private void checkNotClosed() {
        if (closed) {
            throw new StateChangeException("the replication service is stopping");
        }
    }

    private void saveWanted() {
        StringBuilder text = new StringBuilder();
        wantedUp.forEach(n -> text.append(n).append('\n'));
        try {
            AtomicFiles.write(stateDirectory.resolve(UP_FILE), text.toString().getBytes(StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            LOG.error("cannot write {}: {}; after a restart the volumes up now may not come up by themselves",
                    stateDirectory.resolve(UP_FILE), e.getMessage());
        }
    }

    private static void stop(Running r) {
        try {
            r.engine().close();
        } finally {
            r.loop().close();
        }
    }

    // ------------------------------------------------------------------------------------------ OSGi plumbing

    private static void writeConfiguration(ConfigurationAdmin configAdmin, Path etc, Map<String, Object> properties)
            throws IOException {
        // A null location leaves the configuration to the bundle that consumes it, as config:edit does.
        Configuration configuration = configAdmin.getConfiguration(PID, null);
        Dictionary<String, Object> merged = new Hashtable<>();
        Dictionary<String, Object> existing = configuration.getProperties();
        if (existing != null) {
            for (Enumeration<String> keys = existing.keys(); keys.hasMoreElements(); ) {
                String key = keys.nextElement();
                merged.put(key, existing.get(key));
            }
        }
        properties.forEach(merged::put);
        if (merged.get(FILE_INSTALL_FILENAME) == null) {
            merged.put(FILE_INSTALL_FILENAME, etc.resolve(PID + ".config").toUri().toString());
        }
        configuration.updateIfDifferent(merged);
    }

    private static Path stateDirectory(ReplicationConfig config, BundleContext context) {
        String dir = config.stateDirectory() == null ? "" : config.stateDirectory().strip();
        if (!dir.isEmpty()) {
            return Path.of(dir);
        }
        String data = context.getProperty("karaf.data");
        return Path.of(data != null ? data : "data").toAbsolutePath().resolve("tandem").resolve("replication");
    }

    private static Path karafEtc(BundleContext context) {
        String etc = context.getProperty("karaf.etc");
        if (etc != null) {
            return Path.of(etc);
        }
        String base = context.getProperty("karaf.base");
        return Path.of(base != null ? base : ".").toAbsolutePath().resolve("etc");
    }

    /** As uname -n prints it, which is the name drbdadm matches 'on' blocks against. */
    static String kernelHostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
