package io.tandem.cib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CibValuesTest {
    @ParameterizedTest
    @CsvSource({"10s,10000", "10,10000", "0,0", "500ms,500", "500msec,500", "1min,60000", "2m,120000", "1h,3600000",
        "2hr,7200000", "PT10S,10000", "P40S,40000", "P1DT2H,93600000", "PT1M30S,90000", "1500us,1", "' 15 s ',15000"})
    void parsesDurations(String text, long millis) {
        assertEquals(millis, CibValues.parseDurationMillis(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bad", "10x", "-5s", "P", "PT", "P5", "1.5s", "s10"})
    void rejectsNonDurations(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CibValues.parseDurationMillis(text));
        assertTrue(e.getMessage().contains("'" + text + "'"));
    }

    @Test
    void booleansAndScores() {
        assertTrue(CibValues.parseBoolean("yes"));
        assertTrue(CibValues.parseBoolean("TRUE"));
        assertFalse(CibValues.parseBoolean("off"));
        assertFalse(CibValues.isBoolean("maybe"));
        assertTrue(CibValues.isScore("-INFINITY"));
        assertTrue(CibValues.isScore("+100"));
        assertFalse(CibValues.isScore("lots"));
    }
}
