package io.tandem.vip;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One address to put on a device.
 *
 * @param address           the IPv4 or IPv6 address
 * @param prefixLength      0..32 or 0..128
 * @param device            the interface name (at most 15 characters, as the kernel allows)
 * @param broadcast         IPv4 only: empty for none, or an address; see {@link #broadcastArgument()}
 * @param broadcastSpecial  IPv4 only: "+" (host bits set) or "-" (cleared) as ip(8) takes them, or empty
 * @param label             IPv4 only: empty, or the full label starting with {@code device:} (at most 15 characters)
 * @param preferredLifetime IPv6 only: "forever" or seconds (0 marks the address deprecated)
 * @param noDad             IPv6 only: skip duplicate address detection
 */
public record VirtualAddress(InetAddress address, int prefixLength, String device, Optional<InetAddress> broadcast,
                             String broadcastSpecial, String label, String preferredLifetime, boolean noDad) {
    public VirtualAddress {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(broadcast, "broadcast");
        Objects.requireNonNull(broadcastSpecial, "broadcastSpecial");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(preferredLifetime, "preferredLifetime");
        checkDevice(device);
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length of " + address.getHostAddress() + " must be 0.." + max + ": " + prefixLength);
        }
        boolean v6 = address instanceof Inet6Address;
        if (v6 && (broadcast.isPresent() || !broadcastSpecial.isEmpty())) {
            throw new IllegalArgumentException("IPv6 addresses have no broadcast address");
        }
        if (broadcast.isPresent() && !broadcastSpecial.isEmpty()) {
            throw new IllegalArgumentException("give a broadcast address or '+'/'-', not both");
        }
        if (!broadcastSpecial.isEmpty() && !broadcastSpecial.equals("+") && !broadcastSpecial.equals("-")) {
            throw new IllegalArgumentException("broadcast must be an address, '+' or '-': " + broadcastSpecial);
        }
        broadcast.ifPresent(b -> {
            if (!(b instanceof Inet4Address)) {
                throw new IllegalArgumentException("broadcast must be an IPv4 address: " + b.getHostAddress());
            }
        });
        if (!label.isEmpty()) {
            if (v6) {
                throw new IllegalArgumentException("IPv6 addresses have no labels");
            }
            if (!label.startsWith(device + ":") || label.length() > 15 || label.chars().anyMatch(c -> c <= ' ' || c == '/')) {
                throw new IllegalArgumentException("label must be '" + device + ":NAME', at most 15 characters, no blanks: '" + label + "'");
            }
        }
        if (!preferredLifetime.equals("forever") && !preferredLifetime.matches("[0-9]{1,10}")) {
            throw new IllegalArgumentException("preferred lifetime must be 'forever' or seconds: '" + preferredLifetime + "'");
        }
        if (!v6 && (noDad || !preferredLifetime.equals("forever"))) {
            throw new IllegalArgumentException("nodad and preferred lifetime apply to IPv6 addresses only");
        }
    }

    /** An address with no broadcast, label or lifetime options. */
    public static VirtualAddress of(InetAddress address, int prefixLength, String device) {
        return new VirtualAddress(address, prefixLength, device, Optional.empty(), "", "", "forever", false);
    }

    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /** What follows {@code brd} on the ip command line, empty for no broadcast. */
    public String broadcastArgument() {
        return broadcast.map(InetAddress::getHostAddress).orElse(broadcastSpecial);
    }

    /** {@code 10.0.0.5/24}, {@code fd00::5/64}. */
    public String cidr() {
        return address.getHostAddress() + "/" + prefixLength;
    }

    /** The kernel's rules for interface names: 1..15 bytes, no '/', ':' or blanks, not "." or "..". */
    static void checkDevice(String device) {
        Objects.requireNonNull(device, "device");
        if (device.isEmpty() || device.length() > 15 || device.equals(".") || device.equals("..")
                || device.chars().anyMatch(c -> c <= ' ' || c == '/' || c == ':' || c > 126)) {
            throw new IllegalArgumentException("not an interface name: '" + device + "'");
        }
    }

    /** Parses an IP literal without ever asking DNS. */
    public static InetAddress parseLiteral(String text) {
        String t = text == null ? "" : text.trim();
        boolean v4 = t.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        boolean v6 = t.contains(":") && t.matches("[0-9a-fA-F:.]+");
        if (!v4 && !v6) {
            throw new IllegalArgumentException("not an IPv4 or IPv6 address: '" + t + "'");
        }
        if (v4) {
            for (String part : t.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    throw new IllegalArgumentException("not an IPv4 address: '" + t + "'");
                }
            }
        }
        try {
            return InetAddress.getByName(t); // a literal: no lookup happens
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: '" + t + "'", e);
        }
    }
}
