package io.tandem.controller.edit;

import io.tandem.controller.AdminException;
import io.tandem.cib.CibValues;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * How long a move or ban lasts ({@code crm_resource --lifetime}): an ISO 8601 duration with calendar parts (years,
 * months, weeks, days) and clock parts (hours, minutes, seconds), added to "now" as a calendar would, the way
 * Pacemaker's {@code crm_time_add} does ({@code P1M} from 23 November is 23 December).
 *
 * <p>{@link #parse} accepts what {@code crm_resource -u} accepts ({@code crm_time_parse_duration}): {@code P}, then
 * number-unit pairs with units {@code Y M W D} before an optional {@code T} and {@code H M S} after it; like Pacemaker
 * it also takes {@code H} and {@code S} before the {@code T} ({@code P1H}) and {@code D} after it ({@code PT1D}),
 * ignores surrounding blanks and is case-sensitive. It refuses what crm_resource refuses ({@code 10m}, {@code 600},
 * {@code P1.5D}, {@code pt10m}, {@code P}) and, unlike crm_resource, negative parts ({@code P-1D}), which would write
 * a constraint that expired before it was made.
 */
public record Lifetime(long years, long months, long weeks, long days, long hours, long minutes, long seconds) {
    private static final DateTimeFormatter CRM_UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'");
    /** Keeps every sum far from overflow: 10^9 of any unit is more than any cluster lives. */
    private static final long MAX_PART = 1_000_000_000L;

    public Lifetime {
        long[] parts = {years, months, weeks, days, hours, minutes, seconds};
        for (long p : parts) {
            if (p < 0 || p > MAX_PART) {
                throw new IllegalArgumentException("lifetime parts must be between 0 and " + MAX_PART + ": " + p);
            }
        }
    }

    /** A clock-only lifetime (what {@link io.tandem.controller.ClusterAdmin#move} takes), whole seconds. */
    public static Lifetime of(Duration d) throws AdminException {
        if (d.isNegative()) {
            throw new AdminException(AdminException.Reason.INVALID, "a lifetime must not be negative: " + d);
        }
        long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        if (s > MAX_PART) {
            throw new AdminException(AdminException.Reason.INVALID, "lifetime " + d + " is too long");
        }
        return new Lifetime(0, 0, 0, 0, 0, 0, s);
    }

    /**
     * Parses an ISO 8601 duration as {@code crm_resource --lifetime} does (see the class comment).
     *
     * @throws AdminException INVALID, naming the text, when it is not one
     */
    public static Lifetime parse(String text) throws AdminException {
        String t = text == null ? "" : text.strip();
        if (t.length() < 3 || t.charAt(0) != 'P') {
            throw invalid(text);
        }
        long[] p; // Y M W D H M S
        try {
            p = CibValues.isoDurationParts(text, t, 9);
        } catch (IllegalArgumentException e) {
            throw invalid(text);
        }
        for (long part : p) {
            if (part > MAX_PART) {
                throw invalid(text);
            }
        }
        return new Lifetime(p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
    }

    private static AdminException invalid(String text) {
        return new AdminException(AdminException.Reason.INVALID, "'" + text + "' is not a lifetime: use an ISO 8601 "
                + "duration such as PT10M (10 minutes), PT2H, P1D or P1W (crm_resource --lifetime takes the same)");
    }

    /** The moment the lifetime ends when it starts at {@code now} (calendar arithmetic in UTC, whole seconds). */
    public Instant end(Instant now) {
        ZonedDateTime z = now.atZone(ZoneOffset.UTC).withNano(0)
                .plusYears(years).plusMonths(months).plusWeeks(weeks).plusDays(days)
                .plusHours(hours).plusMinutes(minutes).plusSeconds(seconds);
        return z.toInstant();
    }

    /** {@code end} as crm_resource writes it into a date_expression in a UTC zone: {@code 2026-11-23 20:25:32Z}. */
    public static String crmTime(Instant end) {
        return CRM_UTC.format(end.atZone(ZoneOffset.UTC));
    }

    /** The canonical ISO 8601 form, such as {@code P1DT2H} or {@code PT0S}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("P");
        append(sb, years, 'Y');
        append(sb, months, 'M');
        append(sb, weeks, 'W');
        append(sb, days, 'D');
        if (hours + minutes + seconds > 0 || sb.length() == 1) {
            sb.append('T');
            append(sb, hours, 'H');
            append(sb, minutes, 'M');
            if (seconds > 0 || sb.charAt(sb.length() - 1) == 'T') {
                sb.append(seconds).append('S');
            }
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, long n, char unit) {
        if (n > 0) {
            sb.append(n).append(unit);
        }
    }
}
