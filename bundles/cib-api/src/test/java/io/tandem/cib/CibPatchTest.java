package io.tandem.cib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.cib.CibPatchException.Reason;
import io.tandem.common.CibVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CibPatchTest {
    @Test
    void randomEditsRoundTrip() throws Exception {
        roundTrips(Samples.sample(), 1, 600);
    }

    @Test
    void randomEditsOfCorpusCibsRoundTrip() throws Exception {
        Optional<Path> dir = Corpus.directory();
        assumeTrue(dir.isPresent(), "Pacemaker's scheduler corpus is not present");
        List<Path> files = Corpus.files(dir.get());
        // Every 20th case: large and small, old and new schemas, without making the build slow.
        for (int i = 0; i < files.size(); i += 20) {
            roundTrips(new Cib(CibXml.parse(files.get(i))), 1000 + i, 15);
        }
    }

    /** Chains of edits: each patch is applied to the previous result, and sent through its XML form once. */
    private static void roundTrips(Cib start, long seed, int iterations) throws Exception {
        CibMutator mutator = new CibMutator(seed);
        Cib a = start;
        for (int i = 0; i < iterations; i++) {
            Cib b = mutator.mutate(a);
            CibPatch patch = CibDiff.diff(a, b);
            String where = "seed " + seed + " iteration " + i;
            assertEquals(b, patch.apply(a), where);
            assertEquals(CibDigest.of(b), patch.digest(), where);
            CibPatch reread = CibPatch.parse(patch.toXmlString(), "patch");
            assertEquals(patch, reread, where);
            assertEquals(b, reread.apply(a), where);
            if (!a.equals(b)) {
                assertFalse(patch.isEmpty() && a.version().equals(b.version()), where);
            }
            a = b;
        }
    }

    @Test
    void unchangedCibsGiveAnEmptyPatch() {
        Cib a = Samples.sample();
        CibPatch p = CibDiff.diff(a, a);
        assertTrue(p.isEmpty());
        assertEquals(a.version(), p.target());
    }

    @Test
    void patchesUsePacemakerPaths() throws Exception {
        Cib a = Samples.sample();
        CibElement resources = a.configuration().child("resources").orElseThrow();
        CibElement fence = resources.findById("fence").orElseThrow();
        Cib b = edit(a, "resources", resources.withChildren(List.of(
                resources.children().get(1), resources.children().get(2), resources.children().get(3),
                resources.children().get(4), fence.withAttribute("description", "fencing"))))
                .withVersion(a.version().nextEpoch());
        CibPatch p = CibDiff.diff(a, b);
        assertEquals(new CibVersion(0, 13, 0), p.target());
        assertEquals(List.of(
                new CibChange.Modify("/cib/configuration/resources/primitive[@id='fence']", Map.of("description", "fencing"), List.of()),
                new CibChange.Move("/cib/configuration/resources/template[@id='web-template']", 0),
                new CibChange.Move("/cib/configuration/resources/group[@id='web']", 1),
                new CibChange.Move("/cib/configuration/resources/clone[@id='ping-clone']", 2),
                new CibChange.Move("/cib/configuration/resources/master[@id='db-ms']", 3)), p.changes());
        assertTrue(p.changesConfiguration());
        String xml = p.toXmlString();
        assertTrue(xml.startsWith("<diff format=\"2\" digest=\"" + CibDigest.of(b) + "\"><version><source admin_epoch=\"0\" epoch=\"12\" num_updates=\"3\"/>"), xml);
        assertTrue(xml.contains("<change operation=\"modify\" path=\"/cib/configuration/resources/primitive[@id='fence']\"><change-list>"
                + "<change-attr name=\"description\" operation=\"set\" value=\"fencing\"/></change-list></change>"), xml);
    }

    @Test
    void statusChangesAreNotConfigurationChanges() {
        Cib a = Samples.sample();
        CibElement status = a.status();
        Cib b = new Cib(a.root().withReplacedChild(status.withChild(CibElement.of("node_state", "id", "3", "uname", "gamma"))))
                .withVersion(a.version().nextUpdate());
        CibPatch p = CibDiff.diff(a, b);
        assertEquals(List.of(new CibChange.Create("/cib/status", 2, CibElement.of("node_state", "id", "3", "uname", "gamma"))),
                p.changes());
        assertFalse(p.changesConfiguration());
    }

    @Test
    void refusesTheWrongSourceVersion() throws Exception {
        Cib a = Samples.sample();
        Cib b = a.withVersion(a.version().nextUpdate());
        Cib c = new Cib(b.root().withAttribute("have-quorum", "0")).withVersion(b.version().nextUpdate());
        CibPatch bc = CibDiff.diff(b, c);
        CibPatchException e = assertThrows(CibPatchException.class, () -> bc.apply(a));
        assertEquals(Reason.VERSION_MISMATCH, e.reason());
        assertTrue(e.needsResync());
        e = assertThrows(CibPatchException.class, () -> bc.apply(c));
        assertEquals(Reason.ALREADY_APPLIED, e.reason());
        assertFalse(e.needsResync());
    }

    @Test
    void detectsADifferentCopy() throws Exception {
        Cib a = Samples.sample();
        Cib b = new Cib(a.root().withAttribute("have-quorum", "0")).withVersion(a.version().nextUpdate());
        CibPatch p = CibDiff.diff(a, b);
        // Same version, different content: the patch applies, but the result is not what the sender had.
        Cib diverged = new Cib(a.root().withAttribute("dc-uuid", "2"));
        CibPatchException e = assertThrows(CibPatchException.class, () -> p.apply(diverged));
        assertEquals(Reason.DIGEST_MISMATCH, e.reason());
    }

    @Test
    void namesBadPaths() throws Exception {
        Cib a = Samples.sample();
        String digest = CibDigest.of(a);
        CibPatch missing = new CibPatch(a.version(), a.version().nextUpdate(), digest,
                List.of(new CibChange.Delete("/cib/configuration/resources/primitive[@id='nope']")));
        CibPatchException e = assertThrows(CibPatchException.class, () -> missing.apply(a));
        assertEquals(Reason.BAD_PATH, e.reason());
        assertTrue(e.getMessage().contains("primitive[@id='nope']"), e.getMessage());
        CibPatch farPosition = new CibPatch(a.version(), a.version().nextUpdate(), digest,
                List.of(new CibChange.Create("/cib/status", 5, CibElement.of("node_state", "id", "9"))));
        assertEquals(Reason.BAD_PATH, assertThrows(CibPatchException.class, () -> farPosition.apply(a)).reason());
        CibPatch root = new CibPatch(a.version(), a.version().nextUpdate(), digest, List.of(new CibChange.Delete("/cib")));
        assertEquals(Reason.BAD_PATH, assertThrows(CibPatchException.class, () -> root.apply(a)).reason());
    }

    @Test
    void readsPacemakerStylePatches() throws Exception {
        Cib a = Samples.sample();
        Cib expected = new Cib(a.root().withReplacedChild(a.status().withChildren(List.of(a.status().children().get(0)))))
                .withVersion(new CibVersion(0, 12, 4));
        String xml = """
            <diff format="2" digest="%s">
              <version>
                <source admin_epoch="0" epoch="12" num_updates="3"/>
                <target admin_epoch="0" epoch="12" num_updates="4"/>
              </version>
              <change operation="delete" path="/cib/status/node_state[@id='2']"/>
            </diff>
            """.formatted(CibDigest.of(expected));
        assertEquals(expected, CibPatch.parse(xml, "wire").apply(a));
    }

    @Test
    void rejectsMalformedPatchesWithLine() {
        String xml = """
            <diff format="2" digest="%s">
              <version><source admin_epoch="0" epoch="1" num_updates="0"/><target admin_epoch="0" epoch="1" num_updates="1"/></version>
              <change operation="rename" path="/cib/status"/>
            </diff>
            """.formatted("0".repeat(64));
        CibParseException e = assertThrows(CibParseException.class, () -> CibPatch.parse(xml, "wire"));
        assertEquals(3, e.line());
        assertEquals("change", e.element());
        CibParseException f = assertThrows(CibParseException.class,
                () -> CibPatch.parse(xml.replace("operation=\"rename\"", "operation=\"move\""), "wire"));
        assertTrue(f.problem().contains("position"), f.problem());
        assertThrows(CibParseException.class, () -> CibPatch.parse("<diff format=\"1\"/>", "wire"));
    }

    private static Cib edit(Cib cib, String section, CibElement replacement) {
        return new Cib(cib.root().withReplacedChild(cib.configuration().withReplacedChild(replacement)));
    }
}
