package io.tandem.agent.webserver.internal;

import io.tandem.testkit.ocf.MetaDataCheck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.ActionResult;
import io.tandem.common.OcfExitCode;
import io.tandem.executor.spi.AgentRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real server on 127.0.0.1 and a free port; every test stops what it started. */
class WebServerAgentTest {
    private final WebServerAgent agent = new WebServerAgent(() -> "node-a");
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @AfterEach
    void stopAll() {
        agent.deactivate();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    private static AgentRequest request(String resource, String action, Map<String, String> p, Map<String, String> meta) {
        return new AgentRequest(resource, action, p, meta, Duration.ofSeconds(20), Duration.ZERO, 0);
    }

    private ActionResult run(String action, Map<String, String> p) throws InterruptedException {
        return agent.execute(request("web1", action, p, Map.of()));
    }

    @Test
    void metaDataIsValidOcf() throws Exception {
        MetaDataCheck md = MetaDataCheck.parse(agent.metaData());
        assertEquals("WebServer", md.name());
        assertEquals(List.of("ip", "port", "content"), List.copyOf(md.parameters()));
        assertTrue(md.actions().containsAll(List.of("start", "stop", "monitor", "validate-all", "meta-data")));
    }

    @Test
    void servesTheNodeNameAndHealthAndMonitorFollowsTheServer() throws Exception {
        int port = freePort();
        Map<String, String> p = Map.of("ip", "127.0.0.1", "port", Integer.toString(port));
        assertEquals(OcfExitCode.NOT_RUNNING, run("monitor", p).exitCode());
        assertTrue(run("start", p).isSuccess());
        assertTrue(run("start", p).isSuccess(), "start is idempotent");
        HttpProbe.Response root = HttpProbe.get(LOOPBACK, port, "/", Duration.ofSeconds(5));
        assertEquals(new HttpProbe.Response(200, "node-a\n"), root);
        assertEquals(new HttpProbe.Response(200, "OK\n"), HttpProbe.get(LOOPBACK, port, "/health", Duration.ofSeconds(5)));
        assertEquals(404, HttpProbe.get(LOOPBACK, port, "/nope", Duration.ofSeconds(5)).status());
        assertEquals(OcfExitCode.OK, run("monitor", p).exitCode());
        assertTrue(run("stop", p).isSuccess());
        assertTrue(run("stop", p).isSuccess(), "stop is idempotent");
        assertEquals(OcfExitCode.NOT_RUNNING, run("monitor", p).exitCode());
        assertThrows(IOException.class, () -> HttpProbe.get(LOOPBACK, port, "/", Duration.ofSeconds(2)), "the port is closed");
    }

    @Test
    void contentParameterAndOnNodeMetaWin() throws Exception {
        int port = freePort();
        assertTrue(agent.execute(request("w", "start", Map.of("ip", "127.0.0.1", "port", "" + port), Map.of("on_node", "n7"))).isSuccess());
        assertEquals("n7\n", HttpProbe.get(LOOPBACK, port, "/", Duration.ofSeconds(5)).body());
        int port2 = freePort();
        assertTrue(run("start", Map.of("ip", "127.0.0.1", "port", "" + port2, "content", "hello")).isSuccess());
        assertEquals("hello\n", HttpProbe.get(LOOPBACK, port2, "/", Duration.ofSeconds(5)).body());
    }

    @Test
    void busyPortFailsStartWithTheReason() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
            ActionResult r = run("start", Map.of("ip", "127.0.0.1", "port", "" + taken.getLocalPort()));
            assertEquals(OcfExitCode.ERR_GENERIC, r.exitCode());
            assertTrue(r.reason().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), r.reason());
            assertEquals(OcfExitCode.NOT_RUNNING, run("monitor", Map.of("ip", "127.0.0.1", "port", "" + taken.getLocalPort())).exitCode(),
                    "someone else's server on the port is not ours");
        }
    }

    @Test
    void badParametersAreNotConfigured() throws Exception {
        for (Map<String, String> p : List.of(Map.of("port", "0"), Map.of("port", "http"), Map.of("port", "70000"),
                Map.of("ip", "www.example.com"), Map.of("ip", "10.0.0.300"))) {
            ActionResult r = run("validate-all", new HashMap<>(p));
            assertEquals(OcfExitCode.ERR_CONFIGURED, r.exitCode(), p.toString());
            assertTrue(r.reason().startsWith(p.keySet().iterator().next() + ":"), r.reason());
        }
        assertEquals(OcfExitCode.ERR_UNIMPLEMENTED, run("promote", Map.of()).exitCode());
    }
}
