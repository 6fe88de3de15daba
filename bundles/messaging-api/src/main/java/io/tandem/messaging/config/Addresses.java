package io.tandem.messaging.config;

/** The address spellings heartbeat's configuration accepts: dotted-quad IPv4 and host names. */
public final class Addresses {
    private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";

    private Addresses() {
    }

    /** Whether {@code text} is a dotted-quad IPv4 address. */
    public static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (!part.matches("\\d{1,3}") || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** An IPv4 address or a host name a resolver could look up (digits and dots alone must be a valid IPv4). */
    public static boolean isAddressOrHostName(String text) {
        if (text.matches("[\\d.]+")) {
            return isIpv4(text);
        }
        return text.length() <= 253 && text.matches(LABEL + "(\\." + LABEL + ")*");
    }

    /** A multicast group in 224.0.0.0 - 239.255.255.255, as heartbeat's mcast requires. */
    public static boolean isIpv4Multicast(String text) {
        if (!isIpv4(text)) {
            return false;
        }
        int first = Integer.parseInt(text.substring(0, text.indexOf('.')));
        return first >= 224 && first <= 239;
    }
}
