package io.tandem.agent.virtualip.internal;

import io.tandem.testkit.net.NetworkNamespaces;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.common.ActionResult;
import io.tandem.common.OcfExitCode;
import io.tandem.executor.spi.AgentRequest;
import io.tandem.vip.internal.VirtualIpComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.tandem.testkit.ocf.OcfCheckReport;
import io.tandem.testkit.ocf.OcfChecker;
import io.tandem.testkit.ocf.SpiDriver;
import org.junit.jupiter.api.Test;

/**
 * The agent against a real kernel: a namespace this test creates, reached through IPaddr2's own
 * network_namespace parameter, and a peer namespace whose neighbour table shows the announcements.
 */
class VirtualIpNamespaceTest {
    private final VirtualIpAgent agent = new VirtualIpAgent(VirtualIpComponent.standalone());

    private static AgentRequest request(String action, Map<String, String> params, Duration interval) {
        return new AgentRequest("vip1", action, params, Map.of(), Duration.ofSeconds(20), interval, 0);
    }

    private ActionResult run(String action, Map<String, String> params) throws InterruptedException {
        return agent.execute(request(action, params, Duration.ZERO));
    }

    private static void assumeSendArp() {
        assumeTrue(Files.isExecutable(Path.of("/usr/libexec/heartbeat/send_arp")), "resource-agents' send_arp is not installed: skipped");
    }

    @Test
    void ipv4LifecycleAnnouncementAndLinkFailure() throws Exception {
        try (NetworkNamespaces ns = NetworkNamespaces.create("tqa", 202, "ag4")) {
            assumeSendArp();
            String vip = ns.network + ".10";
            Map<String, String> p = new HashMap<>(Map.of("ip", vip, "network_namespace", ns.main, "iflabel", "web",
                    "arp_count", "2", "arp_interval", "20"));

            assertEquals(OcfExitCode.OK, run("validate-all", p).exitCode());
            assertEquals(OcfExitCode.NOT_RUNNING, run("monitor", p).exitCode(), "probe before start");
            ActionResult start = run("start", p);
            assertTrue(start.isSuccess(), start.toString());
            assertTrue(run("start", p).isSuccess(), "start is idempotent");
            String shown = ns.sh("ip", "netns", "exec", ns.main, "ip", "addr");
            assertTrue(shown.contains("inet " + vip + "/24 brd " + ns.network + ".255 scope global secondary " + ns.device + ":web"),
                    "nic, prefix and broadcast were found from the routes and the existing address: " + shown);

            // arp_bg defaults to true: the announcement arrives after start returned
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            String neighbour = ns.peerNeighbour(vip);
            while (!neighbour.contains("lladdr") && System.nanoTime() < deadline) {
                neighbour = ns.peerNeighbour(vip);
            }
            assertTrue(neighbour.contains("lladdr " + ns.mac()), "gratuitous ARP reached the peer: '" + neighbour + "'");

            assertEquals(OcfExitCode.OK, agent.execute(request("monitor", p, Duration.ofSeconds(10))).exitCode());

            ns.sh("ip", "-n", ns.main, "link", "set", ns.device, "down");
            ActionResult down = agent.execute(request("monitor", p, Duration.ofSeconds(10)));
            assertEquals(OcfExitCode.ERR_GENERIC, down.exitCode(), down.toString());
            assertTrue(down.reason().contains("link is down"), down.reason());
            ns.sh("ip", "-n", ns.main, "link", "set", ns.device, "up");

            assertTrue(run("stop", p).isSuccess());
            assertTrue(run("stop", p).isSuccess(), "stop is idempotent");
            assertFalse(ns.sh("ip", "netns", "exec", ns.main, "ip", "addr").contains(vip + "/"));
            assertEquals(OcfExitCode.NOT_RUNNING, run("monitor", p).exitCode());
        }
    }

    @Test
    void foregroundArpingSenderAndExplicitNic() throws Exception {
        try (NetworkNamespaces ns = NetworkNamespaces.create("tqa", 202, "ag5")) {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/arping")), "iputils arping is not installed: skipped");
            String vip = ns.network + ".12";
            Map<String, String> p = Map.of("ip", vip, "nic", ns.device, "cidr_netmask", "24", "network_namespace", ns.main,
                    "arp_sender", "iputils_arping", "arp_bg", "false", "arp_count", "1");
            assertTrue(run("start", p).isSuccess());
            assertTrue(ns.peerNeighbour(vip).contains("lladdr " + ns.mac()), "arping -U finished before start returned");
            assertTrue(run("stop", p).isSuccess());
        }
    }

    @Test
    void ipv6LifecycleWithNeighbourAdvertisement() throws Exception {
        try (NetworkNamespaces ns = NetworkNamespaces.create("tqa", 202, "ag6")) {
            assumeTrue(Files.isExecutable(Path.of("/usr/libexec/heartbeat/send_ua")), "resource-agents' send_ua is not installed: skipped");
            Map<String, String> p = Map.of("ip", "fd00:202::10", "network_namespace", ns.main, "arp_count", "2", "arp_interval", "20");
            assertEquals(OcfExitCode.NOT_RUNNING, run("monitor", p).exitCode());
            ActionResult start = run("start", p);
            assertTrue(start.isSuccess(), start.toString());
            assertTrue(ns.sh("ip", "netns", "exec", ns.main, "ip", "-6", "addr").contains("fd00:202::10/64"));
            assertTrue(ns.peerNeighbour("fd00:202::10").contains("lladdr " + ns.mac()), "arp_bg is false for IPv6: NA sent before start returned");
            assertEquals(OcfExitCode.OK, run("monitor", p).exitCode());
            assertTrue(run("stop", p).isSuccess());
            assertEquals(OcfExitCode.NOT_RUNNING, run("monitor", p).exitCode());
        }
    }

    @Test
    void unknownNicIsNotConfiguredOnStartButStopAndMonitorSayNotThere() throws Exception {
        try (NetworkNamespaces ns = NetworkNamespaces.create("tqa", 202, "ag7")) {
            Map<String, String> p = Map.of("ip", ns.network + ".13", "nic", "nosuch0", "cidr_netmask", "24", "network_namespace", ns.main);
            ActionResult start = run("start", p);
            assertEquals(OcfExitCode.ERR_CONFIGURED, start.exitCode());
            assertTrue(start.reason().contains("[findif] failed") && start.reason().contains("nosuch0"), start.reason());
            assertEquals(OcfExitCode.NOT_RUNNING, run("monitor", p).exitCode());
            assertTrue(run("stop", p).isSuccess());
            ActionResult noRoute = run("start", Map.of("ip", "10.99.99.99", "network_namespace", ns.main));
            assertEquals(OcfExitCode.ERR_CONFIGURED, noRoute.exitCode());
            assertTrue(noRoute.reason().contains("Unable to find nic or netmask"), noRoute.reason());
        }
    }

    @Test
    void passesOcfTesterChecksInANamespace() throws Exception {
        try (NetworkNamespaces ns = NetworkNamespaces.create("tqa", 202, "ocf")) {
            assumeSendArp();
            OcfCheckReport report = OcfChecker.check(new SpiDriver("ocf:tandem:VirtualIP", agent, "vip-t",
                    Map.of("ip", ns.network + ".20", "cidr_netmask", "24", "network_namespace", ns.main)));
            assertTrue(report.passed(), report.render());
        }
    }
}
