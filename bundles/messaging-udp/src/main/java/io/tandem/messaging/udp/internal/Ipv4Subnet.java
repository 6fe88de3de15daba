package io.tandem.messaging.udp.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 address with its prefix length, as configured on a network device (10.77.2.1/24). */
record Ipv4Subnet(int address, int prefixLength) {
    Ipv4Subnet {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not in 0..32");
        }
    }

    static Ipv4Subnet of(InetAddress address, int prefixLength) {
        if (!(address instanceof Inet4Address)) {
            throw new IllegalArgumentException(address + " is not an IPv4 address");
        }
        return new Ipv4Subnet(toInt(address), prefixLength);
    }

    private int mask() {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    boolean contains(InetAddress a) {
        return a instanceof Inet4Address && ((toInt(a) ^ address) & mask()) == 0;
    }

    /**
     * The directed broadcast address (host bits set). /31 and /32 have none (RFC 3021 point-to-point links), so a
     * bcast medium on such a device is reported as unusable instead of broadcasting to a host's address.
     */
    InetAddress broadcast() {
        if (prefixLength > 30) {
            throw new IllegalArgumentException("a /" + prefixLength + " network has no broadcast address");
        }
        int b = address | ~mask();
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (b >>> 24), (byte) (b >>> 16), (byte) (b >>> 8), (byte) b});
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always an IPv4 address", e);
        }
    }

    private static int toInt(InetAddress a) {
        byte[] b = a.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    @Override
    public String toString() {
        return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff)
                + "/" + prefixLength;
    }
}
