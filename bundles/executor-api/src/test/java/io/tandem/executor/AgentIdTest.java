package io.tandem.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AgentIdTest {
    @Test
    void parsesTheThreeShapes() {
        assertEquals(new AgentId("ocf", "heartbeat", "IPaddr2"), AgentId.parse("ocf:heartbeat:IPaddr2"));
        assertEquals(new AgentId("lsb", "", "rsync"), AgentId.parse("lsb:rsync"));
        assertEquals(new AgentId("systemd", "", "getty@tty1.service"), AgentId.parse("systemd:getty@tty1.service"));
        assertEquals("ocf:tandem:Dummy", AgentId.parse(" ocf:tandem:Dummy ").toString());
        assertEquals("lsb:rsync", AgentId.parse("lsb:rsync").toString());
    }

    @Test
    void rejectsMalformedNames() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AgentId.parse("ocf:Dummy")).getMessage()
                .contains("CLASS:PROVIDER:TYPE"));
        assertThrows(IllegalArgumentException.class, () -> AgentId.parse("Dummy"));
        assertThrows(IllegalArgumentException.class, () -> AgentId.parse("ocf:heartbeat:"));
        assertThrows(IllegalArgumentException.class, () -> AgentId.parse("ocf:heartbeat:../../bin/sh"));
        assertThrows(IllegalArgumentException.class, () -> AgentId.parse("lsb:a/b"));
    }
}
