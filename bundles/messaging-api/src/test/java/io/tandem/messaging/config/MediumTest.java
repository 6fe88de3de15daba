package io.tandem.messaging.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MediumTest {
    @Test
    void parsesTheThreeHaCfMedia() {
        List<Medium> m = Medium.parseAll(new String[] {"ucast eth1 10.1.1.2", "mcast  eth0 225.0.0.1 694 1 0",
                "bcast eth3", "ucast lo 127.0.0.1:7001"}, 694);
        assertEquals(new Medium.Ucast("ucast eth1 10.1.1.2", "eth1", "10.1.1.2", 694), m.get(0));
        assertEquals("ucast:eth1:10.1.1.2", m.get(0).name());
        assertEquals(new Medium.Mcast("mcast eth0 225.0.0.1 694 1 0", "eth0", "225.0.0.1", 694, 1, false), m.get(1));
        assertEquals(new Medium.Bcast("bcast eth3", "eth3", 694), m.get(2));
        assertEquals(7001, ((Medium.Ucast) m.get(3)).port());
        assertEquals("ucast:lo:127.0.0.1:7001", m.get(3).name());
    }

    @Test
    void aSingleCfgStringMayHoldSeveralLines() {
        assertEquals(2, Medium.parseAll(new String[] {"ucast eth1 10.1.1.2, bcast eth0"}, 694).size());
    }

    @Test
    void errorsNameTheLineAndTheField() {
        assertError("ucast eth1", "media line 1 'ucast eth1': expected 'ucast DEV PEER[:PORT]'");
        assertError("ucast eth1 10.0.0.1:99999", "PORT '99999'");
        assertError("mcast eth0 10.0.0.1 694 1 0", "GROUP '10.0.0.1'");
        assertError("mcast eth0 225.0.0.1 694 1 2", "LOOP '2'");
        assertError("mcast eth0 225.0.0.1 694 300 0", "TTL '300'");
        assertError("serial /dev/ttyS0", "unknown medium 'serial'");
        assertError("bcast eth0 eth1", "one device per line");
    }

    @Test
    void heartbeatsRulesForPeersAndTtl() {
        assertError("ucast eth1 10.0.0.300", "PEER '10.0.0.300' is not an IPv4 address or host name");
        assertError("ucast eth1 a_b", "PEER 'a_b'");
        assertError("mcast eth0 225.0.0.1 694 0 0", "TTL '0' must be a number in 1..255");
        assertError("mcast eth1 225.0.0.1 694 1", "expected 'mcast DEV GROUP PORT TTL LOOP', got 4 argument(s)");
        assertError("bcast eth-with-a-far-too-long-name", "DEV 'eth-with-a-far-too-long-name'");
        assertEquals("node-b.example.com", ((Medium.Ucast) Medium.parse("ucast eth1 node-b.example.com", 694, "x")).host());
    }

    @Test
    void theProblemAloneIsAvailableForCallersThatNameTheLineThemselves() {
        MediumException e = assertThrows(MediumException.class, () -> Medium.parse("mcast  eth0 225.0.0.1 694 300 0", 694,
                "ha.cf line 7"));
        assertEquals("ha.cf line 7 'mcast eth0 225.0.0.1 694 300 0': TTL '300' must be a number in 1..255", e.getMessage());
        assertEquals("mcast eth0 225.0.0.1 694 300 0", e.line());
        assertEquals("TTL '300' must be a number in 1..255", e.problem());
    }

    private static void assertError(String line, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Medium.parseAll(new String[] {line}, 694));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
