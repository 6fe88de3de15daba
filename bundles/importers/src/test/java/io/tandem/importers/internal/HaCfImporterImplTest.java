package io.tandem.importers.internal;

import static io.tandem.importers.internal.Fixtures.summary;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.importers.ImportFinding;
import io.tandem.importers.ImportReport;
import io.tandem.importers.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HaCfImporterImplTest {
    @TempDir
    Path dir;
    private Path karafBase;
    private Path haD;
    private final InMemoryConfigurationAdmin configAdmin = new InMemoryConfigurationAdmin();
    private HaCfImporterImpl importer;

    @BeforeEach
    void setUp() throws IOException {
        karafBase = Files.createDirectories(dir.resolve("karaf"));
        haD = Files.createDirectories(dir.resolve("ha.d"));
        importer = new HaCfImporterImpl(configAdmin, karafBase, karafBase.resolve("etc"), () -> "master1");
    }

    private Path copy(String resource, String name, String mode) throws IOException {
        Path file = Files.writeString(haD.resolve(name), Fixtures.text(resource));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void seed001IsAppliedMergedIntoExistingConfigurationAndAuthkeysWrittenOwnerOnly() throws IOException {
        Path haCf = copy("seed001-ha.cf", "ha.cf", "rw-r--r--");
        copy("seed001-authkeys", "authkeys", "rw-------");
        configAdmin.put("io.tandem.messaging", Map.of("bindAddress", "10.1.1.1", "keepAliveMillis", 1000L));

        ImportReport report = importer.importHaCf(haCf, null, false);

        assertFalse(report.hasErrors(), report.findings().toString());
        assertTrue(report.applied());
        Path written = karafBase.resolve("etc/authkeys");
        assertEquals(Optional.of(written), report.authKeysWritten());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
        String authKeys = Files.readString(written);
        assertTrue(authKeys.endsWith("\nauth 3\n3 md5 Hello!\n"), authKeys);
        try (var files = Files.list(written.getParent())) {
            assertEquals(List.of(written), files.toList(), "no temporary file is left behind");
        }

        Map<String, Object> messaging = configAdmin.properties("io.tandem.messaging");
        assertEquals("10.1.1.1", messaging.get("bindAddress"), "keys ha.cf has no word for are kept");
        assertEquals(2000L, messaging.get("keepAliveMillis"));
        assertEquals(30000L, messaging.get("linkDeadTimeMillis"));
        assertArrayEquals(new String[] {"ucast eth1 10.1.1.2"}, (String[]) messaging.get("media"));
        assertEquals("etc/authkeys", messaging.get("authKeysFile"));
        Map<String, Object> membership = configAdmin.properties("io.tandem.membership");
        assertArrayEquals(new String[] {"master1", "master2"}, (String[]) membership.get("nodes"));
        assertEquals(10000L, membership.get("warnTimeMillis"));
        assertEquals(karafBase.resolve("etc/io.tandem.membership.config").toUri().toString(),
                membership.get(HaCfImporterImpl.FILE_INSTALL_FILENAME), "new configurations are saved to etc/");
        assertEquals("on", configAdmin.properties("io.tandem.crm").get("autoFailback"));
        assertEquals(Map.of("autoFailback", "on"), report.configurations().get("io.tandem.crm"));
    }

    @Test
    void importingTheSameFilesAgainChangesNothing() throws IOException {
        Path haCf = copy("seed000-ha.cf", "ha.cf", "rw-r--r--");
        copy("seed000-authkeys", "authkeys", "rw-------");
        importer.importHaCf(haCf, null, false);
        long messaging = configAdmin.changeCount("io.tandem.messaging");
        long membership = configAdmin.changeCount("io.tandem.membership");

        ImportReport again = importer.importHaCf(haCf, null, false);

        assertTrue(again.applied());
        assertEquals(messaging, configAdmin.changeCount("io.tandem.messaging"));
        assertEquals(membership, configAdmin.changeCount("io.tandem.membership"));
    }

    @Test
    void aNewKeyRestartsMessagingEvenWhenItsSettingsAreUnchanged() throws IOException {
        Path haCf = copy("seed000-ha.cf", "ha.cf", "rw-r--r--");
        Path authKeys = copy("seed000-authkeys", "authkeys", "rw-------");
        importer.importHaCf(haCf, null, false);
        long before = configAdmin.changeCount("io.tandem.messaging");
        Files.writeString(authKeys, "auth 2\n2 sha256 a-real-secret\n");

        importer.importHaCf(haCf, authKeys, false);

        assertEquals(before + 1, configAdmin.changeCount("io.tandem.messaging"));
        assertTrue(Files.readString(karafBase.resolve("etc/authkeys")).endsWith("\nauth 2\n2 sha256 a-real-secret\n"));
    }

    @Test
    void dryRunReportsButChangesNothing() throws IOException {
        Path haCf = copy("seed000-ha.cf", "ha.cf", "rw-r--r--");
        copy("seed000-authkeys", "authkeys", "rw-------");

        ImportReport report = importer.importHaCf(haCf, null, true);

        assertTrue(report.dryRun());
        assertFalse(report.applied());
        assertFalse(report.hasErrors(), report.findings().toString());
        assertEquals(List.of("io.tandem.crm", "io.tandem.membership", "io.tandem.messaging"),
                List.copyOf(report.configurations().keySet()));
        assertNull(configAdmin.properties("io.tandem.messaging"));
        assertFalse(Files.exists(karafBase.resolve("etc/authkeys")));
    }

    @Test
    void anyErrorLeavesEverythingUntouched() throws IOException {
        Path haCf = copy("seed000-ha.cf", "ha.cf", "rw-r--r--");
        copy("seed000-authkeys", "authkeys", "rw-r--r--");
        configAdmin.put("io.tandem.messaging", Map.of("keepAliveMillis", 1000L));

        ImportReport report = importer.importHaCf(haCf, null, false);

        assertTrue(report.hasErrors());
        assertFalse(report.applied());
        ImportFinding error = report.findings().stream().filter(f -> f.severity() == Severity.ERROR).findFirst().orElseThrow();
        assertEquals(haD.resolve("authkeys"), error.file());
        assertTrue(error.message().contains("heartbeat refuses to start"), error.message());
        assertEquals(Map.of("keepAliveMillis", 1000L, "service.pid", "io.tandem.messaging"),
                configAdmin.properties("io.tandem.messaging"));
        assertNull(configAdmin.properties("io.tandem.membership"));
        assertFalse(Files.exists(karafBase.resolve("etc/authkeys")));
    }

    @Test
    void aBadHaCfLineLeavesEverythingUntouched() throws IOException {
        Path haCf = Files.writeString(haD.resolve("ha.cf"), "node master1 master2\nbcast eth1 eth2\nkeepalive abc\n");
        copy("seed000-authkeys", "authkeys", "rw-------");

        ImportReport report = importer.importHaCf(haCf, null, false);

        assertEquals(List.of("3 ERROR keepalive"), summary(report.findings().stream()
                .filter(f -> f.severity() == Severity.ERROR).toList()));
        assertNull(configAdmin.properties("io.tandem.messaging"));
        assertFalse(Files.exists(karafBase.resolve("etc/authkeys")));
    }

    @Test
    void missingAuthkeysIsAnError() throws IOException {
        Path haCf = copy("seed001-ha.cf", "ha.cf", "rw-r--r--");

        ImportReport report = importer.importHaCf(haCf, null, false);

        ImportFinding error = report.findings().stream().filter(f -> f.severity() == Severity.ERROR).findFirst().orElseThrow();
        assertEquals(haD.resolve("authkeys"), error.file());
        assertEquals("file not found", error.message());
        assertFalse(report.applied());
    }

    @Test
    void warnsWhenThisNodeIsNotListedUnlessNodeNameSaysWhoWeAre() throws IOException {
        Path haCf = copy("seed000-ha.cf", "ha.cf", "rw-r--r--");
        copy("seed000-authkeys", "authkeys", "rw-------");

        ImportReport byHostName = importer.importHaCf(haCf, null, true);
        assertTrue(byHostName.findings().stream().anyMatch(f -> f.line() == 0 && f.directive().equals("node")
                && f.message().startsWith("this node (master1) is not listed")), byHostName.findings().toString());

        configAdmin.put("io.tandem.messaging", Map.of("nodeName", "prmdbrw01"));
        ImportReport byNodeName = importer.importHaCf(haCf, null, true);
        assertTrue(byNodeName.findings().stream().noneMatch(f -> f.message().startsWith("this node")));
    }
}
