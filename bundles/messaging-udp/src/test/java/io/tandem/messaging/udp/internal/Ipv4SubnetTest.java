package io.tandem.messaging.udp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class Ipv4SubnetTest {
    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void broadcastSetsTheHostBits() throws Exception {
        assertEquals(ip("10.77.2.255"), Ipv4Subnet.of(ip("10.77.2.1"), 24).broadcast());
        assertEquals(ip("192.168.7.127"), Ipv4Subnet.of(ip("192.168.7.100"), 25).broadcast());
        assertEquals(ip("172.31.255.255"), Ipv4Subnet.of(ip("172.16.0.9"), 12).broadcast());
        assertEquals(ip("10.0.0.3"), Ipv4Subnet.of(ip("10.0.0.1"), 30).broadcast());
        assertEquals(ip("255.255.255.255"), Ipv4Subnet.of(ip("10.0.0.1"), 0).broadcast());
    }

    @Test
    void pointToPointNetworksHaveNoBroadcastAddress() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> Ipv4Subnet.of(ip("10.0.0.1"), 31).broadcast());
        assertThrows(IllegalArgumentException.class, () -> Ipv4Subnet.of(ip("10.0.0.1"), 32).broadcast());
    }

    @Test
    void containsComparesOnlyTheNetworkBits() throws Exception {
        Ipv4Subnet eth2 = Ipv4Subnet.of(ip("10.77.2.1"), 24);
        assertTrue(eth2.contains(ip("10.77.2.200")));
        assertTrue(eth2.contains(ip("10.77.2.255")));
        assertFalse(eth2.contains(ip("10.77.1.2")));
        assertFalse(eth2.contains(ip("10.77.3.2")));
        assertTrue(Ipv4Subnet.of(ip("10.0.0.1"), 0).contains(ip("8.8.8.8")));
        assertTrue(Ipv4Subnet.of(ip("10.0.0.1"), 32).contains(ip("10.0.0.1")));
        assertFalse(Ipv4Subnet.of(ip("10.0.0.1"), 32).contains(ip("10.0.0.2")));
        assertTrue(Ipv4Subnet.of(ip("200.1.2.3"), 8).contains(ip("200.255.0.0")), "high bit set: no sign trouble");
        assertFalse(eth2.contains(ip("::1")));
    }

    @Test
    void rejectsImpossiblePrefixesAndIpv6() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> Ipv4Subnet.of(ip("10.0.0.1"), 33));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Subnet.of(ip("::1"), 64));
        assertEquals("10.77.2.1/24", Ipv4Subnet.of(ip("10.77.2.1"), 24).toString());
    }
}
