package io.tandem.messaging.udp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.messaging.udp.internal.UdpTransport.Endpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which link a received datagram counts for (the per-link peer state of ha:links depends on it). */
class UdpTransportAttributionTest {
    private static InetSocketAddress at(String host, int port) {
        return new InetSocketAddress(host, port);
    }

    private static Ipv4Subnet net(String address, int prefix) throws Exception {
        return Ipv4Subnet.of(InetAddress.getByName(address), prefix);
    }

    private static Endpoint ucast(String peer) {
        return new Endpoint(false, at(peer, 694), List.of());
    }

    private static Endpoint group(String destination, Ipv4Subnet device) {
        return new Endpoint(true, at(destination, 694), List.of(device));
    }

    @Test
    void ucastLinesSharingASocketAreToldApartByThePeerAddress() {
        List<Endpoint> all = List.of(ucast("10.1.1.2"), ucast("10.1.1.3"), new Endpoint(false, at("10.1.1.4", 7000), List.of()));
        List<Integer> socket = List.of(0, 1, 2);
        assertEquals(1, UdpTransport.attribute(all, socket, at("10.1.1.3", 694)));
        assertEquals(2, UdpTransport.attribute(all, socket, at("10.1.1.4", 7000)));
        assertEquals(2, UdpTransport.attribute(all, socket, at("10.1.1.4", 40000)), "same host, other source port");
        assertEquals(0, UdpTransport.attribute(all, socket, at("10.9.9.9", 694)), "unknown sender: first line");
    }

    @Test
    void aSocketWithOneLinkTakesEverythingThatIsNotAnotherLinksCopy() throws Exception {
        List<Endpoint> all = List.of(group("239.77.1.1", net("10.77.1.1", 24)), group("10.77.2.255", net("10.77.2.1", 24)),
                ucast("10.77.3.2"));
        assertEquals(0, UdpTransport.attribute(all, List.of(0), at("10.77.1.2", 694)));
        assertEquals(1, UdpTransport.attribute(all, List.of(1), at("10.77.2.2", 694)));
        assertEquals(0, UdpTransport.attribute(all, List.of(0), at("10.77.2.2", 694)),
                "other destination: not a copy of the bcast link's datagram");
        assertEquals(2, UdpTransport.attribute(all, List.of(2), at("10.77.1.2", 694)));
    }

    @Test
    void theSameGroupOnTwoDevicesCountsForTheDeviceWhoseNetworkSentIt() throws Exception {
        // mcast eth1 225.0.0.1 694 1 0 + mcast eth2 225.0.0.1 694 1 0: the kernel gives both sockets every copy
        List<Endpoint> all = Arrays.asList(group("225.0.0.1", net("10.77.1.1", 24)), null,
                group("225.0.0.1", net("10.77.2.1", 24)));
        assertEquals(0, UdpTransport.attribute(all, List.of(0), at("10.77.1.2", 694)));
        assertEquals(-1, UdpTransport.attribute(all, List.of(0), at("10.77.2.2", 694)));
        assertEquals(2, UdpTransport.attribute(all, List.of(2), at("10.77.2.2", 694)));
        assertEquals(-1, UdpTransport.attribute(all, List.of(2), at("10.77.1.2", 694)));
        assertEquals(0, UdpTransport.attribute(all, List.of(0), at("192.0.2.7", 694)), "routed from afar: each socket keeps it");
        assertEquals(2, UdpTransport.attribute(all, List.of(2), at("192.0.2.7", 694)));
    }
}
