package io.tandem.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CibVersionTest {
    @Test
    void ordersByAdminEpochThenEpochThenUpdates() {
        assertTrue(CibVersion.parse("1.0.0").compareTo(CibVersion.parse("0.99.99")) > 0);
        assertTrue(CibVersion.parse("0.5.1").compareTo(CibVersion.parse("0.4.9")) > 0);
        assertTrue(CibVersion.parse("0.5.2").compareTo(CibVersion.parse("0.5.1")) > 0);
        assertEquals(0, CibVersion.parse("0.5.2").compareTo(new CibVersion(0, 5, 2)));
    }

    @Test
    void configurationChangeResetsUpdates() {
        assertEquals(new CibVersion(0, 6, 0), new CibVersion(0, 5, 7).nextEpoch());
        assertEquals(new CibVersion(0, 5, 8), new CibVersion(0, 5, 7).nextUpdate());
    }

    @Test
    void rejectsMalformedText() {
        assertThrows(IllegalArgumentException.class, () -> CibVersion.parse("1.2"));
        assertThrows(IllegalArgumentException.class, () -> CibVersion.parse("a.b.c"));
        assertThrows(IllegalArgumentException.class, () -> new CibVersion(-1, 0, 0));
        assertEquals("0.5.2", new CibVersion(0, 5, 2).toString());
    }
}
