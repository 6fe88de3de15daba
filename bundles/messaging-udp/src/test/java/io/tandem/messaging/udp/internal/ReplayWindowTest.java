package io.tandem.messaging.udp.internal;

import static io.tandem.messaging.udp.internal.ReplayWindow.Verdict.DUPLICATE;
import static io.tandem.messaging.udp.internal.ReplayWindow.Verdict.FRESH;
import static io.tandem.messaging.udp.internal.ReplayWindow.Verdict.NEW_INCARNATION;
import static io.tandem.messaging.udp.internal.ReplayWindow.Verdict.REPLAY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReplayWindowTest {
    @Test
    void acceptsEachSequenceOnceAndOutOfOrderWithinTheWindow() {
        ReplayWindow w = new ReplayWindow();
        assertEquals(FRESH, w.check(5, 10, 0));
        assertEquals(FRESH, w.check(5, 12, 0));
        assertEquals(FRESH, w.check(5, 11, 0), "late but new");
        assertEquals(REPLAY, w.check(5, 11, 0));
        assertEquals(REPLAY, w.check(5, 10, 0));
    }

    @Test
    void copyOnAnotherLinkIsADuplicateButOnlyOnce() {
        ReplayWindow w = new ReplayWindow();
        assertEquals(FRESH, w.check(5, 10, 0));
        assertEquals(DUPLICATE, w.check(5, 10, 1));
        assertEquals(REPLAY, w.check(5, 10, 1));
        assertEquals(REPLAY, w.check(5, 10, 0));
    }

    @Test
    void belowTheWindowIsReplay() {
        ReplayWindow w = new ReplayWindow();
        assertEquals(FRESH, w.check(5, 1, 0));
        assertEquals(FRESH, w.check(5, 1 + ReplayWindow.SIZE, 0));
        assertEquals(REPLAY, w.check(5, 1, 1), "slid out of the window, even from another link");
        assertEquals(FRESH, w.check(5, 2, 0), "still inside the window");
    }

    @Test
    void incarnationMustNotGoBackwards() {
        ReplayWindow w = new ReplayWindow();
        assertEquals(FRESH, w.check(5, 100, 0));
        assertEquals(NEW_INCARNATION, w.check(6, 1, 0));
        assertEquals(REPLAY, w.check(5, 101, 0));
        assertEquals(FRESH, w.check(6, 2, 0));
        assertEquals(6, w.incarnation());
    }

    @Test
    void slotsReusedAfterTheWindowSlidesAreFresh() {
        ReplayWindow w = new ReplayWindow();
        for (long s = 1; s <= 3 * ReplayWindow.SIZE; s++) {
            assertEquals(FRESH, w.check(1, s, 0), "seq " + s);
        }
        assertEquals(FRESH, w.check(1, 10 * ReplayWindow.SIZE, 0));
        assertEquals(FRESH, w.check(1, 10 * ReplayWindow.SIZE - 5, 0));
    }
}
