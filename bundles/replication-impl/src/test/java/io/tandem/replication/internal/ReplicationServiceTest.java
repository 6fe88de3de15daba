package io.tandem.replication.internal;

import static io.tandem.replication.internal.Pair.waitFor;
import static io.tandem.replication.internal.ServicePair.status;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.replication.ConnectionState;
import io.tandem.replication.DiskState;
import io.tandem.replication.DrbdConfException;
import io.tandem.replication.DrbdConfImport;
import io.tandem.replication.DrbdStatusFormat;
import io.tandem.replication.Role;
import io.tandem.replication.StateChangeException;
import io.tandem.replication.Volume;
import io.tandem.replication.VolumeEvent;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two replication services (alpha and beta) over loopback, driven with drbdadm's verbs. */
@Timeout(120)
class ReplicationServiceTest {
    @TempDir
    Path dir;

    @Test
    void drbdadmVerbsRunAVolumeFromCreateMdToSwitchedPrimaries() throws Exception {
        try (ServicePair p = new ServicePair(dir, "r0")) {
            p.startBoth();
            assertEquals(List.of("r0"), p.alpha.resources().stream().map(v -> v.name()).toList());
            assertEquals(dir.resolve("alpha").resolve("r0.img"), p.alpha.resource("r0").orElseThrow().backing());
            p.synced("r0");
            assertEquals(Role.SECONDARY, status(p.beta, "r0").role());
            String proc = DrbdStatusFormat.procDrbd(p.alpha.status());
            assertTrue(proc.contains(" 0: cs:Connected ro:Primary/Secondary ds:UpToDate/UpToDate C r-----"), proc);

            byte[] data = Pair.block(7);
            Volume a = p.alpha.volume("r0").orElseThrow();
            a.write(4096 * 10, ByteBuffer.wrap(data));
            a.flush();
            assertThrows(StateChangeException.class, () -> p.beta.primary("r0", false), "two primaries");

            p.alpha.secondary("r0");
            p.beta.primary("r0", false);
            ByteBuffer read = ByteBuffer.allocate(4096);
            p.beta.volume("r0").orElseThrow().read(4096 * 10, read);
            assertArrayEquals(data, read.array());

            List<VolumeEvent> events = new CopyOnWriteArrayList<>();
            p.beta.volume("r0").orElseThrow().addListener(events::add);
            p.beta.verify("r0");
            waitFor("verify", () -> events.stream().anyMatch(e -> e instanceof VolumeEvent.VerifyFinished));
            VolumeEvent.VerifyFinished v = (VolumeEvent.VerifyFinished) events.stream()
                    .filter(e -> e instanceof VolumeEvent.VerifyFinished).findFirst().orElseThrow();
            assertEquals(0, v.outOfSyncBlocks());

            p.beta.disconnect("r0");
            waitFor("StandAlone", () -> status(p.beta, "r0").connection() == ConnectionState.STAND_ALONE);
            p.alpha.disconnect("r0");
            p.alpha.outdate("r0");
            assertEquals(DiskState.OUTDATED, status(p.alpha, "r0").disk());
            p.alpha.connect("r0", false);
            p.beta.connect("r0", false);
            p.waitUpToDate("r0");

            p.beta.secondary("r0");
            p.alpha.down("r0");
            assertTrue(p.alpha.volume("r0").isEmpty());
            assertTrue(p.alpha.status().isEmpty());
            assertThrows(StateChangeException.class, () -> p.alpha.primary("r0", false), "down");
            waitFor("beta sees the peer go", () -> status(p.beta, "r0").connection() == ConnectionState.WF_CONNECTION);
        }
    }

    /**
     * Regression: a Primary that was disconnected by command kept its generation id, so when both nodes then wrote
     * (one after the other) the reconnect resynced one node's writes away instead of finding the split brain.
     */
    @Test
    void writesOnBothSidesAfterAnExplicitDisconnectAreASplitBrain() throws Exception {
        try (ServicePair p = new ServicePair(dir, "r0")) {
            p.startBoth();
            p.synced("r0");
            p.alpha.disconnect("r0");
            p.alpha.volume("r0").orElseThrow().write(4096 * 3, ByteBuffer.wrap(Pair.block(42)));
            p.alpha.secondary("r0");
            waitFor("beta lost alpha", () -> status(p.beta, "r0").connection() == ConnectionState.WF_CONNECTION);
            p.beta.primary("r0", false);
            p.beta.volume("r0").orElseThrow().write(4096 * 5, ByteBuffer.wrap(Pair.block(43)));
            p.beta.secondary("r0");
            List<VolumeEvent> events = new CopyOnWriteArrayList<>();
            p.alpha.volume("r0").orElseThrow().addListener(events::add);
            p.alpha.connect("r0", false);
            waitFor("split brain", () -> events.stream().anyMatch(e -> e instanceof VolumeEvent.SplitBrain));
            waitFor("StandAlone", () -> status(p.alpha, "r0").connection() == ConnectionState.STAND_ALONE);
        }
    }

    @Test
    void badDrbdConfIsReportedWithFileAndLineAndRunningVolumesStay() throws Exception {
        try (ServicePair p = new ServicePair(dir, "r0")) {
            p.startBoth();
            p.synced("r0");
            String good = Files.readString(p.conf);
            Files.writeString(p.conf, good + "resource r1 {\n  wibble yes;\n}\n");
            DrbdConfException e = assertThrows(DrbdConfException.class, p.alpha::reload);
            assertTrue(e.getMessage().contains(p.conf + ":" + (good.split("\n").length + 2) + ": unknown keyword 'wibble'"),
                    e.getMessage());
            assertEquals(e.problems(), p.alpha.configProblems());
            assertEquals(List.of("r0"), p.alpha.resources().stream().map(v -> v.name()).toList());
            assertTrue(ServicePair.upToDate(p.alpha, "r0"), "the running volume is untouched");
            p.alpha.volume("r0").orElseThrow().write(0, ByteBuffer.wrap(Pair.block(1)));

            Files.writeString(p.conf, good);
            p.alpha.reload();
            assertTrue(p.alpha.configProblems().isEmpty());
        }
    }

    @Test
    void refusalsNameTheResourceAndTheReason() throws Exception {
        try (ServicePair p = new ServicePair(dir, "r0")) {
            p.startBoth();
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> p.alpha.up("r9"));
            assertTrue(unknown.getMessage().contains("'r9' is not a resource of node alpha"), unknown.getMessage());
            StateChangeException notUp = assertThrows(StateChangeException.class, () -> p.alpha.primary("r0", true));
            assertTrue(notUp.getMessage().contains("not up"), notUp.getMessage());
            assertThrows(java.io.IOException.class, () -> p.alpha.up("r0"), "no metadata yet");
            assertTrue(p.alpha.volume("r0").isEmpty());
            p.synced("r0");
            assertThrows(StateChangeException.class, () -> p.alpha.up("r0"), "already up");
            assertThrows(StateChangeException.class, () -> p.alpha.createMetadata("r0"), "create-md while up");
            AutoCloseable held = p.alpha.volume("r0").orElseThrow().open();
            assertThrows(StateChangeException.class, () -> p.alpha.down("r0"), "held open");
            assertThrows(StateChangeException.class, () -> p.alpha.secondary("r0"), "held open");
            held.close();
            p.alpha.down("r0");
        }
    }

    @Test
    void volumesThatWereUpComeUpAgainWhenTheServiceRestarts() throws Exception {
        try (ServicePair p = new ServicePair(dir, "r0", "r1")) {
            p.startBoth();
            p.synced("r0");
            p.alpha.createMetadata("r1");
            p.alpha.up("r1");
            p.alpha.down("r1");
            p.alpha.close();
            waitFor("beta loses alpha", () -> status(p.beta, "r0").connection() == ConnectionState.WF_CONNECTION);
            p.start("alpha");
            assertEquals(List.of("r0"), p.alpha.status().stream().map(s -> s.name()).toList(), "r1 was taken down");
            p.waitConnected("r0");
            assertEquals(Role.SECONDARY, status(p.alpha, "r0").role());
            assertEquals(DiskState.UP_TO_DATE, status(p.alpha, "r0").disk());
        }
    }

    @Test
    void importChecksTheFileAndAppliesItOnlyWithoutErrors() throws Exception {
        try (ServicePair p = new ServicePair(dir, "r0")) {
            ReplicationServiceImpl s = new ReplicationServiceImpl(
                    new ReplicationServiceImpl.Settings(java.util.Optional.empty(), "alpha"), dir.resolve("alpha"),
                    p.writtenA::add, () -> "unused");
            p.alpha = s;
            assertTrue(s.resources().isEmpty());
            Path bad = dir.resolve("bad.conf");
            Files.writeString(bad, "resource r0 {\n  protocol C;\n  disk { on-io-error detach; frobnicate 3; }\n"
                    + "  on alpha { device /dev/drbd0; disk x.img; address 127.0.0.1:7788; meta-disk internal; }\n"
                    + "  on beta { device /dev/drbd0; disk x.img; address 127.0.0.2:7788; meta-disk internal; }\n}\n");
            DrbdConfImport r = s.importDrbdConf(bad, false);
            assertFalse(r.applied());
            assertEquals(List.of(bad + ":3: unknown option 'frobnicate' in disk"),
                    r.errors().stream().map(Object::toString).toList());
            assertTrue(p.writtenA.isEmpty(), "nothing written");
            assertTrue(s.drbdConf().isEmpty());

            DrbdConfImport dry = s.importDrbdConf(p.conf, true);
            assertFalse(dry.applied());
            assertTrue(dry.errors().isEmpty(), dry.errors().toString());
            assertTrue(p.writtenA.isEmpty());

            DrbdConfImport ok = s.importDrbdConf(p.conf, false);
            assertTrue(ok.applied());
            assertEquals(List.of(java.util.Map.of("drbdConf", p.conf.toString())), p.writtenA);
            assertEquals(List.of("r0"), s.resources().stream().map(v -> v.name()).toList());

            Path other = dir.resolve("other.conf");
            Files.writeString(other, Files.readString(p.conf).replace("on alpha", "on gamma"));
            DrbdConfImport foreign = s.importDrbdConf(other, true);
            assertTrue(foreign.warnings().stream().anyMatch(w -> w.message().contains("no resource has an 'on alpha'")),
                    foreign.warnings().toString());
        }
    }
}
