package io.tandem.importers.internal;

import io.tandem.common.AtomicFiles;
import io.tandem.importers.HaCfImporter;
import io.tandem.importers.ImportFinding;
import io.tandem.importers.ImportReport;
import io.tandem.importers.Severity;
import io.tandem.messaging.config.AuthKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports ha.cf and authkeys through ConfigAdmin. Nothing is touched unless both files are free of errors, so a
 * bad file never takes the running cluster down.
 */
@Component(service = HaCfImporter.class)
public final class HaCfImporterImpl implements HaCfImporter {
    /** Karaf's file install writes a configuration back to the file this property names. */
    static final String FILE_INSTALL_FILENAME = "felix.fileinstall.filename";

    private static final Set<PosixFilePermission> OWNER_ONLY = Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);
    private static final Logger LOG = LoggerFactory.getLogger(HaCfImporterImpl.class);

    private final ConfigurationAdmin configAdmin;
    private final Path karafBase;
    private final Path karafEtc;
    private final Supplier<String> hostName;

    @Activate
    public HaCfImporterImpl(@Reference ConfigurationAdmin configAdmin, BundleContext context) {
        this(configAdmin, karafBase(context), karafEtc(context), HaCfImporterImpl::hostName);
    }

    HaCfImporterImpl(ConfigurationAdmin configAdmin, Path karafBase, Path karafEtc, Supplier<String> hostName) {
        this.configAdmin = configAdmin;
        this.karafBase = karafBase.toAbsolutePath().normalize();
        this.karafEtc = karafEtc.toAbsolutePath().normalize();
        this.hostName = hostName;
    }

    @Override
    public ImportReport importHaCf(Path haCfFile, Path authKeysFile, boolean dryRun) throws IOException {
        Path haCfPath = haCfFile.toAbsolutePath().normalize();
        Path authKeysPath = (authKeysFile != null ? authKeysFile.toAbsolutePath() : haCfPath.resolveSibling("authkeys"))
                .normalize();
        List<ImportFinding> findings = new ArrayList<>();

        Optional<String> haCfText = read(haCfPath, findings);
        HaCfParser.Result haCf = haCfText.map(text -> HaCfParser.parse(haCfPath, text)).orElse(null);
        if (haCf != null) {
            findings.addAll(haCf.findings());
            checkLocalNode(haCfPath, haCf.haCf(), findings);
        }
        Optional<AuthKeys> authKeys = Optional.empty();
        Optional<String> authKeysText = read(authKeysPath, findings);
        if (authKeysText.isPresent()) {
            findings.addAll(AuthKeysImport.checkMode(authKeysPath));
            AuthKeysImport.Result parsed = AuthKeysImport.parse(authKeysPath, authKeysText.get());
            findings.addAll(parsed.findings());
            authKeys = parsed.authKeys();
        }

        Map<String, Map<String, Object>> configurations = haCf == null ? Map.of()
                : ConfigurationMapping.toConfigurations(haCf.haCf());
        boolean errors = findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
        if (dryRun || errors || authKeys.isEmpty()) {
            if (!dryRun) {
                LOG.warn("ha.cf {} not imported: {} error(s); nothing was changed", haCfPath,
                        findings.stream().filter(f -> f.severity() == Severity.ERROR).count());
            }
            return new ImportReport(haCfPath, authKeysPath, findings, configurations, dryRun, false, Optional.empty());
        }

        Path authKeysTarget = karafBase.resolve(ConfigurationMapping.AUTH_KEYS_FILE);
        byte[] newAuthKeys = AuthKeysImport.render(authKeys.get(), authKeysPath.toString()).getBytes(StandardCharsets.UTF_8);
        boolean authKeysChanged = !Files.exists(authKeysTarget)
                || !Arrays.equals(Files.readAllBytes(authKeysTarget), newAuthKeys);
        if (authKeysChanged) {
            AtomicFiles.write(authKeysTarget, newAuthKeys, OWNER_ONLY);
        }
        for (Map.Entry<String, Map<String, Object>> entry : configurations.entrySet()) {
            // Messaging reads authkeys when it starts: a new key must restart it even if its settings stayed the same.
            boolean forceUpdate = authKeysChanged && entry.getKey().equals(ConfigurationMapping.MESSAGING_PID);
            apply(entry.getKey(), entry.getValue(), forceUpdate);
        }
        LOG.info("imported {} and {}: {} warning(s); wrote {}; updated {}", haCfPath, authKeysPath,
                findings.stream().filter(f -> f.severity() == Severity.WARNING).count(), authKeysTarget,
                configurations.keySet());
        return new ImportReport(haCfPath, authKeysPath, findings, configurations, false, true, Optional.of(authKeysTarget));
    }

    /** Merges {@code properties} into the configuration {@code pid}; keys the import does not set are kept. */
    private void apply(String pid, Map<String, Object> properties, boolean forceUpdate) throws IOException {
        // A null location leaves the configuration to be bound to whichever bundle consumes it, as config:edit does.
        Configuration configuration = configAdmin.getConfiguration(pid, null);
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
            merged.put(FILE_INSTALL_FILENAME, karafEtc.resolve(pid + ".config").toUri().toString());
        }
        if (forceUpdate) {
            configuration.update(merged);
        } else {
            configuration.updateIfDifferent(merged);
        }
    }

    private void checkLocalNode(Path haCfPath, HaCf haCf, List<ImportFinding> findings) throws IOException {
        if (haCf.nodes().isEmpty()) {
            return;
        }
        String local = localNodeName();
        if (!local.isEmpty() && !haCf.nodes().contains(local)) {
            findings.add(new ImportFinding(haCfPath, 0, Severity.WARNING, "node", "this node (" + local
                    + ") is not listed: heartbeat would refuse to start; add 'node " + local + "' or set nodeName in"
                    + " etc/" + ConfigurationMapping.MESSAGING_PID + ".config"));
        }
    }

    private String localNodeName() throws IOException {
        Configuration messaging = configAdmin.getConfiguration(ConfigurationMapping.MESSAGING_PID, null);
        Dictionary<String, Object> properties = messaging.getProperties();
        Object nodeName = properties == null ? null : properties.get("nodeName");
        if (nodeName != null && !nodeName.toString().isBlank()) {
            return nodeName.toString().strip();
        }
        String host = hostName.get();
        return host == null ? "" : host.strip();
    }

    /** The file's text, or a finding saying why it cannot be read. */
    private static Optional<String> read(Path file, List<ImportFinding> findings) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            findings.add(new ImportFinding(file, 0, Severity.ERROR, "", "file not found"));
            return Optional.empty();
        } catch (IOException e) {
            findings.add(new ImportFinding(file, 0, Severity.ERROR, "", "cannot read: " + e));
            return Optional.empty();
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            // Comments in legacy encodings (GBK, Latin-1) are common; directives are ASCII either way.
            findings.add(new ImportFinding(file, 0, Severity.INFO, "", "not UTF-8; read as ISO-8859-1"
                    + " (only comments can be affected)"));
            return Optional.of(new String(bytes, StandardCharsets.ISO_8859_1));
        }
    }

    private static Path karafBase(BundleContext context) {
        String base = context.getProperty("karaf.base");
        return Path.of(base != null ? base : System.getProperty("user.dir"));
    }

    private static Path karafEtc(BundleContext context) {
        String etc = context.getProperty("karaf.etc");
        return etc != null ? Path.of(etc) : karafBase(context).resolve("etc");
    }

    /** As uname -n prints it. */
    private static String hostName() {
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                return Files.readString(kernel).strip();
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "";
        }
    }
}
