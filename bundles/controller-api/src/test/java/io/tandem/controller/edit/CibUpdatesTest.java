package io.tandem.controller.edit;

import io.tandem.cib.Cib;
import io.tandem.controller.AdminException;
import io.tandem.controller.AdminException.Reason;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static io.tandem.controller.edit.TestCibs.assertRefused;
import static io.tandem.controller.edit.TestCibs.constraint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class CibUpdatesTest {
    private static final Instant NOW = Instant.parse("2026-11-23T20:15:31Z");
    private final Cib cib = TestCibs.twoNodes();

    @Test
    void moveReadsThePlacementFromTheCibItIsAppliedTo() throws Exception {
        Cib away = CibUpdates.move("ip", Optional.empty(), ConstraintEdits.Options.defaults(), NOW).edit().applyTo(cib);
        assertEquals("n1", constraint(away, "cli-ban-ip-on-n1").attr("node"));
        Cib to = CibUpdates.move("ip", Optional.of("n2"), ConstraintEdits.Options.defaults(), NOW).edit().applyTo(cib);
        assertEquals("n2", constraint(to, "cli-prefer-ip").attr("node"));
        assertRefused(Reason.CONFLICT, () -> CibUpdates.move("ip", Optional.of("n1"), ConstraintEdits.Options.defaults(), NOW)
                .edit().applyTo(cib));
        assertFalse(CibUpdates.ban("ip", Optional.of("n2"), ConstraintEdits.Options.defaults(), NOW).administrative());
    }

    @Test
    void eachUpdateIsItsEdit() throws Exception {
        assertEquals(AttributeEdits.maintenance(cib, true), CibUpdates.maintenance(true).edit().applyTo(cib));
        assertEquals(AttributeEdits.standby(cib, "n1", true, true), CibUpdates.standby("n1", true, true).edit().applyTo(cib));
        assertEquals(AttributeEdits.setMeta(cib, "c", "x", "1"), CibUpdates.meta("c", "x", Optional.of("1")).edit().applyTo(cib));
        assertEquals(AttributeEdits.deleteParameter(cib, "ip", "ip"),
                CibUpdates.parameter("ip", "ip", Optional.empty()).edit().applyTo(cib));
        assertEquals(ConstraintEdits.clear(cib, "ip", Optional.empty()).cib(),
                CibUpdates.clear("ip", Optional.empty()).edit().applyTo(cib));
        assertEquals(StatusEdits.cleanup(cib, Optional.of("d1"), Optional.empty(), true),
                CibUpdates.cleanup(Optional.of("d1"), Optional.empty(), true).edit().applyTo(cib));
        assertRefused(Reason.NOT_FOUND, () -> CibUpdates.targetRole("nope", "Started").edit().applyTo(cib));
    }

}
