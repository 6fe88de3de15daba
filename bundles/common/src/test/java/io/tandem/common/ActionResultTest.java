package io.tandem.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ActionResultTest {
    @Test
    void successNeedsBothAxes() {
        assertTrue(ActionResult.ok().isSuccess());
        assertFalse(ActionResult.done(OcfExitCode.NOT_RUNNING, "").isSuccess());
        assertFalse(new ActionResult(ExecStatus.TIMED_OUT, OcfExitCode.OK, "").isSuccess());
    }

    @Test
    void unknownExitCodesAreGenericErrors() {
        assertEquals(OcfExitCode.ERR_GENERIC, OcfExitCode.fromCode(77));
        assertEquals(OcfExitCode.RUNNING_PROMOTED, OcfExitCode.fromCode(8));
        assertEquals(ExecStatus.TIMED_OUT, ExecStatus.fromCode(2));
    }

    @Test
    void describesItselfForHumans() {
        assertEquals("DONE/7 (not running): gone", ActionResult.done(OcfExitCode.NOT_RUNNING, "gone").toString());
    }
}
