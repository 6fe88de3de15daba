package io.tandem.cib.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cib.Cib;
import io.tandem.cib.CibDigest;
import io.tandem.cib.CibElement;
import io.tandem.common.CibVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CibFilesTest {
    private static final long NOW = 1_790_000_000_000L;

    @TempDir
    Path dir;

    private CibFiles files(int backups) {
        return new CibFiles(dir, backups, () -> NOW, "pacemaker-3.7");
    }

    /** A valid CIB at epoch {@code epoch} with one primitive per epoch, so every version has another configuration. */
    private static Cib version(long epoch) {
        Cib cib = Cib.empty("pacemaker-3.7");
        CibElement resources = cib.configuration().child("resources").orElseThrow();
        for (long i = 1; i <= epoch; i++) {
            resources = resources.withChild(CibElement.of("primitive", "id", "r" + i, "class", "ocf", "provider", "heartbeat", "type", "Dummy"));
        }
        return TestCibs.withConfigurationSection(cib, resources).withVersion(new CibVersion(0, epoch, 0));
    }

    @Test
    void anEmptyDirectoryGivesAnEmptyCib() throws Exception {
        CibFiles.Loaded loaded = files(10).load();
        assertEquals(Cib.empty("pacemaker-3.7"), loaded.cib());
        assertNull(loaded.from());
        assertFalse(Files.exists(dir.resolve("cib.xml")), "nothing is written until something changes");
    }

    @Test
    void writesTheCibWithItsDigestAndReadsItBack() throws Exception {
        CibFiles f = files(10);
        f.load();
        f.write(version(1), true);
        assertEquals(CibDigest.of(version(1)) + "\n", Files.readString(dir.resolve("cib.xml.sig")));
        CibFiles.Loaded loaded = files(10).load();
        assertEquals(version(1), loaded.cib());
        assertEquals(dir.resolve("cib.xml"), loaded.from());
        assertNull(loaded.problem());
        assertEquals(version(1), CibFiles.readVerified(dir.resolve("cib-1.raw")));
    }

    @Test
    void keepsTheLastNConfigurationsAsBackups() throws Exception {
        CibFiles f = files(3);
        f.load();
        for (long e = 1; e <= 7; e++) {
            f.write(version(e), true);
            f.write(version(e).withVersion(new CibVersion(0, e, 1)), false); // status writes make no backups
        }
        assertEquals(List.of(7L, 6L, 5L), f.backups());
        assertEquals(List.of("cib-5.raw", "cib-5.raw.sig", "cib-6.raw", "cib-6.raw.sig", "cib-7.raw", "cib-7.raw.sig",
                "cib.xml", "cib.xml.sig"), names());
        assertEquals(version(7), CibFiles.readVerified(dir.resolve("cib-7.raw")));
        // The numbering continues after a restart.
        CibFiles again = files(3);
        again.load();
        again.write(version(8), true);
        assertEquals(List.of(8L, 7L, 6L), again.backups());
    }

    @Test
    void aHalfWrittenTemporaryFileNeverReplacesTheGoodOne() throws Exception {
        CibFiles f = files(10);
        f.load();
        f.write(version(2), true);
        // A crash in the middle of the next write leaves its temporary file (AtomicFiles: .cib.xml.RANDOM.tmp).
        Path torn = dir.resolve(".cib.xml.3k2j4h5.tmp");
        Files.writeString(torn, "<cib admin_epoch=\"0\" epoch=\"3\" num_upd");
        Files.writeString(dir.resolve(".cib.xml.sig.x1.tmp"), "garbage");
        CibFiles.Loaded loaded = files(10).load();
        assertEquals(version(2), loaded.cib());
        assertNull(loaded.problem());
        assertFalse(Files.exists(torn), "leftovers of interrupted writes are removed");
        assertEquals(List.of("cib-1.raw", "cib-1.raw.sig", "cib.xml", "cib.xml.sig"), names());
    }

    @Test
    void aCorruptFileIsKeptAsideAndTheNewestBackupUsed() throws Exception {
        CibFiles f = files(10);
        f.load();
        f.write(version(1), true);
        f.write(version(2), true);
        f.write(version(2).withVersion(new CibVersion(0, 2, 5)), false);
        Files.writeString(dir.resolve("cib.xml"), "<cib admin_epoch=\"0\" epoch=\"2\" num_updates=\"5\">\n  <configuration>\n</cib>\n");
        CibFiles.Loaded loaded = files(10).load();
        assertEquals(version(2), loaded.cib(), "the newest backup holds the newest configuration");
        assertEquals(dir.resolve("cib-2.raw"), loaded.from());
        assertTrue(loaded.problem().contains(dir.resolve("cib.xml") + ":3:"), loaded.problem());
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(NOW));
        assertTrue(Files.readString(dir.resolve("cib.xml.corrupt-" + stamp)).contains("<configuration>"));
        assertTrue(Files.exists(dir.resolve("cib.xml.sig.corrupt-" + stamp)));
        // The backup was written back as cib.xml, so the next start needs no recovery.
        CibFiles.Loaded next = files(10).load();
        assertEquals(version(2), next.cib());
        assertEquals(dir.resolve("cib.xml"), next.from());
    }

    @Test
    void aDigestMismatchCountsAsCorrupt() throws Exception {
        CibFiles f = files(10);
        f.load();
        f.write(version(1), true);
        f.write(version(2), true);
        // Edited by hand: still valid XML and a valid CIB, but not what was written.
        String xml = Files.readString(dir.resolve("cib.xml")).replace("type=\"Dummy\"", "type=\"Stateful\"");
        Files.writeString(dir.resolve("cib.xml"), xml);
        CibFiles.Loaded loaded = files(10).load();
        assertEquals(version(2), loaded.cib());
        assertTrue(loaded.problem().contains("digest"), loaded.problem());
    }

    @Test
    void aCrashBetweenTheFileAndItsDigestLosesNoConfiguration() throws Exception {
        CibFiles f = files(10);
        f.load();
        f.write(version(1), true);
        f.write(version(2), true);
        // The status write of 0.2.7 renamed cib.xml into place, then the node died before cib.xml.sig followed.
        String oldSig = Files.readString(dir.resolve("cib.xml.sig"));
        f.write(version(2).withVersion(new CibVersion(0, 2, 7)), false);
        Files.writeString(dir.resolve("cib.xml.sig"), oldSig);
        assertEquals(version(2), files(10).load().cib());
    }

    @Test
    void invalidStructureWithoutBackupFailsAndKeepsTheFile() throws Exception {
        String xml = """
            <cib admin_epoch="0" epoch="4" num_updates="0" validate-with="pacemaker-3.7">
              <configuration>
                <crm_config/>
                <nodes/>
                <resources>
                  <primitive id="r1" class="ocf" type="Dummy"/>
                </resources>
                <constraints/>
              </configuration>
              <status/>
            </cib>
            """;
        Files.writeString(dir.resolve("cib.xml"), xml);
        CibLoadException e = assertThrows(CibLoadException.class, () -> files(10).load());
        assertTrue(e.getMessage().startsWith(dir.resolve("cib.xml") + ":6: <primitive>:"), e.getMessage());
        assertTrue(e.getMessage().contains("'provider'"), e.getMessage());
        assertTrue(e.getMessage().contains("no backup"), e.getMessage());
        assertEquals(xml, Files.readString(dir.resolve("cib.xml")), "never replaced, never renamed");
        // And the next start fails the same way: never silently an empty CIB.
        assertThrows(CibLoadException.class, () -> files(10).load());
    }

    @Test
    void corruptBackupsAreSkippedAndAllCorruptFails() throws Exception {
        CibFiles f = files(10);
        f.load();
        f.write(version(1), true);
        f.write(version(2), true);
        Files.writeString(dir.resolve("cib.xml"), "not xml");
        Files.writeString(dir.resolve("cib-2.raw"), "<cib/>");
        CibFiles.Loaded loaded = files(10).load();
        assertEquals(version(1), loaded.cib());

        Files.writeString(dir.resolve("cib.xml"), "not xml");
        Files.writeString(dir.resolve("cib-1.raw"), "<cib/>");
        CibLoadException e = assertThrows(CibLoadException.class, () -> files(10).load());
        assertTrue(e.getMessage().contains("no backup is valid"), e.getMessage());
        assertTrue(e.getMessage().contains("cib-1.raw"), e.getMessage());
    }

    @Test
    void aMissingCibWithBackupsUsesTheNewestBackup() throws Exception {
        CibFiles f = files(10);
        f.load();
        f.write(version(1), true);
        f.write(version(2), true);
        Files.delete(dir.resolve("cib.xml"));
        assertEquals(version(2), files(10).load().cib());
    }

    @Test
    void acceptsAPacemakerCibWithoutOurDigest() throws Exception {
        Files.writeString(dir.resolve("cib.xml"), io.tandem.cib.CibXml.toXml(version(3).root()));
        assertEquals(version(3), files(10).load().cib());
    }

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static String read(Path p) throws Exception {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }
}
