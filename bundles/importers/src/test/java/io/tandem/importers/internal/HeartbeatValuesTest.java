package io.tandem.importers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HeartbeatValuesTest {
    @Test
    void timesAreSecondsUnlessSuffixedWithMs() {
        assertEquals(OptionalLong.of(250), HeartbeatValues.parseMillis("250ms"));
        assertEquals(OptionalLong.of(1000), HeartbeatValues.parseMillis("1"));
        assertEquals(OptionalLong.of(1500), HeartbeatValues.parseMillis("1.5"));
        assertEquals(OptionalLong.of(1500), HeartbeatValues.parseMillis("1500MS"));
        assertEquals(OptionalLong.of(2000), HeartbeatValues.parseMillis("2s"));
        assertEquals(OptionalLong.of(1), HeartbeatValues.parseMillis("500us"));
        assertEquals(OptionalLong.of(500), HeartbeatValues.parseMillis(".5"));
        assertEquals(OptionalLong.of(30000), HeartbeatValues.parseMillis("30."));
    }

    @Test
    void nonTimesAreRejected() {
        assertTrue(HeartbeatValues.parseMillis("abc").isEmpty());
        assertTrue(HeartbeatValues.parseMillis("").isEmpty());
        assertTrue(HeartbeatValues.parseMillis("-1").isEmpty());
        assertTrue(HeartbeatValues.parseMillis("2m").isEmpty());
        assertTrue(HeartbeatValues.parseMillis("1.2.3").isEmpty());
    }

    @Test
    void booleansAsHeartbeatSpellsThem() {
        for (String yes : new String[] {"true", "on", "yes", "y", "1", "ON", "Yes"}) {
            assertEquals(Optional.of(true), HeartbeatValues.parseBoolean(yes), yes);
        }
        for (String no : new String[] {"false", "off", "no", "n", "0", "OFF"}) {
            assertEquals(Optional.of(false), HeartbeatValues.parseBoolean(no), no);
        }
        assertTrue(HeartbeatValues.parseBoolean("legacy").isEmpty());
    }
}
