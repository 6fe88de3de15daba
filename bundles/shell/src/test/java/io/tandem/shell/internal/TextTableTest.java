package io.tandem.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TextTableTest {
    @Test
    void alignsColumnsToTheWidestCell() {
        String table = new TextTable("Node", "State").row("db1", "ACTIVE").row("database-2", null).render();
        assertEquals("""
                Node       | State
                -----------+-------
                db1        | ACTIVE
                database-2 |
                """, table);
    }

    @Test
    void rowsMustFitTheColumns() {
        assertThrows(IllegalArgumentException.class, () -> new TextTable("A", "B").row("only one"));
    }

    @Test
    void agesForPeople() {
        assertEquals("0.12s", Ages.format(120));
        assertEquals("0.00s", Ages.format(0));
        assertEquals("59.99s", Ages.format(59_990));
        assertEquals("1m00s", Ages.format(60_000));
        assertEquals("3m05s", Ages.format(185_400));
        assertEquals("2h07m", Ages.format(2 * 3_600_000 + 7 * 60_000 + 5_000));
        assertEquals("never", Ages.format(-1));
    }
}
