package io.tandem.cib;

import io.tandem.common.Score;
import java.util.Locale;
import java.util.Set;

/**
 * Parsers for the value types CIB attributes use, with Pacemaker's spellings: durations ({@code 10s},
 * {@code 1min}, {@code 500ms}, {@code PT10S}), booleans ({@code true/yes/on/y/1} and their opposites) and scores.
 */
public final class CibValues {
    /** Resource roles as constraints and operations name them (old and new names). */
    public static final Set<String> ROLES = Set.of("Stopped", "Started", "Promoted", "Unpromoted", "Master", "Slave");
    /** Order kinds of rsc_order and ordered resource sets. */
    public static final Set<String> ORDER_KINDS = Set.of("Mandatory", "Optional", "Serialize");

    private static final long SECOND = 1000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    private CibValues() {
    }

    /**
     * Parses a duration as Pacemaker's crm_parse_interval_spec does: a non-negative integer with an optional
     * unit ({@code ms msec us usec s sec m min h hr}; none means seconds), or an ISO 8601 duration
     * ({@code P1DT2H}, {@code PT10S}, and Pacemaker's own {@code P40S}).
     *
     * @throws IllegalArgumentException naming the text when it is not a duration
     */
    public static long parseDurationMillis(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw notDuration(text);
        }
        if (t.charAt(0) == 'P' || t.charAt(0) == 'p') {
            return parseIso(text, t.toUpperCase(Locale.ROOT));
        }
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 15) {
            throw notDuration(text);
        }
        long number = Long.parseLong(t.substring(0, i));
        String unit = t.substring(i).trim().toLowerCase(Locale.ROOT);
        return switch (unit) {
            case "", "s", "sec" -> number * SECOND;
            case "ms", "msec" -> number;
            case "us", "usec" -> number / 1000;
            case "m", "min" -> number * MINUTE;
            case "h", "hr" -> number * HOUR;
            default -> throw notDuration(text);
        };
    }

    private static long parseIso(String original, String t) {
        long[] p = isoDurationParts(original, t, 12);
        return p[0] * 365 * DAY + p[1] * 30 * DAY + p[2] * 7 * DAY + p[3] * DAY + p[4] * HOUR + p[5] * MINUTE
                + p[6] * SECOND;
    }

    /**
     * Splits an ISO 8601 duration as Pacemaker's crm_time_parse_duration reads it into its parts, years, months,
     * weeks, days, hours, minutes, seconds (a unit given twice adds up): {@code P}, number-unit pairs with
     * {@code Y M W D} before an optional {@code T} and {@code H M S} after it ({@code H}, {@code S} are also taken
     * before the {@code T} and {@code D} after it). Case-sensitive: callers that accept lower case upper-case first.
     *
     * @param original the text to name in the error
     * @param t the duration, starting with {@code P}
     * @param maxDigits the longest number a part may have
     * @throws IllegalArgumentException naming {@code original} when {@code t} is not such a duration
     */
    public static long[] isoDurationParts(String original, String t, int maxDigits) {
        if (t.isEmpty() || t.charAt(0) != 'P') {
            throw notDuration(original);
        }
        long[] parts = new long[7];
        boolean time = false;
        boolean any = false;
        int i = 1;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (c == 'T') {
                if (time) {
                    throw notDuration(original);
                }
                time = true;
                i++;
                continue;
            }
            int start = i;
            while (i < t.length() && Character.isDigit(t.charAt(i))) {
                i++;
            }
            if (start == i || i == t.length() || i - start > maxDigits) {
                throw notDuration(original);
            }
            long n = Long.parseLong(t.substring(start, i));
            int slot = switch (t.charAt(i++)) {
                case 'Y' -> 0;
                case 'M' -> time ? 5 : 1;
                case 'W' -> 2;
                case 'D' -> 3;
                case 'H' -> 4;
                case 'S' -> 6;
                default -> throw notDuration(original);
            };
            parts[slot] += n;
            any = true;
        }
        if (!any) {
            throw notDuration(original);
        }
        return parts;
    }

    private static IllegalArgumentException notDuration(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration (such as 10s, 500ms, 1min, 2h or PT10S)");
    }

    public static boolean isDuration(String text) {
        try {
            parseDurationMillis(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Parses a boolean as Pacemaker's crm_str_to_boolean does: {@code true on yes y 1} and {@code false off no n 0},
     * in any case.
     *
     * @throws IllegalArgumentException naming the text when it is neither
     */
    public static boolean parseBoolean(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "y", "1" -> true;
            case "false", "off", "no", "n", "0" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not a boolean (true or false)");
        };
    }

    public static boolean isBoolean(String text) {
        try {
            parseBoolean(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether the text is a score: an integer or {@code INFINITY}, {@code +INFINITY}, {@code -INFINITY}. */
    public static boolean isScore(String text) {
        try {
            Score.parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static boolean isInteger(String text) {
        try {
            Long.parseLong(text.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
