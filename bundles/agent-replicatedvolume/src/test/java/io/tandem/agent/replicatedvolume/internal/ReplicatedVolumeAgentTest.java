package io.tandem.agent.replicatedvolume.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tandem.attributes.AttributeLifetime;
import io.tandem.common.ActionResult;
import io.tandem.common.OcfExitCode;
import io.tandem.executor.spi.AgentRequest;
import io.tandem.replication.ConnectionState;
import io.tandem.replication.DiskState;
import io.tandem.replication.ReplicationService;
import io.tandem.replication.VolumeStatus;
import io.tandem.replication.internal.TestServices;
import io.tandem.testkit.ocf.OcfCheckReport;
import io.tandem.testkit.ocf.OcfChecker;
import io.tandem.testkit.ocf.SpiDriver;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes (alpha, beta), each a replication service and an agent, over loopback; one shared attribute store. */
@Timeout(120)
class ReplicatedVolumeAgentTest {
    static final String RSC = "ms-r0";
    static final String SCORE = "master-" + RSC;
    static final String MARK = ReplicatedVolumeAgent.markName("r0");

    @TempDir
    Path dir;
    final SharedAttributes attributes = new SharedAttributes();
    ReplicationService alpha;
    ReplicationService beta;
    ReplicatedVolumeAgent agentA;
    ReplicatedVolumeAgent agentB;

    @BeforeEach
    void nodes() throws IOException {
        Path conf = dir.resolve("drbd.conf");
        Files.writeString(conf, """
                resource r0 {
                  protocol C;
                  syncer { rate 200M; al-extents 7; }
                  net { ping-int 1; ping-timeout 20; connect-int 1; }
                  on alpha { device /dev/drbd0; disk r0.img; address 127.0.0.1:%d; meta-disk internal; }
                  on beta { device /dev/drbd0; disk r0.img; address 127.0.0.1:%d; meta-disk internal; }
                }
                """.formatted(freePort(), freePort()));
        for (String node : new String[] {"alpha", "beta"}) {
            Files.createDirectories(dir.resolve(node));
            try (RandomAccessFile raf = new RandomAccessFile(dir.resolve(node).resolve("r0.img").toFile(), "rw")) {
                raf.setLength(8L << 20);
            }
        }
        alpha = TestServices.start(conf, "alpha", dir.resolve("alpha"));
        beta = TestServices.start(conf, "beta", dir.resolve("beta"));
        agentA = new ReplicatedVolumeAgent(alpha, attributes.on("alpha"));
        agentB = new ReplicatedVolumeAgent(beta, attributes.on("beta"));
    }

    @AfterEach
    void close() {
        agentA.deactivate();
        agentB.deactivate();
        TestServices.close(alpha);
        TestServices.close(beta);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static OcfExitCode run(ReplicatedVolumeAgent agent, String action) throws InterruptedException {
        ActionResult r = agent.execute(new AgentRequest(RSC + ":0", action, Map.of("drbd_resource", "r0"),
                Map.of("clone_max", "2", "promoted_max", "1"), Duration.ofSeconds(20),
                action.equals("monitor") ? Duration.ofSeconds(10) : Duration.ZERO, 0));
        return r.exitCode();
    }

    static String reason(ReplicatedVolumeAgent agent, String action) throws InterruptedException {
        return agent.execute(new AgentRequest(RSC, action, Map.of("drbd_resource", "r0"), Map.of(),
                Duration.ofSeconds(20), Duration.ZERO, 0)).reason();
    }

    Optional<String> score(String node) {
        return attributes.get(node, SCORE, AttributeLifetime.REBOOT);
    }

    static VolumeStatus status(ReplicationService s) {
        return s.volume("r0").orElseThrow().status();
    }

    static void waitFor(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    static boolean upToDate(ReplicationService s) {
        VolumeStatus v = status(s);
        return v.connection() == ConnectionState.CONNECTED && v.disk() == DiskState.UP_TO_DATE
                && v.peerDisk() == DiskState.UP_TO_DATE;
    }

    /** create-md on both, both started by their agents, alpha forced Primary by hand (first sync), synced. */
    void firstSync() throws Exception {
        alpha.createMetadata("r0");
        beta.createMetadata("r0");
        assertEquals(OcfExitCode.NOT_RUNNING, run(agentA, "monitor"));
        assertEquals(OcfExitCode.OK, run(agentB, "start"));
        assertEquals(OcfExitCode.OK, run(agentA, "start"));
        waitFor("connected", () -> status(alpha).connection() == ConnectionState.CONNECTED);
        assertEquals(OcfExitCode.OK, run(agentA, "monitor"));
        assertEquals(Optional.empty(), score("alpha"), "Inconsistent: no promotion score");
        assertEquals(OcfExitCode.ERR_GENERIC, run(agentA, "promote"), "Inconsistent data cannot be promoted");
        alpha.primary("r0", true);
        waitFor("UpToDate", () -> upToDate(alpha) && upToDate(beta));
    }

    @Test
    void promotableCloneLifecycleWithLinbitScores() throws Exception {
        firstSync();
        assertEquals(OcfExitCode.RUNNING_PROMOTED, run(agentA, "monitor"));
        assertEquals(Optional.of("10000"), score("alpha"));
        assertEquals(OcfExitCode.OK, run(agentB, "monitor"));
        assertEquals(Optional.of("10000"), score("beta"), "UpToDate with the peer known");

        assertEquals(OcfExitCode.OK, run(agentA, "demote"));
        assertEquals(OcfExitCode.OK, run(agentA, "monitor"));
        assertEquals(OcfExitCode.OK, run(agentB, "promote"));
        assertEquals(OcfExitCode.RUNNING_PROMOTED, run(agentB, "monitor"));
        assertEquals(OcfExitCode.ERR_GENERIC, run(agentA, "promote"), "two primaries refused");

        assertEquals(OcfExitCode.OK, run(agentB, "demote"));
        assertEquals(OcfExitCode.OK, run(agentB, "stop"));
        assertEquals(OcfExitCode.NOT_RUNNING, run(agentB, "monitor"));
        assertEquals(Optional.empty(), score("beta"), "stop removes the score");
        waitFor("alpha lost beta", () -> status(alpha).peerDisk() == DiskState.UNKNOWN);
        assertEquals(OcfExitCode.OK, run(agentA, "monitor"));
        assertEquals(Optional.of("1000"), score("alpha"), "UpToDate Secondary, peer unknown");
        assertEquals(OcfExitCode.OK, run(agentA, "stop"));
        assertEquals(OcfExitCode.OK, run(agentA, "stop"), "stop is idempotent");
    }

    @Test
    void primaryThatLosesItsPeerOutdatesItUntilTheResyncIsDone() throws Exception {
        firstSync();
        assertEquals(OcfExitCode.RUNNING_PROMOTED, run(agentA, "monitor"));
        // The replication link breaks while the cluster can still reach beta (what dopd was made for).
        beta.disconnect("r0");
        waitFor("beta outdated", () -> status(beta).disk() == DiskState.OUTDATED);
        assertEquals(Optional.of("alpha"), attributes.get("beta", MARK, AttributeLifetime.FOREVER));
        assertEquals(OcfExitCode.OK, run(agentB, "monitor"));
        assertEquals(Optional.empty(), score("beta"), "an outdated node has no promotion score");
        assertEquals(OcfExitCode.RUNNING_PROMOTED, run(agentA, "monitor"));
        assertEquals(Optional.of("10000"), score("alpha"));

        // Even if the primary dies now, beta cannot be promoted with its stale data.
        assertEquals(OcfExitCode.ERR_GENERIC, run(agentB, "promote"));
        assertTrue(reason(agentB, "promote").contains("outdated by alpha"), reason(agentB, "promote"));

        beta.connect("r0", false);
        waitFor("resynced", () -> upToDate(alpha) && upToDate(beta));
        waitFor("mark removed", () -> attributes.get("beta", MARK, AttributeLifetime.FOREVER).isEmpty());
        assertEquals(OcfExitCode.OK, run(agentB, "monitor"));
        assertEquals(Optional.of("10000"), score("beta"));
    }

    @Test
    void nodePromotedWithoutItsPeerFencesThePeerFirst() throws Exception {
        firstSync();
        assertEquals(OcfExitCode.OK, run(agentA, "demote"));
        assertEquals(OcfExitCode.OK, run(agentA, "stop"));
        waitFor("beta alone", () -> status(beta).connection() == ConnectionState.WF_CONNECTION);
        assertEquals(OcfExitCode.OK, run(agentB, "promote"));
        assertEquals(Optional.of("beta"), attributes.get("alpha", MARK, AttributeLifetime.FOREVER));
        // alpha was down when it was marked: it outdates itself when it starts and cannot reach beta...
        beta.disconnect("r0");
        assertEquals(OcfExitCode.OK, run(agentA, "start"));
        assertEquals(DiskState.OUTDATED, status(alpha).disk());
        assertEquals(OcfExitCode.OK, run(agentA, "monitor"));
        assertEquals(Optional.empty(), score("alpha"));
        assertEquals(OcfExitCode.ERR_GENERIC, run(agentA, "promote"));
        // ...and is unfenced once it has beta's data.
        beta.connect("r0", false);
        waitFor("resynced", () -> upToDate(alpha) && upToDate(beta));
        waitFor("mark removed", () -> attributes.get("alpha", MARK, AttributeLifetime.FOREVER).isEmpty());
    }

    @Test
    void passesOcfTesterChecks() throws Exception {
        firstSync();
        alpha.secondary("r0");
        beta.down("r0");
        OcfCheckReport report = OcfChecker.check(new SpiDriver("ocf:tandem:ReplicatedVolume", agentA, RSC,
                Map.of("drbd_resource", "r0")));
        assertTrue(report.passed(), report.render());
    }

    @Test
    void misconfigurationIsNotConfigured() throws Exception {
        assertEquals(OcfExitCode.ERR_CONFIGURED, agentA.execute(new AgentRequest(RSC, "start", Map.of(), Map.of(),
                Duration.ofSeconds(20), Duration.ZERO, 0)).exitCode());
        assertEquals(OcfExitCode.ERR_CONFIGURED, agentA.execute(new AgentRequest(RSC, "validate-all",
                Map.of("drbd_resource", "r7"), Map.of(), Duration.ofSeconds(20), Duration.ZERO, 0)).exitCode());
        assertEquals(OcfExitCode.ERR_CONFIGURED, agentA.execute(new AgentRequest(RSC, "monitor",
                Map.of("drbd_resource", "r0", "adjust_master_score", "0 10 5 10000"), Map.of(),
                Duration.ofSeconds(20), Duration.ZERO, 0)).exitCode());
        assertEquals(OcfExitCode.OK, run(agentA, "validate-all"));
    }
}
