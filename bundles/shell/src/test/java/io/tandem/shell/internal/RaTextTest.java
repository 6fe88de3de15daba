package io.tandem.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.ActionResult;
import io.tandem.common.ExecStatus;
import io.tandem.common.OcfExitCode;
import io.tandem.executor.AgentId;
import io.tandem.executor.AgentMetadata;
import io.tandem.executor.OperationResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RaTextTest {
    static final String META = """
            <?xml version="1.0"?>
            <!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">
            <resource-agent name="Dummy" version="1.0">
            <version>1.0</version>
            <longdesc lang="en">This is a dummy OCF resource agent.</longdesc>
            <shortdesc lang="en">Example stateless resource agent</shortdesc>
            <parameters>
            <parameter name="state" unique="1">
            <longdesc lang="en">Location to store the resource state in.</longdesc>
            <shortdesc lang="en">State file</shortdesc>
            <content type="string" default="/run/resource-agents/Dummy-RESOURCE_ID.state" />
            </parameter>
            <parameter name="ip" required="1">
            <longdesc lang="en">The address.</longdesc>
            <shortdesc lang="en">IP</shortdesc>
            <content type="string"/>
            </parameter>
            </parameters>
            <actions>
            <action name="start"        timeout="20s" />
            <action name="monitor"      timeout="20s" interval="10s" depth="0"/>
            <action name="meta-data"    timeout="5s" />
            <action name="migrate_to"   timeout="90" />
            </actions>
            </resource-agent>
            """;

    @Test
    void infoLooksLikeCrmRaInfo() {
        String text = RaText.info(AgentId.parse("ocf:heartbeat:Dummy"), AgentMetadata.parse(META, "test"));
        assertEquals("""
                Example stateless resource agent (ocf:heartbeat:Dummy)

                This is a dummy OCF resource agent.

                Parameters (*: required, []: default):

                state (string, [/run/resource-agents/Dummy-RESOURCE_ID.state]): State file
                    Location to store the resource state in.

                ip* (string): IP
                    The address.

                Operations' defaults (advisory minimum):

                    start      timeout=20s
                    monitor    timeout=20s interval=10s depth=0
                    migrate_to timeout=1m30s
                """, text);
    }

    @Test
    void classesListsOcfProviders() {
        assertEquals("lsb\nocf / heartbeat pacemaker tandem\n", RaText.classes(List.of("lsb", "ocf"),
                List.of("heartbeat", "pacemaker", "tandem")));
        String cols = RaText.columns(List.of("Dummy", "IPaddr2", "mysql"));
        assertEquals("Dummy    IPaddr2  mysql\n", cols);
    }

    @Test
    void execResultShowsCodeStatusReasonAndOutput() {
        OperationResult r = new OperationResult("d1", AgentId.parse("ocf:heartbeat:Dummy"), "monitor", 0, 7,
                new ActionResult(ExecStatus.DONE, OcfExitCode.NOT_RUNNING, "No process state file found"), 7,
                0, 0, 12, 0, "x", "", "some log\n", false);
        assertEquals("""
                ocf:heartbeat:Dummy(d1) monitor: rc=7 (not running) status=done duration=12ms
                exit reason: No process state file found
                --- stderr ---
                some log
                """, RaText.execResult(r));
        assertTrue(RaExecCommand.pairs(List.of("a=b=c"), "parameter").equals(Map.of("a", "b=c")));
    }
}
