package io.tandem.vip;

import java.time.Duration;
import java.util.Objects;

/**
 * How to announce an address: {@code count} rounds {@code interval} apart (IPaddr2's arp_count and
 * arp_interval), with which IPv4 sender, in the background or not (arp_bg).
 */
public record Announcement(int count, Duration interval, ArpSender sender, boolean background) {
    public Announcement {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(sender, "sender");
        if (count < 1) {
            throw new IllegalArgumentException("announcement count must be at least 1: " + count);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("announcement interval must be positive: " + interval);
        }
    }

    /** The IPv4 gratuitous ARP senders (IPaddr2's arp_sender); IPv6 always uses send_ua. */
    public enum ArpSender {
        /** resource-agents' send_arp (libnet): per round an ARP request and an ARP reply, broadcast. */
        SEND_ARP("send_arp"),
        /** iputils {@code arping -U}: unsolicited ARP requests; its interval has whole-second resolution. */
        IPUTILS_ARPING("iputils_arping");

        private final String parameterValue;

        ArpSender(String parameterValue) {
            this.parameterValue = parameterValue;
        }

        /** The value IPaddr2's arp_sender parameter uses for this sender. */
        public String parameterValue() {
            return parameterValue;
        }
    }
}
