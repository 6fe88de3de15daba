package io.tandem.vip;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/** The result of {@link IpStack#findInterface}: device, prefix length and (IPv4) broadcast address to use. */
public record InterfaceMatch(String device, int prefixLength, Optional<InetAddress> broadcast) {
    public InterfaceMatch {
        VirtualAddress.checkDevice(device);
        Objects.requireNonNull(broadcast, "broadcast");
        if (prefixLength < 0 || prefixLength > 128) {
            throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
        }
        broadcast.ifPresent(b -> {
            if (!(b instanceof Inet4Address)) {
                throw new IllegalArgumentException("a broadcast address is IPv4: " + b.getHostAddress());
            }
        });
    }
}
