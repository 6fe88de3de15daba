package io.tandem.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentMetadataTest {
    // Abridged from what ocf:heartbeat:Dummy 4.12 prints, DOCTYPE included (it must not be fetched).
    static final String DUMMY = """
            <?xml version="1.0"?>
            <!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">
            <resource-agent name="Dummy" version="1.0">
            <version>1.0</version>
            <longdesc lang="en">
            This is a dummy OCF resource agent.
            </longdesc>
            <shortdesc lang="en">Example stateless resource agent</shortdesc>
            <parameters>
            <parameter name="state" unique="1">
            <longdesc lang="en">Location to store the resource state in.</longdesc>
            <shortdesc lang="en">State file</shortdesc>
            <content type="string" default="/run/resource-agents/Dummy-RESOURCE_ID.state" />
            </parameter>
            <parameter name="mode" required="1" reloadable="1">
            <shortdesc lang="de">Modus</shortdesc>
            <shortdesc lang="en">Mode</shortdesc>
            <content type="select" default="a"><option value="a"/><option value="b"/></content>
            </parameter>
            </parameters>
            <actions>
            <action name="start"        timeout="20s" />
            <action name="monitor"      timeout="20s" interval="10s" depth="0"/>
            <action name="monitor"      timeout="30" interval="11s" role="Promoted"/>
            <action name="monitor"      timeout="1m" interval="60s" depth="10"/>
            <action name="meta-data"    timeout="5s" />
            </actions>
            </resource-agent>
            """;

    @Test
    void parsesParametersAndActions() {
        AgentMetadata md = AgentMetadata.parse(DUMMY, "ocf:heartbeat:Dummy");
        assertEquals("Dummy", md.name());
        assertEquals("1.0", md.ocfVersion());
        assertEquals("Example stateless resource agent", md.shortDescription());
        assertEquals("This is a dummy OCF resource agent.", md.longDescription());
        AgentParameter state = md.parameter("state").orElseThrow();
        assertTrue(state.unique());
        assertFalse(state.required());
        assertEquals("/run/resource-agents/Dummy-RESOURCE_ID.state", state.defaultValue());
        AgentParameter mode = md.parameter("mode").orElseThrow();
        assertEquals("Mode", mode.shortDescription());
        assertEquals(List.of("a", "b"), mode.options());
        assertTrue(mode.required() && mode.reloadable());
        assertEquals(5, md.actions().size());
        AgentAction monitor = md.action("monitor").orElseThrow();
        assertEquals(Duration.ofSeconds(10), monitor.interval());
        assertEquals(0, monitor.depth());
        assertEquals(Duration.ofSeconds(30), md.actions().get(2).timeout());
        assertEquals("Promoted", md.actions().get(2).role());
        assertEquals(Duration.ofMinutes(1), md.actions().get(3).timeout());
        assertTrue(md.supports("meta-data"));
        assertFalse(md.supports("promote"));
    }

    @Test
    void namesTheSourceAndLineOfBadXml() {
        AgentMetadataException e = assertThrows(AgentMetadataException.class,
                () -> AgentMetadata.parse("<resource-agent name=\"x\">\n<actions>\n</resource-agent>", "ocf:x:y"));
        assertTrue(e.getMessage().startsWith("ocf:x:y: meta-data line 3"), e.getMessage());
        e = assertThrows(AgentMetadataException.class, () -> AgentMetadata.parse("<agent/>", "ocf:x:y"));
        assertTrue(e.getMessage().contains("expected <resource-agent>"), e.getMessage());
        e = assertThrows(AgentMetadataException.class, () -> AgentMetadata.parse(
                "<resource-agent name='x'><actions><action name='start' timeout='soon'/></actions></resource-agent>", "ocf:x:y"));
        assertTrue(e.getMessage().contains("timeout 'soon'"), e.getMessage());
    }

    @Test
    void durationsFollowPacemakerSyntax() {
        assertEquals(Duration.ofSeconds(20), Durations.parse("20"));
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofMinutes(2), Durations.parse("2min"));
        assertEquals(Duration.ofSeconds(90), Durations.parse("PT90S"));
        assertEquals("1m30s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("20s", Durations.format(Duration.ofSeconds(20)));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("20 parsecs"));
    }
}
