package io.tandem.scheduler;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the ISO 8601 date-times Pacemaker accepts ({@code crm_simulate -t}, date expressions in rules), with
 * Pacemaker's defaults: a date alone is midnight UTC, a time without an offset is in the local zone.
 *
 * <p>Accepted: {@code 2005-01-20}, {@code 20050120}, ordinal {@code 2005-020}, week {@code 2005-W03-4}, each
 * optionally followed by {@code T} or a space and {@code HH}, {@code HH:MM} or {@code HH:MM:SS}, optionally followed
 * by {@code Z} or a space and {@code +HH}, {@code +HH:MM} or {@code +HHMM} (like Pacemaker 2.1.5, an offset glued to
 * the time, {@code 12:30+02:00}, is ignored and the time is local); a time alone ({@code T12:30}, {@code 12:30:00}) on
 * today's date; and {@code epoch}.
 */
public final class CrmDateTime {
    private static final Pattern CALENDAR = Pattern.compile("(\\d{1,4})-(\\d{1,2})-(\\d{1,2})");
    private static final Pattern COMPACT = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
    private static final Pattern ORDINAL = Pattern.compile("(\\d{1,4})-(\\d{1,3})");
    private static final Pattern WEEK = Pattern.compile("(\\d{1,4})-W(\\d{1,2})-(\\d)");
    private static final Pattern TIME = Pattern.compile(
            "(\\d{1,2})(?::(\\d{1,2})(?::(\\d{1,2}))?)?(?:\\s*(Z)|\\s+([+-]\\d{1,2}(?::?\\d{2})?)|[+-][0-9:]*)?");

    private CrmDateTime() {
    }

    /** Parses with the JVM's current local offset for times written without one, as Pacemaker does. */
    public static Instant parse(String text) {
        Instant now = Instant.now();
        return parse(text, java.time.ZoneId.systemDefault().getRules().getOffset(now), now);
    }

    /**
     * @param localOffset the offset of a time written without one
     * @param now         supplies the date of a time written without a date
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static Instant parse(String text, ZoneOffset localOffset, Instant now) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty date");
        }
        String s = text.trim();
        try {
            if (s.regionMatches(true, 0, "epoch", 0, 5) && (s.length() == 5 || s.charAt(5) == '/' || Character.isWhitespace(s.charAt(5)))) {
                return Instant.EPOCH;
            }
            if (s.charAt(0) == 'T' || (s.length() > 2 && s.charAt(2) == ':')) {
                LocalDate today = LocalDate.ofInstant(now, localOffset);
                return atTime(today, s.charAt(0) == 'T' ? s.substring(1) : s, localOffset, text);
            }
            int datePart = 0;
            while (datePart < s.length() && "0123456789-W".indexOf(s.charAt(datePart)) >= 0) {
                datePart++;
            }
            LocalDate date = date(s.substring(0, datePart), text);
            String rest = s.substring(datePart);
            if (rest.isEmpty()) {
                return date.atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            if (rest.charAt(0) != 'T' && rest.charAt(0) != ' ') {
                throw new IllegalArgumentException("date \"" + text + "\": expected 'T' or a space before the time, found \"" + rest + "\"");
            }
            return atTime(date, rest.substring(1).trim(), localOffset, text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("date \"" + text + "\": " + e.getMessage(), e);
        }
    }

    private static LocalDate date(String d, String text) {
        Matcher m;
        if ((m = WEEK.matcher(d)).matches()) {
            LocalDate midYear = LocalDate.of(Integer.parseInt(m.group(1)), 6, 1);
            int week = Integer.parseInt(m.group(2));
            long weeks = IsoFields.WEEK_OF_WEEK_BASED_YEAR.rangeRefinedBy(midYear).getMaximum();
            if (week < 1 || week > weeks) {
                throw new IllegalArgumentException("date \"" + text + "\": week " + week + " is not in 1.." + weeks);
            }
            return midYear.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week).with(DayOfWeek.of(Integer.parseInt(m.group(3))));
        }
        if ((m = CALENDAR.matcher(d)).matches() || (m = COMPACT.matcher(d)).matches()) {
            return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        }
        if ((m = ORDINAL.matcher(d)).matches()) {
            return LocalDate.ofYearDay(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        throw new IllegalArgumentException("date \"" + text + "\": \"" + d
                + "\" is not YYYY-MM-DD, YYYYMMDD, YYYY-DDD or YYYY-Www-D");
    }

    private static Instant atTime(LocalDate date, String t, ZoneOffset localOffset, String text) {
        Matcher m = TIME.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("date \"" + text + "\": \"" + t + "\" is not HH[:MM[:SS]][Z|+HH[:MM]]");
        }
        int hour = Integer.parseInt(m.group(1));
        int minute = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        int second = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        // Pacemaker reads an offset only after a space (or as Z); one glued to the time is ignored.
        ZoneOffset offset = m.group(4) != null ? ZoneOffset.UTC : m.group(5) != null ? offset(m.group(5)) : localOffset;
        if (hour == 24 && minute == 0 && second == 0) {
            return date.plusDays(1).atStartOfDay().toInstant(offset);
        }
        return date.atTime(LocalTime.of(hour, minute, second)).toInstant(offset);
    }

    private static ZoneOffset offset(String o) {
        if (o.equals("Z")) {
            return ZoneOffset.UTC;
        }
        int sign = o.charAt(0) == '-' ? -1 : 1;
        String digits = o.substring(1).replace(":", "");
        int hours;
        int minutes = 0;
        if (digits.length() <= 2) {
            hours = Integer.parseInt(digits);
        } else {
            hours = Integer.parseInt(digits.substring(0, digits.length() - 2));
            minutes = Integer.parseInt(digits.substring(digits.length() - 2));
        }
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }
}
