package io.tandem.agent.ping.internal;

import io.tandem.testkit.ocf.MetaDataCheck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.common.ActionResult;
import io.tandem.common.OcfExitCode;
import io.tandem.executor.spi.AgentRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PingAgentTest {
    @TempDir
    Path dir;

    private final RecordingAttributes attributes = new RecordingAttributes();
    private final Set<String> up = ConcurrentHashMap.newKeySet();
    private PingAgent agent;

    private PingAgent agent(Pinger pinger) {
        agent = new PingAgent(attributes, pinger, dir.resolve("state"), 8);
        return agent;
    }

    private PingAgent scripted() {
        return agent((host, attempts, timeout, options) -> up.contains(host));
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.deactivate();
        }
    }

    private static AgentRequest request(String action, Map<String, String> p) {
        return new AgentRequest("ping1", action, p, Map.of(), Duration.ofSeconds(60), Duration.ZERO, 0);
    }

    private Optional<String> pingd() {
        return attributes.get("pingd");
    }

    @Test
    void metaDataIsValidOcfWithPingsParameters() throws Exception {
        MetaDataCheck md = MetaDataCheck.parse(scripted().metaData());
        assertEquals("ping", md.name());
        assertTrue(md.parameters().containsAll(List.of("host_list", "multiplier", "dampen", "name", "attempts", "timeout",
                "failure_score", "options", "pidfile")), md.parameters().toString());
    }

    @Test
    void scoreIsReachableHostsTimesMultiplierWithDampening() throws Exception {
        PingAgent a = scripted();
        up.addAll(Set.of("10.0.0.1", "10.0.0.2"));
        Map<String, String> p = Map.of("host_list", "10.0.0.1 10.0.0.2 10.0.0.3", "multiplier", "100", "dampen", "7s");
        assertEquals(OcfExitCode.NOT_RUNNING, a.execute(request("monitor", p)).exitCode());
        assertTrue(a.execute(request("start", p)).isSuccess());
        assertEquals(Optional.of("200"), pingd());
        RecordingAttributes.Write w = attributes.writes.get(attributes.writes.size() - 1);
        assertEquals(new RecordingAttributes.Write("pingd", "200", Duration.ofSeconds(7)), w);
        assertTrue(a.execute(request("start", p)).isSuccess(), "start is idempotent");

        up.remove("10.0.0.2");
        assertTrue(a.execute(request("monitor", p)).isSuccess(), "monitor recomputes");
        assertEquals(Optional.of("100"), pingd());

        assertTrue(a.execute(request("stop", p)).isSuccess());
        assertTrue(a.execute(request("stop", p)).isSuccess(), "stop is idempotent");
        assertEquals(Optional.empty(), pingd(), "stop removes the attribute");
        assertEquals(OcfExitCode.NOT_RUNNING, a.execute(request("monitor", p)).exitCode());
    }

    @Test
    void failureScoreFailsTheMonitor() throws Exception {
        PingAgent a = scripted();
        up.add("h1");
        Map<String, String> p = Map.of("host_list", "h1 h2", "failure_score", "2", "name", "net");
        ActionResult start = a.execute(request("start", p));
        assertEquals(OcfExitCode.ERR_GENERIC, start.exitCode());
        assertTrue(start.reason().contains("net is less than failure_score(2): 1 (1 of 2 hosts reachable)"), start.reason());
        assertEquals(Optional.of("1"), attributes.get("net"), "the attribute is written anyway");
        up.add("h2");
        assertTrue(a.execute(request("monitor", p)).isSuccess());
    }

    @Test
    void hostsArePingedInParallel() throws Exception {
        CountDownLatch allStarted = new CountDownLatch(3);
        PingAgent a = agent((host, attempts, timeout, options) -> {
            allStarted.countDown();
            return allStarted.await(10, TimeUnit.SECONDS); // true only if all three run at the same time
        });
        assertTrue(a.execute(request("start", Map.of("host_list", "a b c"))).isSuccess());
        assertEquals(Optional.of("3"), pingd());
    }

    @Test
    void stateFileParameterIsUsed() throws Exception {
        Path pid = dir.resolve("p.state");
        PingAgent a = scripted();
        assertTrue(a.execute(request("start", Map.of("host_list", "x", "pidfile", pid.toString()))).isSuccess());
        assertTrue(Files.exists(pid));
        assertTrue(a.execute(request("stop", Map.of("host_list", "x", "pidfile", pid.toString()))).isSuccess());
        assertFalse(Files.exists(pid));
    }

    @Test
    void badParametersAreNotConfigured() throws Exception {
        PingAgent a = scripted();
        Map<String, String> good = Map.of("host_list", "h1");
        Map<Map<String, String>, String> cases = Map.of(
                Map.of(), "host_list",
                with(good, "multiplier", "lots"), "multiplier",
                with(good, "dampen", "soon"), "dampen",
                with(good, "attempts", "0"), "attempts",
                with(good, "timeout", "-1"), "timeout",
                with(good, "failure_score", "high"), "failure_score",
                with(good, "pidfile", "relative"), "pidfile",
                Map.of("host_list", "-f"), "host_list");
        for (Map.Entry<Map<String, String>, String> c : cases.entrySet()) {
            ActionResult r = a.execute(request("validate-all", c.getKey()));
            assertEquals(OcfExitCode.ERR_CONFIGURED, r.exitCode(), c.getKey().toString());
            assertTrue(r.reason().startsWith(c.getValue() + ":"), r.reason());
        }
        assertTrue(a.execute(request("validate-all", good)).isSuccess());
    }

    private static Map<String, String> with(Map<String, String> base, String k, String v) {
        Map<String, String> m = new HashMap<>(base);
        m.put(k, v);
        return m;
    }

    @Test
    void durationsAsPacemakerWritesThem() {
        assertEquals(Duration.ofSeconds(5), PingParameters.duration("5s"));
        assertEquals(Duration.ofSeconds(5), PingParameters.duration("5"));
        assertEquals(Duration.ofMillis(500), PingParameters.duration("500ms"));
        assertEquals(Duration.ofMinutes(2), PingParameters.duration("2min"));
        assertEquals(Duration.ofMinutes(1), PingParameters.duration("1m"));
    }

    @Test
    void realPingReachesLoopback() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ping")) || Files.isExecutable(Path.of("/bin/ping")), "iputils ping is not installed: skipped");
        PingAgent a = agent(new IputilsPinger());
        assertTrue(a.execute(request("start", Map.of("host_list", "127.0.0.1", "attempts", "1", "timeout", "1", "multiplier", "10"))).isSuccess());
        assertEquals(Optional.of("10"), pingd());
        assertTrue(new IputilsPinger().reachable("127.0.0.1", 1, 1, List.of()));
    }
}
