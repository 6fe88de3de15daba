package io.tandem.vip.internal;

import io.tandem.testkit.net.NetworkNamespaces;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.vip.AddressState;
import io.tandem.vip.Announcement;
import io.tandem.vip.InterfaceMatch;
import io.tandem.vip.IpStack;
import io.tandem.vip.VipException;
import io.tandem.vip.VirtualAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real thing: addresses in a network namespace this test creates, announcements seen by a peer namespace. */
class VipNamespaceTest {
    private final VirtualIpComponent service = new VirtualIpComponent(new ProcessCommandRunner(), Tools.debian(), Duration.ofSeconds(10));

    @Test
    void ipv4AddAnnounceLinkDownRemove() throws Exception {
        try (NetworkNamespaces ns = NetworkNamespaces.create("tqv", 201, "v4")) {
            IpStack stack = service.namespace(ns.main);
            String vip = ns.network + ".10";
            InterfaceMatch m = stack.findInterface(VirtualAddress.parseLiteral(vip), OptionalInt.empty(), Optional.empty());
            assertEquals(ns.device, m.device());
            assertEquals(24, m.prefixLength());

            VirtualAddress a = new VirtualAddress(VirtualAddress.parseLiteral(vip), 24, ns.device, Optional.empty(), "+",
                    ns.device + ":vip", "forever", false);
            assertEquals(AddressState.ABSENT, stack.state(a));
            stack.add(a);
            stack.add(a);
            String shown = ns.sh("ip", "netns", "exec", ns.main, "ip", "addr");
            assertTrue(shown.contains("inet " + vip + "/24 brd " + ns.network + ".255 scope global secondary " + ns.device + ":vip"), shown);
            assertEquals(AddressState.ACTIVE, stack.state(a));

            assumeTrue(Files.isExecutable(Tools.debian().sendArp()), "resource-agents' send_arp is not installed: skipped");
            stack.announce(a, new Announcement(2, Duration.ofMillis(20), Announcement.ArpSender.SEND_ARP, false));
            String neighbour = ns.peerNeighbour(vip);
            assertTrue(neighbour.contains("lladdr " + ns.mac()), "the peer learnt the VIP's MAC from the gratuitous ARP: '" + neighbour + "'");

            ns.sh("ip", "-n", ns.peer, "neigh", "flush", "all");
            assumeTrue(Files.isExecutable(Tools.debian().arping()), "iputils arping is not installed: skipped");
            stack.announce(a, new Announcement(1, Duration.ofMillis(200), Announcement.ArpSender.IPUTILS_ARPING, false));
            assertTrue(ns.peerNeighbour(vip).contains("lladdr " + ns.mac()), "arping -U reached the peer");

            ns.sh("ip", "-n", ns.main, "link", "set", ns.device, "down");
            assertEquals(AddressState.LINK_DOWN, stack.state(a));
            ns.sh("ip", "-n", ns.main, "link", "set", ns.device, "up");

            assertTrue(stack.remove(a));
            assertEquals(AddressState.ABSENT, stack.state(a));
            assertTrue(!ns.sh("ip", "netns", "exec", ns.main, "ip", "addr").contains(vip + "/"));
            assertEquals(false, stack.remove(a));
        }
    }

    @Test
    void backgroundAnnouncerIsStoppedByRemove() throws Exception {
        try (NetworkNamespaces ns = NetworkNamespaces.create("tqv", 201, "bg")) {
            assumeTrue(Files.isExecutable(Tools.debian().sendArp()), "resource-agents' send_arp is not installed: skipped");
            IpStack stack = service.namespace(ns.main);
            VirtualAddress a = VirtualAddress.of(VirtualAddress.parseLiteral(ns.network + ".11"), 24, ns.device);
            stack.add(a);
            stack.announce(a, new Announcement(100, Duration.ofSeconds(1), Announcement.ArpSender.SEND_ARP, true));
            assertEquals(1, service.backgroundAnnouncers());
            stack.remove(a);
            assertEquals(0, service.backgroundAnnouncers());
        }
    }

    @Test
    void ipv6AddAndUnsolicitedNeighbourAdvertisement() throws Exception {
        try (NetworkNamespaces ns = NetworkNamespaces.create("tqv", 201, "v6")) {
            IpStack stack = service.namespace(ns.main);
            InterfaceMatch m = stack.findInterface(VirtualAddress.parseLiteral("fd00:201::10"), OptionalInt.empty(), Optional.empty());
            assertEquals(new InterfaceMatch(ns.device, 64, Optional.empty()), m);
            VirtualAddress a = new VirtualAddress(VirtualAddress.parseLiteral("fd00:201::10"), 64, ns.device, Optional.empty(), "", "",
                    "forever", false);
            stack.add(a);
            assertTrue(ns.sh("ip", "netns", "exec", ns.main, "ip", "-6", "addr").contains("fd00:201::10/64"));
            assumeTrue(Files.isExecutable(Tools.debian().sendUa()), "resource-agents' send_ua is not installed: skipped");
            stack.announce(a, new Announcement(2, Duration.ofMillis(20), Announcement.ArpSender.SEND_ARP, false));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            String neighbour = ns.peerNeighbour("fd00:201::10");
            while (!neighbour.contains("lladdr") && System.nanoTime() < deadline) {
                neighbour = ns.peerNeighbour("fd00:201::10");
            }
            assertTrue(neighbour.contains("lladdr " + ns.mac()), "the peer learnt the VIP from the unsolicited NA: '" + neighbour + "'");
            assertTrue(stack.remove(a));
            assertEquals(AddressState.ABSENT, stack.state(a));
        }
    }

    @Test
    void unknownNamespaceOrDeviceIsNoInterface() throws Exception {
        NetworkNamespaces.assumeRootWithIp();
        VipException e = assertThrows(VipException.class,
                () -> service.namespace("tqv-none-" + ProcessHandle.current().pid()).state(VirtualAddress.of(VirtualAddress.parseLiteral("10.9.9.9"), 24, "x0")));
        assertEquals(VipException.Kind.NO_INTERFACE, e.kind());
        try (NetworkNamespaces ns = NetworkNamespaces.create("tqv", 201, "nodev")) {
            VipException f = assertThrows(VipException.class, () -> service.namespace(ns.main)
                    .findInterface(VirtualAddress.parseLiteral(ns.network + ".10"), OptionalInt.of(24), Optional.of("nosuch0")));
            assertEquals(VipException.Kind.NO_INTERFACE, f.kind());
        }
    }
}
