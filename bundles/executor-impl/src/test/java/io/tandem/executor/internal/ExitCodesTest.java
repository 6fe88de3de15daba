package io.tandem.executor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.OcfExitCode;
import io.tandem.executor.AgentId;
import io.tandem.executor.OperationSpec;
import io.tandem.executor.ResourceSpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exit-code normalisation, exit reasons and the environment, without running anything. */
class ExitCodesTest {
    @Test
    void ocfCodesOutsideTheRangeAreGenericErrors() {
        assertEquals(OcfExitCode.NOT_RUNNING, ExitCodes.ocf(7));
        assertEquals(OcfExitCode.FAILED_PROMOTED, ExitCodes.ocf(9));
        assertEquals(OcfExitCode.DEGRADED, ExitCodes.ocf(190));
        assertEquals(OcfExitCode.DEGRADED_PROMOTED, ExitCodes.ocf(191));
        assertEquals(OcfExitCode.ERR_GENERIC, ExitCodes.ocf(10));
        assertEquals(OcfExitCode.ERR_GENERIC, ExitCodes.ocf(137), "killed by a signal");
        assertEquals(OcfExitCode.ERR_GENERIC, ExitCodes.ocf(-1));
    }

    @Test
    void lsbStatusHasItsOwnCodes() {
        assertEquals(OcfExitCode.OK, ExitCodes.lsb("status", 0));
        assertEquals(OcfExitCode.NOT_RUNNING, ExitCodes.lsb("status", 1));
        assertEquals(OcfExitCode.NOT_RUNNING, ExitCodes.lsb("status", 2));
        assertEquals(OcfExitCode.NOT_RUNNING, ExitCodes.lsb("status", 3));
        assertEquals(OcfExitCode.ERR_GENERIC, ExitCodes.lsb("status", 4));
        assertEquals(OcfExitCode.ERR_INSTALLED, ExitCodes.lsb("status", 150));
        assertEquals(OcfExitCode.ERR_PERM, ExitCodes.lsb("status", 151));
        assertEquals(OcfExitCode.ERR_UNIMPLEMENTED, ExitCodes.lsb("start", 3));
        assertEquals(OcfExitCode.NOT_RUNNING, ExitCodes.lsb("stop", 7));
        assertEquals(OcfExitCode.ERR_GENERIC, ExitCodes.lsb("start", 8));
    }

    @Test
    void exitReasonIsTheLastOneUpToTheLineEnd() {
        assertEquals("b c", ExitCodes.exitReason("ocf-exit-reason:a\nlog\nocf-exit-reason: b c \nmore"));
        assertEquals("", ExitCodes.exitReason("nothing here"));
        assertEquals("tail", ExitCodes.exitReason("x ocf-exit-reason:tail"));
    }

    @Test
    void environmentFollowsPacemaker(@org.junit.jupiter.api.io.TempDir java.nio.file.Path work) {
        ExecutorSettings s = TestConfigs.settings(Map.of("workDirectory", work.toString(), "nodeName", "n1", "nodeUuid", "1",
                "toolsDirectory", "/nonexistent",
                "environment", new String[] {"HA_RSCTMP=/tmp/rsc"}));
        ResourceSpec r = new ResourceSpec("web-ip", AgentId.parse("ocf:heartbeat:IPaddr2"), Map.of("ip", "10.1.1.1", "my-param", "x"));
        Map<String, String> start = AgentEnvironment.ocf(s, r.agent(), r, OperationSpec.of("start", Duration.ofSeconds(30))
                .withMeta(Map.of("on-fail", "block")));
        assertEquals("10.1.1.1", start.get("OCF_RESKEY_ip"));
        assertEquals("x", start.get("OCF_RESKEY_my-param"), "names are kept verbatim");
        assertEquals("30000", start.get("OCF_RESKEY_CRM_meta_timeout"));
        assertEquals("block", start.get("OCF_RESKEY_CRM_meta_on_fail"), "meta names get _ for -");
        assertEquals("n1", start.get("OCF_RESKEY_CRM_meta_on_node"));
        assertEquals("1", start.get("OCF_RESKEY_CRM_meta_on_node_uuid"));
        assertEquals("/tmp/rsc", start.get("HA_RSCTMP"));
        assertFalse(start.containsKey("OCF_RESKEY_CRM_meta_interval"));
        assertFalse(start.containsKey("HA_SBIN_DIR"), "no HA_SBIN_DIR for a tools directory that does not exist");
        assertFalse(start.get("PATH").contains("/nonexistent"));
        Map<String, String> md = AgentEnvironment.ocf(s, r.agent(), r, OperationSpec.of("meta-data"));
        assertFalse(md.keySet().stream().anyMatch(k -> k.startsWith("OCF_RESKEY_")), "meta-data gets no parameters");
        assertTrue(md.containsKey("OCF_ROOT") && md.containsKey("OCF_RESOURCE_INSTANCE"));
        Map<String, String> promoted = AgentEnvironment.ocf(s, r.agent(), r, OperationSpec.monitor(Duration.ofSeconds(5),
                Duration.ofSeconds(20)).withRole("Promoted").withStartDelay(Duration.ofSeconds(2)));
        assertEquals("5000", promoted.get("OCF_RESKEY_CRM_meta_interval"));
        assertEquals("Promoted", promoted.get("OCF_RESKEY_CRM_meta_role"));
        assertEquals("2000", promoted.get("OCF_RESKEY_CRM_meta_start_delay"));
    }
}
