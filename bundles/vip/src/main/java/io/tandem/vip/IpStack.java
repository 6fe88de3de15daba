package io.tandem.vip;

import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;
import org.osgi.annotation.versioning.ProviderType;

/** Addresses of one network namespace. Every method may block for the duration of a command (milliseconds). */
@ProviderType
public interface IpStack {
    /**
     * Which interface an address belongs on, as IPaddr2's findif decides: the most specific directly connected
     * route that contains the address (only on {@code device} if given); the prefix comes from that route unless
     * given; the IPv4 broadcast address from an address already configured in that network.
     *
     * @throws VipException NO_INTERFACE when no route matches and device and prefix are not both given
     */
    InterfaceMatch findInterface(InetAddress address, OptionalInt prefixLength, Optional<String> device)
            throws VipException, InterruptedException;

    /**
     * Where the address is configured now, whatever the routes say (IPaddr2's find_interface): its device,
     * prefix and broadcast address; empty if it is on no interface. When a link goes down its connected route
     * goes with it, so only this finds the address again.
     */
    Optional<InterfaceMatch> locate(InetAddress address) throws VipException, InterruptedException;

    /** Adds the address (and brings the device up, as IPaddr2 does); adding an address that is there is a no-op. */
    void add(VirtualAddress address) throws VipException, InterruptedException;

    /** Removes the address and stops its announcements; returns false if it was not there. */
    boolean remove(VirtualAddress address) throws VipException, InterruptedException;

    /** Whether the address is on its device and whether that device's link is usable. */
    AddressState state(VirtualAddress address) throws VipException, InterruptedException;

    /**
     * Tells the neighbours: gratuitous ARP for IPv4, unsolicited neighbour advertisements for IPv6. In the
     * foreground this returns when the sender has finished and fails if it failed; in the background it returns
     * once the sender runs, and a later announcement or {@link #remove} of the same address stops it.
     */
    void announce(VirtualAddress address, Announcement announcement) throws VipException, InterruptedException;
}
