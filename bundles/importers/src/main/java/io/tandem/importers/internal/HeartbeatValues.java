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
}
