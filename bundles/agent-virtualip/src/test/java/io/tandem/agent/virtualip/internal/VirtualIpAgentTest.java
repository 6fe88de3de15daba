package io.tandem.agent.virtualip.internal;

import io.tandem.testkit.ocf.MetaDataCheck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.ActionResult;
import io.tandem.common.OcfExitCode;
import io.tandem.executor.spi.AgentRequest;
import io.tandem.vip.internal.VirtualIpComponent;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Meta-data and parameter checking; nothing here touches the network (see VirtualIpNamespaceTest). */
class VirtualIpAgentTest {
    private final VirtualIpAgent agent = new VirtualIpAgent(VirtualIpComponent.standalone());

    static AgentRequest request(String action, Map<String, String> params) {
        return new AgentRequest("vip1", action, params, Map.of(), Duration.ofSeconds(20), Duration.ZERO, 0);
    }

    @Test
    void metaDataIsValidOcfWithIpaddr2sParameters() throws Exception {
        MetaDataCheck md = MetaDataCheck.parse(agent.metaData());
        assertEquals("VirtualIP", md.name());
        assertTrue(md.parameters().containsAll(List.of("ip", "nic", "cidr_netmask", "broadcast", "iflabel", "lvs_support",
                "arp_interval", "arp_count", "arp_count_refresh", "arp_bg", "arp_sender", "nodad", "preferred_lft",
                "network_namespace")), md.parameters().toString());
        assertTrue(md.actions().containsAll(List.of("start", "stop", "monitor", "meta-data", "validate-all")));
        org.w3c.dom.Element ip = (org.w3c.dom.Element) md.document().getElementsByTagName("parameter").item(0);
        assertEquals("ip", ip.getAttribute("name"));
        assertEquals("1", ip.getAttribute("required"));
        assertEquals("1", ip.getAttribute("unique"));
    }

    private void assertConfigError(Map<String, String> params, String expectedReasonPart) throws Exception {
        for (String action : List.of("validate-all", "start")) {
            ActionResult r = agent.execute(request(action, params));
            assertEquals(OcfExitCode.ERR_CONFIGURED, r.exitCode(), action + " " + params + ": " + r);
            assertTrue(r.reason().contains(expectedReasonPart), "reason '" + r.reason() + "' should mention " + expectedReasonPart);
        }
    }

    private static Map<String, String> with(String... kv) {
        Map<String, String> m = new HashMap<>(Map.of("ip", "10.203.0.10", "nic", "eth9", "cidr_netmask", "24"));
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void badParametersAreNotConfiguredWithReasons() throws Exception {
        assertConfigError(Map.of(), "IP address (the ip parameter) is mandatory");
        assertConfigError(with("ip", "10.0.0.300"), "ip: '10.0.0.300'");
        assertConfigError(with("ip", "www.example.com"), "not an IPv4 or IPv6 address");
        assertConfigError(with("cidr_netmask", "33"), "cidr_netmask");
        assertConfigError(with("cidr_netmask", "255.0.255.0"), "cidr_netmask");
        assertConfigError(with("arp_count", "0"), "arp_count");
        assertConfigError(with("arp_interval", "fast"), "arp_interval");
        assertConfigError(with("arp_sender", "carrier_pigeon"), "arp_sender");
        assertConfigError(with("arp_sender", "libnet_arping"), "not supported");
        assertConfigError(with("arp_bg", "maybe"), "arp_bg");
        assertConfigError(with("broadcast", "everyone"), "broadcast");
        assertConfigError(with("preferred_lft", ""), "preferred_lft");
        assertConfigError(with("ip", "fd00::10", "cidr_netmask", "64", "lvs_support", "true"), "IPv6 does not support lvs_support");
        assertConfigError(with("ip", "fd00::10", "cidr_netmask", "64", "iflabel", "x"), "IPv6 addresses have no labels");
        assertConfigError(with("run_arping", "true"), "run_arping");
        assertConfigError(with("network_namespace", "../etc"), "network_namespace");
    }

    @Test
    void parametersFollowIpaddr2Defaults() {
        VipParameters v4 = VipParameters.parse(Map.of("ip", "10.203.0.10", "cidr_netmask", "255.255.255.0", "nic", "eth0:web"));
        assertEquals(24, v4.prefixLength().getAsInt());
        assertEquals("eth0", v4.nic().orElseThrow());
        assertEquals("web", v4.labelSuffix(), "the deprecated nic:label form");
        assertTrue(v4.background(), "arp_bg defaults to true for IPv4");
        assertEquals(5, v4.arpCount());
        assertEquals(Duration.ofMillis(200), v4.arpInterval());
        VipParameters v6 = VipParameters.parse(Map.of("ip", "fd00::10"));
        assertEquals(false, v6.background(), "and to false for IPv6");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> v4.address("averylongnic", 24, java.util.Optional.empty()));
        assertTrue(e.getMessage().contains("exceeds maximum character limit of 15"), e.getMessage());
    }

    @Test
    void unknownActionIsUnimplemented() throws Exception {
        // the interface lookup needs a host: run it only where the agent can see an interface, else the config error wins
        ActionResult r = agent.execute(request("promote", Map.of("ip", "127.0.0.1", "nic", "lo", "cidr_netmask", "8")));
        assertTrue(r.exitCode() == OcfExitCode.ERR_UNIMPLEMENTED || r.exitCode() == OcfExitCode.ERR_INSTALLED, r.toString());
    }
}
