package io.tandem.executor.internal;

import static io.tandem.executor.internal.RealSystem.run;
import static io.tandem.executor.internal.RealSystem.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.OcfExitCode;
import io.tandem.executor.AgentId;
import io.tandem.executor.OperationResult;
import io.tandem.executor.OperationSpec;
import io.tandem.executor.ResourceSpec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ocf:heartbeat:IPaddr2, unmodified, inside a network namespace this test creates: the executor's
 * {@code commandPrefix} is {@code ip netns exec NS}, so every agent process (and the send_arp it leaves behind)
 * lives in the namespace, and the host's interfaces are never touched. A peer namespace on the other end of a
 * veth pair checks that the address answers.
 */
class IPaddr2NetnsTest {
    private String ns;
    private String peer;
    private ExecutorRuntime executor;

    @BeforeEach
    void setUp() throws Exception {
        RealSystem.assumeOcf();
        RealSystem.assumeCommand("/usr/sbin/ip");
        String unique = "tdm" + ProcessHandle.current().pid() + "x" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
        ns = unique + "-a";
        peer = unique + "-b";
        sh(true, "ip", "netns", "add", ns);
        sh(true, "ip", "netns", "add", peer);
        sh(true, "ip", "-n", ns, "link", "add", "vp0", "type", "veth", "peer", "name", "vp1");
        sh(true, "ip", "-n", ns, "link", "set", "vp1", "netns", peer);
        sh(true, "ip", "-n", ns, "addr", "add", "10.250.0.1/24", "dev", "vp0");
        sh(true, "ip", "-n", ns, "link", "set", "vp0", "up");
        sh(true, "ip", "-n", ns, "link", "set", "lo", "up");
        sh(true, "ip", "-n", peer, "addr", "add", "10.250.0.2/24", "dev", "vp1");
        sh(true, "ip", "-n", peer, "link", "set", "vp1", "up");
        executor = RealSystem.runtime(Map.of("commandPrefix", new String[] {"/usr/sbin/ip", "netns", "exec", ns}));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (executor != null) {
            executor.close();
        }
        if (ns != null) {
            sh(false, "ip", "netns", "del", ns);
            sh(false, "ip", "netns", "del", peer);
        }
    }

    @Test
    void startMonitorStopAVirtualAddress() throws Exception {
        ResourceSpec vip = new ResourceSpec("vip1", AgentId.parse("ocf:heartbeat:IPaddr2"),
                Map.of("ip", "10.250.0.10", "cidr_netmask", "24", "nic", "vp0"));
        assertEquals(OcfExitCode.NOT_RUNNING, run(executor, vip, OperationSpec.probe(Duration.ofSeconds(20))).exitCode());
        OperationResult start = run(executor, vip, OperationSpec.of("start"));
        assertTrue(start.result().isSuccess(), start + "\n" + start.stderr());
        assertTrue(start.execMillis() < 900, "completion at agent exit, not when the background send_arp lets go"
                + " of stderr (about 1 s): " + start.execMillis() + " ms");
        assertTrue(sh(true, "ip", "-n", ns, "-4", "addr", "show", "dev", "vp0").contains("10.250.0.10/24"));
        assertFalse(sh(true, "ip", "-4", "addr", "show").contains("10.250.0.10"), "the host is untouched");
        assertEquals(OcfExitCode.OK, run(executor, vip, OperationSpec.monitor(Duration.ofSeconds(10), Duration.ofSeconds(20))).exitCode());
        executor.cancelAll("vip1");
        sh(true, "ip", "netns", "exec", peer, "ping", "-c", "1", "-W", "2", "10.250.0.10");
        OperationResult stop = run(executor, vip, OperationSpec.of("stop"));
        assertTrue(stop.result().isSuccess(), stop + "\n" + stop.stderr());
        assertFalse(sh(true, "ip", "-n", ns, "-4", "addr", "show", "dev", "vp0").contains("10.250.0.10"));
        assertEquals(OcfExitCode.NOT_RUNNING, run(executor, vip, OperationSpec.probe(Duration.ofSeconds(20))).exitCode());

        ResourceSpec badNic = new ResourceSpec("vip2", AgentId.parse("ocf:heartbeat:IPaddr2"),
                Map.of("ip", "10.250.0.11", "cidr_netmask", "24", "nic", "nosuchnic0"));
        OperationResult bad = run(executor, badNic, OperationSpec.of("start"));
        assertEquals(OcfExitCode.ERR_CONFIGURED, bad.exitCode(), bad + "\n" + bad.stderr());
        assertFalse(bad.exitReason().isEmpty());
        ResourceSpec noIp = new ResourceSpec("vip3", AgentId.parse("ocf:heartbeat:IPaddr2"), Map.of("nic", "vp0"));
        OperationResult none = run(executor, noIp, OperationSpec.of("start"));
        assertEquals(OcfExitCode.ERR_CONFIGURED, none.exitCode());
        assertEquals("IP address (the ip parameter) is mandatory", none.exitReason());
    }
}
