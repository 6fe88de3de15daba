package io.tandem.membership.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.NodeId;
import io.tandem.membership.NoQuorumPolicy;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class MembershipSettingsTest {
    private static MembershipSettings from(Consumer<TestConfig> change) {
        TestConfig config = new TestConfig();
        change.accept(config);
        return MembershipSettings.from(config);
    }

    private static void assertRejected(String property, Consumer<TestConfig> change) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> from(change));
        assertTrue(e.getMessage().startsWith(property), "message names " + property + ": " + e.getMessage());
    }

    @Test
    void readsTheContractDefaults() {
        MembershipSettings settings = from(c -> { });
        assertEquals(List.of(NodeId.of("a"), NodeId.of("b")), settings.nodes());
        assertEquals(30000, settings.deadTimeMillis());
        assertEquals(NoQuorumPolicy.STOP, settings.noQuorumPolicy());
        assertEquals(1000, settings.settleMillis());
        assertEquals(5000, settings.proposalTimeoutMillis());
    }

    @Test
    void acceptsNodeListsWrittenAsOneValueAndSortsThem() {
        MembershipSettings settings = from(c -> c.nodes = new String[] {"prmdbrw01, prmdbbk01", "node3"});
        assertEquals(List.of(NodeId.of("node3"), NodeId.of("prmdbbk01"), NodeId.of("prmdbrw01")), settings.nodes());
    }

    @Test
    void readsPingLinesLikeHaCf() {
        MembershipSettings settings = from(c -> c.pingNodes = new String[] {"ping 192.168.33.1",
            "ping_group group1 10.10.10.254 10.10.10.253"});
        assertEquals(List.of(new PingTarget("192.168.33.1", List.of("192.168.33.1"), false),
                new PingTarget("group1", List.of("10.10.10.254", "10.10.10.253"), true)), settings.pingTargets());
        assertEquals(2, PingTarget.parse("ping 10.0.0.1 10.0.0.2").size(), "one ping line may name several ping nodes");
    }

    @Test
    void badValuesAreRejectedNamingTheProperty() {
        assertRejected("deadTimeMillis", c -> c.deadTimeMillis = 0);
        assertRejected("warnTimeMillis", c -> c.warnTimeMillis = 30000);
        assertRejected("initDeadMillis", c -> c.initDeadMillis = 1000);
        assertRejected("expectedVotes", c -> c.expectedVotes = -1);
        assertRejected("nodes", c -> c.nodes = new String[] {"bad name!"});
        assertRejected("noQuorumPolicy", c -> c.noQuorumPolicy = "panic");
        assertRejected("pingNodes", c -> c.pingNodes = new String[] {"ping"});
        assertRejected("pingNodes", c -> c.pingNodes = new String[] {"ping_group g"});
        assertRejected("pingNodes", c -> c.pingNodes = new String[] {"hbaping fc-card"});
        assertRejected("pingNodes", c -> c.pingNodes = new String[] {"ping 10.0.0.1", "ping 10.0.0.1"});
        assertRejected("pingIntervalMillis", c -> c.pingIntervalMillis = 0);
        assertRejected("deadPingMillis", c -> c.deadPingMillis = 10);
        assertRejected("pingMultiplier", c -> c.pingMultiplier = 0);
    }

    @Test
    void stateDirectoryDefaultsToKarafData() {
        assertEquals(java.nio.file.Path.of("/var/karaf/data", "tandem"), MembershipService.stateDirectory("", "/var/karaf/data"));
        assertEquals(java.nio.file.Path.of("/srv/ha"), MembershipService.stateDirectory(" /srv/ha ", null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MembershipService.stateDirectory("", null));
        assertTrue(e.getMessage().startsWith("stateDirectory"));
    }
}
