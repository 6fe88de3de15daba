package io.tandem.importers.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Heartbeat's spellings of times and booleans, as its config reader accepts them. */
final class HeartbeatValues {
    // heartbeat's cl_get_msec: a decimal number, seconds unless followed by ms/msec or us/usec.
    // "s"/"sec" is accepted too: it cannot mean anything else.
    private static final Pattern TIME = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*(ms|msec|us|usec|s|sec)?",
            Pattern.CASE_INSENSITIVE);

    private HeartbeatValues() {
    }

    /** "250ms" -> 250, "1" -> 1000, "1.5" -> 1500; empty if the text is not a time. */
    static OptionalLong parseMillis(String text) {
        Matcher m = TIME.matcher(text.trim());
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        double number = Double.parseDouble(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        double millis = switch (unit) {
            case "ms", "msec" -> number;
            case "us", "usec" -> number / 1000.0;
            default -> number * 1000.0;
        };
        if (millis > Long.MAX_VALUE / 2) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.round(millis));
    }

    /** heartbeat's booleans, case-insensitive: true/on/yes/y/1 and false/off/no/n/0. */
    static Optional<Boolean> parseBoolean(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "y", "1" -> Optional.of(Boolean.TRUE);
            case "false", "off", "no", "n", "0" -> Optional.of(Boolean.FALSE);
            default -> Optional.empty();
        };
    }

    /** A port number 1..65535, or empty. */
    static Optional<Integer> parsePort(String text) {
        return parseInt(text).filter(p -> p >= 1 && p <= 65535);
    }

    static Optional<Integer> parseInt(String text) {
        if (!text.matches("\\d{1,9}")) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(text));
    }

    /** Whether {@code text} is a dotted-quad IPv4 address. */
    static boolean isIpv4(String text) {
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

    /** An IPv4 address or a host name a resolver could look up. */
    static boolean isAddressOrHostName(String text) {
        if (text.matches("[\\d.]+")) {
            return isIpv4(text);
        }
        return text.length() <= 253
                && text.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    }

    /** A multicast group in 224.0.0.0 - 239.255.255.255, as heartbeat's mcast requires. */
    static boolean isIpv4Multicast(String text) {
        if (!isIpv4(text)) {
            return false;
        }
        int first = Integer.parseInt(text.substring(0, text.indexOf('.')));
        return first >= 224 && first <= 239;
    }
}
