package io.tandem.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Expected values are what Pacemaker 2.1.5's {@code iso8601 -d TEXT -S} prints (TZ=UTC unless noted). */
class CrmDateTimeTest {
    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);

    private static long utc(String text) {
        return CrmDateTime.parse(text, ZoneOffset.UTC, NOW).getEpochSecond();
    }

    @Test
    void upstreamCorpusDates() {
        assertEquals(1106179200L, utc("2005-020"));
        assertEquals(1106224200L, utc("2005-020T12:30"));
        assertEquals(1106220600L, utc("2005-020T11:30"));
        assertEquals(1399422480L, utc("2014-05-07 00:28:00"));
    }

    @Test
    void calendarCompactWeekAndShortForms() {
        assertEquals(1106179200L, utc("2005-01-20"));
        assertEquals(1106179200L, utc("20050120"));
        assertEquals(1106179200L, utc("2005-W03-4"));
        assertEquals(1104710400L, utc("2005-W01-1"));
        assertEquals(1104624000L, utc("2005-1-2"));
        assertEquals(1106222400L, utc("2005-01-20T12"));
        assertEquals(1106179200L + 86400, utc("2005-01-20 24:00"));
        assertEquals(0L, utc("epoch"));
    }

    @Test
    void offsetsCountOnlyAfterASpaceOrAsZ() {
        assertEquals(1106224215L, utc("2005-01-20T12:30:15Z"));
        assertEquals(1106217015L, utc("2005-01-20T12:30:15 +02:00"));
        assertEquals(1106217000L, utc("2005-01-20T12:30 +0200"));
        assertEquals(1106217000L, utc("2005-01-20T12:30 +02"));
        // Pacemaker ignores an offset glued to the time.
        assertEquals(1106224215L, utc("2005-01-20T12:30:15+02:00"));
        assertEquals(1106224215L, utc("2005-01-20T12:30:15-05:00"));
    }

    @Test
    void aTimeWithoutOffsetIsLocalButADateAloneIsUtc() {
        ZoneOffset berlinWinter = ZoneOffset.ofHours(1);
        assertEquals(1106220600L, CrmDateTime.parse("2005-01-20T12:30", berlinWinter, NOW).getEpochSecond());
        assertEquals(1106179200L, CrmDateTime.parse("2005-01-20", berlinWinter, NOW).getEpochSecond());
    }

    @Test
    void aTimeAloneIsToday() {
        // NOW is 2023-11-14T22:13:20Z
        assertEquals(Instant.parse("2023-11-14T12:30:00Z"), CrmDateTime.parse("T12:30", ZoneOffset.UTC, NOW));
        assertEquals(Instant.parse("2023-11-14T12:30:05Z"), CrmDateTime.parse("12:30:05", ZoneOffset.UTC, NOW));
    }

    @Test
    void invalidDatesNameTheText() {
        for (String bad : new String[] {"2005-13-01", "2005-01-20T25:00", "2005-W53-1", "yesterday", "", "2005-01-20X12"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> utc(bad), bad);
            assertTrue(e.getMessage().contains("date") , e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> utc("2005-13-01")).getMessage().contains("2005-13-01"));
    }
}
