package io.tandem.cib.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import io.tandem.cib.CibEvent;
import io.tandem.cib.CibPatch;
import io.tandem.cib.CibPatchException;
import io.tandem.cib.CibUpdate;
import io.tandem.cib.CibUpdateException;
import io.tandem.common.CibVersion;
import io.tandem.testkit.SimScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CibStoreEngineTest {
    private static final long DELAY_MILLIS = 500;

    @TempDir
    Path dir;

    private final SimScheduler scheduler = new SimScheduler();

    private CibFiles files(Path directory) {
        return new CibFiles(directory, 10, scheduler::currentTimeMillis, "pacemaker-3.7");
    }

    private CibStoreEngine open(Path directory) throws Exception {
        return new CibStoreEngine(scheduler, files(directory), DELAY_MILLIS);
    }

    private Cib onDisk(Path directory) throws Exception {
        return CibFiles.readVerified(directory.resolve("cib.xml"));
    }

    @Test
    void versionBumpRules() throws Exception {
        CibStoreEngine store = open(dir);
        assertEquals(CibVersion.ZERO, store.current().version());
        assertEquals(new CibVersion(0, 1, 0), store.apply(TestCibs.addPrimitive("a")).current().version());
        assertEquals(new CibVersion(0, 1, 1), store.apply(TestCibs.setNodeState("n1", "crmd", "online")).current().version());
        assertEquals(new CibVersion(0, 1, 2), store.apply(TestCibs.setNodeState("n1", "join", "member")).current().version());
        assertEquals(new CibVersion(0, 2, 0), store.apply(TestCibs.addPrimitive("b")).current().version());
        // Root attributes such as have-quorum are not configuration.
        assertEquals(new CibVersion(0, 2, 1), store.apply(CibUpdate.of("quorum",
                c -> new Cib(c.root().withAttribute("have-quorum", "1")))).current().version());
        assertEquals(new CibVersion(1, 2, 0), store.apply(TestCibs.addPrimitive("c").asAdministrative()).current().version());
        // The edit's own version attributes do not count.
        assertEquals(new CibVersion(1, 3, 0), store.apply(CibUpdate.of("sneaky",
                c -> addD(c).withVersion(new CibVersion(9, 9, 9)))).current().version());
    }

    private static Cib addD(Cib c) {
        CibElement resources = c.configuration().child("resources").orElseThrow();
        return TestCibs.withConfigurationSection(c, resources.withChild(
                CibElement.of("primitive", "id", "d", "class", "lsb", "type", "d")));
    }

    @Test
    void anEditThatChangesNothingChangesNoVersionAndTellsNoOne() throws Exception {
        CibStoreEngine store = open(dir);
        store.apply(TestCibs.addPrimitive("a"));
        List<CibEvent> heard = new ArrayList<>();
        store.addListener(heard::add);
        CibEvent e = store.apply(CibUpdate.of("nothing", c -> c));
        assertFalse(e.changed());
        assertTrue(e.patch().isEmpty());
        assertEquals(new CibVersion(0, 1, 0), store.current().version());
        assertEquals(List.of(), heard);
    }

    @Test
    void invalidOrRefusedUpdatesLeaveTheCibUnchanged() throws Exception {
        CibStoreEngine store = open(dir);
        store.apply(TestCibs.addPrimitive("a"));
        Cib before = store.current();
        CibUpdateException invalid = assertThrows(CibUpdateException.class, () -> store.apply(CibUpdate.of("bad primitive", c ->
                TestCibs.withConfigurationSection(c, c.configuration().child("resources").orElseThrow()
                        .withChild(CibElement.of("primitive", "id", "x", "class", "ocf", "type", "Dummy"))))));
        assertEquals(CibUpdateException.Reason.INVALID, invalid.reason());
        assertTrue(invalid.getMessage().contains("'provider'"), invalid.getMessage());
        CibUpdateException refused = assertThrows(CibUpdateException.class, () -> store.apply(new CibUpdate("no", false, c -> {
            throw new IllegalStateException("not now");
        })));
        assertEquals(CibUpdateException.Reason.REJECTED, refused.reason());
        assertSame(before, store.current());
    }

    @Test
    void configurationChangesAreOnDiskBeforeApplyReturns() throws Exception {
        CibStoreEngine store = open(dir);
        CibEvent e = store.apply(TestCibs.addPrimitive("a"));
        assertEquals(e.current(), onDisk(dir));
        assertEquals(e.current(), CibFiles.readVerified(dir.resolve("cib-1.raw")));
    }

    @Test
    void statusWritesCoalesce() throws Exception {
        CibFiles files = files(dir);
        CibStoreEngine store = new CibStoreEngine(scheduler, files, DELAY_MILLIS);
        store.apply(TestCibs.addPrimitive("a"));
        long writes = files.writes();
        for (int i = 0; i < 1000; i++) {
            store.apply(TestCibs.setNodeState("n1", "count", Integer.toString(i)));
            scheduler.advanceMillis(1);
        }
        // 1000 updates over 1000 ms with a 500 ms delay: two writes (at 500 ms and 1000 ms), never one per update,
        // and each write carries what is current when it runs.
        assertEquals(writes + 2, files.writes());
        assertTrue(store.isWritten());
        assertEquals(new CibVersion(0, 1, 1000), onDisk(dir).version());
        store.apply(TestCibs.setNodeState("n1", "count", "last"));
        assertFalse(store.isWritten());
        scheduler.advanceMillis(DELAY_MILLIS);
        assertTrue(store.isWritten());
        assertEquals(store.current(), onDisk(dir));
        assertEquals(writes + 3, files.writes());
        assertEquals(List.of(1L), files.backups(), "status writes make no backups");
    }

    @Test
    void statusIsOnDiskWithinTheDelay() throws Exception {
        CibStoreEngine store = open(dir);
        store.apply(TestCibs.addPrimitive("a"));
        store.apply(TestCibs.setNodeState("n1", "crmd", "online"));
        scheduler.advanceMillis(DELAY_MILLIS - 1);
        assertEquals(new CibVersion(0, 1, 0), onDisk(dir).version());
        scheduler.advanceMillis(1);
        assertEquals(new CibVersion(0, 1, 1), onDisk(dir).version());
    }

    @Test
    void closeWritesPendingStatusAndReopeningRestoresIt() throws Exception {
        CibStoreEngine store = open(dir);
        store.apply(TestCibs.addPrimitive("a"));
        store.apply(TestCibs.setNodeState("n1", "crmd", "online"));
        Cib last = store.current();
        store.close();
        assertEquals(last, open(dir).current());
    }

    @Test
    void aConfigurationChangeThatCannotBeWrittenIsNotMade() throws Exception {
        CibStoreEngine store = open(dir);
        store.apply(TestCibs.addPrimitive("a"));
        Cib before = store.current();
        // Replace cib.xml by a non-empty directory: the rename over it fails.
        Files.delete(dir.resolve("cib.xml"));
        Files.createDirectories(dir.resolve("cib.xml").resolve("blocker"));
        CibUpdateException e = assertThrows(CibUpdateException.class, () -> store.apply(TestCibs.addPrimitive("b")));
        assertEquals(CibUpdateException.Reason.NOT_PERSISTED, e.reason());
        assertSame(before, store.current());
    }

    @Test
    void peersFollowTheDcThroughPatches() throws Exception {
        CibStoreEngine dc = open(dir.resolve("dc"));
        CibStoreEngine peer = open(dir.resolve("peer"));
        List<CibUpdate> updates = List.of(TestCibs.addPrimitive("a"), TestCibs.setNodeState("n1", "crmd", "online"),
                TestCibs.addPrimitive("b"), TestCibs.setNodeState("n2", "crmd", "online"),
                TestCibs.setNodeState("n1", "crmd", "offline"));
        for (CibUpdate u : updates) {
            CibPatch patch = CibPatch.parse(dc.apply(u).patch().toXmlString(), "wire");
            CibEvent received = peer.receive(patch);
            assertEquals(CibEvent.Origin.RECEIVED, received.origin());
            assertEquals(dc.current(), peer.current());
        }
        assertEquals(dc.current().configuration(), onDisk(dir.resolve("peer")).configuration(),
                "received configuration changes are on the peer's disk at once");
        scheduler.advanceMillis(DELAY_MILLIS);
        assertEquals(dc.current(), onDisk(dir.resolve("peer")), "and status changes after the delay");
    }

    @Test
    void aPeerThatMissedAnUpdateOrDivergedIsToldToResync() throws Exception {
        CibStoreEngine dc = open(dir.resolve("dc"));
        CibStoreEngine peer = open(dir.resolve("peer"));
        peer.receive(dc.apply(TestCibs.addPrimitive("a")).patch());
        dc.apply(TestCibs.setNodeState("n1", "crmd", "online")); // lost on the way
        CibPatch next = dc.apply(TestCibs.setNodeState("n1", "join", "member")).patch();
        Cib before = peer.current();
        CibPatchException gap = assertThrows(CibPatchException.class, () -> peer.receive(next));
        assertEquals(CibPatchException.Reason.VERSION_MISMATCH, gap.reason());
        assertSame(before, peer.current());

        // The resync: the whole CIB.
        CibEvent replaced = peer.replace(dc.current(), false);
        assertEquals(CibEvent.Origin.REPLACED, replaced.origin());
        assertEquals(dc.current(), peer.current());
        assertEquals(dc.current(), onDisk(dir.resolve("peer")), "a resync is written at once");

        // A duplicate delivery is recognised as such.
        CibPatchException dup = assertThrows(CibPatchException.class, () -> peer.receive(next));
        assertEquals(CibPatchException.Reason.ALREADY_APPLIED, dup.reason());
        assertFalse(dup.needsResync());

        // Same version, different content (a local edit the DC never saw): the digest tells.
        peer.replace(new Cib(peer.current().root().withAttribute("dc-uuid", "peer")), true);
        CibPatch after = dc.apply(TestCibs.setNodeState("n2", "crmd", "online")).patch();
        CibPatchException diverged = assertThrows(CibPatchException.class, () -> peer.receive(after));
        assertEquals(CibPatchException.Reason.DIGEST_MISMATCH, diverged.reason());
    }

    @Test
    void replaceRefusesOlderCopiesUnlessForced() throws Exception {
        CibStoreEngine store = open(dir);
        Cib v1 = store.apply(TestCibs.addPrimitive("a")).current();
        Cib v2 = store.apply(TestCibs.addPrimitive("b")).current();
        CibEvent refused = store.replace(v1, false);
        assertFalse(refused.changed());
        assertSame(v2, store.current());
        CibEvent forced = store.replace(v1, true);
        assertTrue(forced.changed());
        assertEquals(v1, store.current());
        assertEquals(v1, onDisk(dir));
        assertEquals(v1, forced.patch().apply(v2));
    }

    @Test
    void replaceValidates() throws Exception {
        CibStoreEngine store = open(dir);
        Cib broken = new Cib(store.current().root().withChildren(List.of(store.current().configuration())));
        assertThrows(io.tandem.cib.CibParseException.class, () -> store.replace(broken, true));
    }

    @Test
    void listenersHearEveryChangeInOrder() throws Exception {
        CibStoreEngine store = open(dir);
        List<String> heard = new ArrayList<>();
        store.addListener(e -> heard.add("first " + e.current().version()));
        AutoCloseable second = store.addListener(e -> {
            heard.add("second " + e.current().version());
            // A listener may change the CIB: its change is delivered after the current one, to everyone.
            if (e.current().version().equals(new CibVersion(0, 1, 0))) {
                try {
                    store.apply(TestCibs.setNodeState("n1", "crmd", "online"));
                } catch (CibUpdateException ex) {
                    throw new AssertionError(ex);
                }
                heard.add("second applied");
            }
        });
        store.addListener(e -> {
            throw new IllegalStateException("a broken listener does not stop the others");
        });
        store.apply(TestCibs.addPrimitive("a"));
        store.apply(TestCibs.addPrimitive("b"));
        second.close();
        store.apply(TestCibs.setNodeState("n1", "crmd", "offline"));
        assertEquals(List.of("first 0.1.0", "second 0.1.0", "second applied", "first 0.1.1", "second 0.1.1",
                "first 0.2.0", "second 0.2.0", "first 0.2.1"), heard);
    }

    @Test
    void listenersSeeOldNewAndPatch() throws Exception {
        CibStoreEngine store = open(dir);
        List<CibEvent> heard = new ArrayList<>();
        store.addListener(heard::add);
        Cib before = store.current();
        store.apply(TestCibs.addPrimitive("a"));
        CibEvent e = heard.get(0);
        assertSame(before, e.previous());
        assertSame(store.current(), e.current());
        assertEquals(e.current(), e.patch().apply(e.previous()));
        assertTrue(e.configurationChanged());
    }
}
