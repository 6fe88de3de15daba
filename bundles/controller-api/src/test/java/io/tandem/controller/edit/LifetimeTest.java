package io.tandem.controller.edit;

import io.tandem.controller.AdminException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

import static io.tandem.controller.edit.TestCibs.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LifetimeTest {
    private static final Instant NOW = Instant.parse("2026-11-23T20:15:31Z");

    @Test
    void parsesTheFormsCrmResourceAccepts() throws AdminException {
        assertEquals(new Lifetime(0, 0, 0, 0, 0, 10, 0), Lifetime.parse("PT10M"));
        assertEquals(new Lifetime(0, 0, 0, 1, 0, 0, 0), Lifetime.parse("P1D"));
        assertEquals(new Lifetime(0, 1, 0, 0, 0, 0, 0), Lifetime.parse("P1M"));
        assertEquals(new Lifetime(1, 2, 0, 3, 4, 5, 6), Lifetime.parse("P1Y2M3DT4H5M6S"));
        assertEquals(new Lifetime(0, 0, 2, 0, 0, 0, 0), Lifetime.parse("P2W"));
        assertEquals(new Lifetime(0, 0, 0, 0, 1, 0, 0), Lifetime.parse("P1H"), "hours before T, as Pacemaker allows");
        assertEquals(new Lifetime(0, 0, 0, 1, 0, 0, 0), Lifetime.parse("PT1D"), "days after T, as Pacemaker allows");
        assertEquals(new Lifetime(0, 0, 0, 1, 0, 0, 0), Lifetime.parse("P1DT"));
        assertEquals(new Lifetime(0, 0, 0, 0, 0, 10, 0), Lifetime.parse(" PT10M "));
        assertEquals(new Lifetime(0, 0, 0, 0, 0, 0, 90), Lifetime.parse("PT90S"));
    }

    @Test
    void refusesWhatCrmResourceRefusesAndNegatives() {
        for (String bad : new String[] {"10m", "600", "P1.5D", "pt10m", "P", "T10M", "P2021-01-01", "", "PT", "P-1D",
                "PT10X", "P1DT2H3"}) {
            assertRefused(AdminException.Reason.INVALID, () -> Lifetime.parse(bad));
        }
        assertRefused(AdminException.Reason.INVALID, () -> Lifetime.parse(null));
    }

    @Test
    void endAddsCalendarAndClockPartsInUtc() throws AdminException {
        assertEquals("2026-11-23 20:25:31Z", Lifetime.crmTime(Lifetime.parse("PT10M").end(NOW)));
        assertEquals("2026-12-23 20:15:31Z", Lifetime.crmTime(Lifetime.parse("P1M").end(NOW)));
        assertEquals("2028-01-27 00:20:37Z", Lifetime.crmTime(Lifetime.parse("P1Y2M3DT4H5M6S").end(NOW)));
        assertEquals("2026-12-07 20:15:31Z", Lifetime.crmTime(Lifetime.parse("P2W").end(NOW)));
        assertEquals("2026-11-23 20:15:31Z", Lifetime.crmTime(Lifetime.parse("P0D").end(NOW.plusMillis(900))),
                "sub-second parts of now are dropped as crm_time does");
    }

    @Test
    void fromDurationRoundsUpToWholeSeconds() throws AdminException {
        assertEquals(new Lifetime(0, 0, 0, 0, 0, 0, 600), Lifetime.of(Duration.ofMinutes(10)));
        assertEquals(new Lifetime(0, 0, 0, 0, 0, 0, 2), Lifetime.of(Duration.ofMillis(1500)));
        assertRefused(AdminException.Reason.INVALID, () -> Lifetime.of(Duration.ofSeconds(-1)));
    }

    @Test
    void printsCanonicalIso() throws AdminException {
        assertEquals("PT10M", Lifetime.parse("PT10M").toString());
        assertEquals("P1Y2M3DT4H5M6S", Lifetime.parse("P1Y2M3DT4H5M6S").toString());
        assertEquals("P1D", Lifetime.parse("P1D").toString());
        assertEquals("PT0S", Lifetime.parse("P0D").toString());
        assertEquals(Lifetime.parse("P1DT1H"), Lifetime.parse(Lifetime.parse("P1DT1H").toString()));
    }
}
