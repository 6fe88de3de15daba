package io.tandem.agent.virtualip.internal;

import io.tandem.vip.Announcement;
import io.tandem.vip.Announcement.ArpSender;
import io.tandem.vip.VirtualAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * IPaddr2's parameters, checked. Every problem is an {@link IllegalArgumentException} whose message names the
 * parameter; the agent reports it as "not configured" (6), as IPaddr2 does.
 */
record VipParameters(InetAddress ip, Optional<String> nic, OptionalInt prefixLength, Optional<InetAddress> broadcast,
                     String broadcastSpecial, String labelSuffix, int arpCount, Duration arpInterval, int arpCountRefresh,
                     boolean background, ArpSender sender, boolean noDad, String preferredLifetime, Optional<String> namespace) {

    /** IPaddr2 features this agent does not have: configuring them must fail loudly, not be ignored. */
    private static final Set<String> UNSUPPORTED_WHEN_TRUE = Set.of("lvs_ipv6_addrlabel", "unique_clone_address", "run_arping",
            "noprefixroute");

    static VipParameters parse(Map<String, String> p) {
        String ipText = value(p, "ip");
        if (ipText.isEmpty()) {
            throw new IllegalArgumentException("IP address (the ip parameter) is mandatory");
        }
        InetAddress ip;
        try {
            ip = VirtualAddress.parseLiteral(ipText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ip: '" + ipText + "' is not an IPv4 or IPv6 address");
        }
        boolean v6 = ip instanceof Inet6Address;

        String nicText = value(p, "nic");
        String label = value(p, "iflabel");
        Optional<String> nic = Optional.empty();
        if (!nicText.isEmpty()) {
            int colon = nicText.indexOf(':');
            if (colon >= 0) { // deprecated nic:label form wins over iflabel, as in IPaddr2
                label = nicText.substring(colon + 1);
                nicText = nicText.substring(0, colon);
            }
            nic = Optional.of(nicText);
            if (nicText.isEmpty() || nicText.length() > 15 || nicText.chars().anyMatch(c -> c <= ' ' || c == '/')) {
                throw new IllegalArgumentException("nic: '" + nicText + "' is not an interface name");
            }
        }
        if (!label.isEmpty() && v6) {
            throw new IllegalArgumentException("iflabel: IPv6 addresses have no labels");
        }
        if (!label.isEmpty() && (label.chars().anyMatch(c -> c <= ' ' || c == '/' || c == ':'))) {
            throw new IllegalArgumentException("iflabel: '" + label + "' must not contain blanks, ':' or '/'");
        }

        OptionalInt prefix = prefix(value(p, "cidr_netmask"), v6);

        String brd = value(p, "broadcast");
        Optional<InetAddress> broadcast = Optional.empty();
        String special = "";
        if (!brd.isEmpty()) {
            if (v6) {
                throw new IllegalArgumentException("broadcast: IPv6 addresses have no broadcast address");
            }
            if (brd.equals("+") || brd.equals("-")) {
                special = brd;
            } else {
                try {
                    InetAddress b = VirtualAddress.parseLiteral(brd);
                    if (!(b instanceof Inet4Address)) {
                        throw new IllegalArgumentException();
                    }
                    broadcast = Optional.of(b);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("broadcast: '" + brd + "' is not an IPv4 address, '+' or '-'");
                }
            }
        }

        int count = positive(p, "arp_count", 5);
        int interval = positive(p, "arp_interval", 200);
        int refresh = nonNegative(p, "arp_count_refresh", 0);
        String bgText = value(p, "arp_bg");
        boolean background = bgText.isEmpty() ? !v6 : bool("arp_bg", bgText);
        String senderText = value(p, "arp_sender");
        ArpSender sender = switch (senderText) {
            case "", "send_arp" -> ArpSender.SEND_ARP;
            case "iputils_arping" -> ArpSender.IPUTILS_ARPING;
            case "libnet_arping", "ipoibarping" -> throw new IllegalArgumentException("arp_sender: " + senderText
                    + " is not supported by ocf:tandem:VirtualIP; use send_arp or iputils_arping");
            default -> throw new IllegalArgumentException("arp_sender: unknown sender '" + senderText
                    + "' (send_arp, iputils_arping)");
        };
        if (!value(p, "send_arp_opts").isEmpty()) {
            throw new IllegalArgumentException("send_arp_opts is not supported by ocf:tandem:VirtualIP");
        }
        if (!value(p, "mac").isEmpty() || !value(p, "clusterip_hash").isEmpty() && !"sourceip-sourceport".equals(value(p, "clusterip_hash"))) {
            throw new IllegalArgumentException("mac / clusterip_hash (cluster IP load sharing) are not supported by ocf:tandem:VirtualIP");
        }
        for (String name : UNSUPPORTED_WHEN_TRUE) {
            String v = value(p, name);
            if (!v.isEmpty() && bool(name, v)) {
                throw new IllegalArgumentException(name + "=true is not supported by ocf:tandem:VirtualIP");
            }
        }
        for (String name : new String[] {"lvs_support", "flush_routes"}) {
            String v = value(p, name);
            if (!v.isEmpty()) {
                boolean on = bool(name, v);
                if (on && v6 && name.equals("lvs_support")) {
                    throw new IllegalArgumentException("lvs_support: IPv6 does not support lvs_support");
                }
            }
        }
        String nodadText = value(p, "nodad");
        boolean noDad = !nodadText.isEmpty() && bool("nodad", nodadText);
        String lft = p.containsKey("preferred_lft") ? p.get("preferred_lft").trim() : "forever";
        if (lft.isEmpty()) {
            throw new IllegalArgumentException("preferred_lft: an empty value is invalid");
        }
        if (!lft.equals("forever") && !lft.matches("[0-9]{1,10}")) {
            throw new IllegalArgumentException("preferred_lft: must be 'forever' or seconds, not '" + lft + "'");
        }
        String ns = value(p, "network_namespace");
        if (!ns.isEmpty() && (ns.contains("/") || ns.equals(".") || ns.equals("..") || ns.chars().anyMatch(c -> c <= ' '))) {
            throw new IllegalArgumentException("network_namespace: '" + ns + "' is not a namespace name");
        }
        return new VipParameters(ip, nic, prefix, broadcast, special, label, count, Duration.ofMillis(interval), refresh,
                background, sender, noDad, lft, ns.isEmpty() ? Optional.empty() : Optional.of(ns));
    }

    boolean isIpv6() {
        return ip instanceof Inet6Address;
    }

    /** The full address once the interface is known; the label rule of the kernel is checked here. */
    VirtualAddress address(String device, int prefix, Optional<InetAddress> foundBroadcast) {
        String label = labelSuffix.isEmpty() ? "" : device + ":" + labelSuffix;
        if (label.length() > 15) {
            throw new IllegalArgumentException("iflabel: Interface label [" + label + "] exceeds maximum character limit of 15");
        }
        // a configured broadcast ('+', '-' or an address) wins over the one copied from the network
        Optional<InetAddress> brd = broadcastSpecial.isEmpty() && broadcast.isEmpty() ? foundBroadcast : broadcast;
        return new VirtualAddress(ip, prefix, device, brd, broadcastSpecial, label, isIpv6() ? preferredLifetime : "forever",
                isIpv6() && noDad);
    }

    Announcement startAnnouncement() {
        return new Announcement(arpCount, arpInterval, sender, background);
    }

    private static OptionalInt prefix(String text, boolean v6) {
        if (text.isEmpty()) {
            return OptionalInt.empty();
        }
        int max = v6 ? 128 : 32;
        if (text.matches("[0-9]{1,3}")) {
            int n = Integer.parseInt(text);
            if (n <= max) {
                return OptionalInt.of(n);
            }
        } else if (!v6 && text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            long mask = 0;
            for (String part : text.split("\\.")) {
                int octet = Integer.parseInt(part);
                if (octet > 255) {
                    mask = -1;
                    break;
                }
                mask = (mask << 8) | octet;
            }
            int ones = Long.bitCount(mask & 0xffffffffL);
            if (mask >= 0 && mask == ((0xffffffffL << (32 - ones)) & 0xffffffffL)) {
                return OptionalInt.of(ones);
            }
        }
        throw new IllegalArgumentException("cidr_netmask: '" + text + "' is not a prefix length 0.." + max
                + (v6 ? "" : " or a dotted netmask"));
    }

    private static int positive(Map<String, String> p, String name, int fallback) {
        int v = integer(p, name, fallback);
        if (v <= 0) {
            throw new IllegalArgumentException("Invalid OCF_RESKEY_" + name + " [" + value(p, name) + "]: must be a positive integer");
        }
        return v;
    }

    private static int nonNegative(Map<String, String> p, String name, int fallback) {
        int v = integer(p, name, fallback);
        if (v < 0) {
            throw new IllegalArgumentException("Invalid OCF_RESKEY_" + name + " [" + value(p, name) + "]: must not be negative");
        }
        return v;
    }

    private static int integer(Map<String, String> p, String name, int fallback) {
        String text = value(p, name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid OCF_RESKEY_" + name + " [" + text + "]: not an integer");
        }
    }

    /** ocf_is_true's words. */
    static boolean bool(String name, String text) {
        switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "yes", "true", "1", "on", "y":
                return true;
            case "no", "false", "0", "off", "n":
                return false;
            default:
                throw new IllegalArgumentException(name + ": '" + text + "' is not a boolean (true/false)");
        }
    }

    private static String value(Map<String, String> p, String name) {
        String v = p.get(name);
        return v == null ? "" : v.trim();
    }
}
