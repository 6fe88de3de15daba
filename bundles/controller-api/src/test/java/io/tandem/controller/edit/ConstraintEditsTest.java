package io.tandem.controller.edit;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import io.tandem.controller.AdminException;
import io.tandem.controller.AdminException.Reason;
import io.tandem.controller.ClusterAdmin.Placement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static io.tandem.controller.edit.TestCibs.assertRefused;
import static io.tandem.controller.edit.TestCibs.assertValid;
import static io.tandem.controller.edit.TestCibs.constraint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConstraintEditsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T20:15:31Z");
    private static final ConstraintEdits.Options PLAIN = ConstraintEdits.Options.defaults();
    private final Cib cib = TestCibs.twoNodes();

    private List<Placement> at(String rsc) throws AdminException {
        return Placements.of(cib, rsc);
    }

    private List<String> constraintIds(Cib c) {
        return c.configuration().child("constraints").orElseThrow().children().stream().map(CibElement::id).toList();
    }

    @Test
    void moveWritesTheShortPreferConstraint() throws AdminException {
        Cib out = ConstraintEdits.move(cib, "ip", "n2", at("ip"), PLAIN, NOW);
        assertEquals(CibElement.of("rsc_location", "id", "cli-prefer-ip", "rsc", "ip", "role", "Started", "node", "n2",
                "score", "INFINITY"), constraint(out, "cli-prefer-ip"));
        assertValid(out);
        assertSame(cib.status(), out.status(), "status untouched");
    }

    @Test
    void moveWithLifetimeWritesTheRuleWithCrmResourcesIds() throws AdminException {
        Cib out = ConstraintEdits.move(cib, "ip", "n2", at("ip"), PLAIN.withLifetime(Lifetime.parse("PT10M")), NOW);
        CibElement loc = constraint(out, "cli-prefer-ip");
        assertEquals(null, loc.attr("node"));
        assertEquals("Started", loc.attr("role"));
        CibElement rule = loc.child("rule").orElseThrow();
        assertEquals("cli-prefer-rule-ip", rule.id());
        assertEquals("INFINITY", rule.attr("score"));
        assertEquals("and", rule.attr("boolean-op"));
        assertEquals(CibElement.of("expression", "id", "cli-prefer-expr-ip", "attribute", "#uname", "operation", "eq",
                "value", "n2", "type", "string"), rule.children().get(0));
        assertEquals(CibElement.of("date_expression", "id", "cli-prefer-lifetime-end-ip", "operation", "lt",
                "end", "2026-11-23 20:25:31Z"), rule.children().get(1));
        assertValid(out);
    }

    @Test
    void moveOfPromotableWithPromotedUsesThePromotedRole() throws AdminException {
        Cib out = ConstraintEdits.move(cib, "ms", "n2", at("ms"), PLAIN.withPromoted(true), NOW);
        assertEquals("Promoted", constraint(out, "cli-prefer-ms").attr("role"));
        Cib oldSchema = new Cib(cib.root().withAttribute("validate-with", "pacemaker-3.0"));
        Cib out2 = ConstraintEdits.move(oldSchema, "ms", "n2", Placements.of(oldSchema, "ms"), PLAIN.withPromoted(true), NOW);
        assertEquals("Master", constraint(out2, "cli-prefer-ms").attr("role"), "schemas before 3.7 know only Master");
    }

    @Test
    void promotedIsIgnoredForResourcesThatAreNotPromotable() throws AdminException {
        Cib out = ConstraintEdits.move(cib, "c", "n2", at("c"), PLAIN.withPromoted(true), NOW);
        assertEquals("Started", constraint(out, "cli-prefer-c").attr("role"));
        // the primitive of a promotable clone keeps --promoted and is judged by where the clone is promoted
        Cib st = ConstraintEdits.move(cib, "st", "n2", at("st"), PLAIN.withPromoted(true), NOW);
        assertEquals("Promoted", constraint(st, "cli-prefer-st").attr("role"));
        assertRefused(Reason.CONFLICT, () -> ConstraintEdits.move(cib, "st", "n1", at("st"), PLAIN.withPromoted(true), NOW));
    }

    @Test
    void moveToWhereItRunsIsAConflictUnlessForced() throws AdminException {
        assertRefused(Reason.CONFLICT, () -> ConstraintEdits.move(cib, "ip", "n1", at("ip"), PLAIN, NOW));
        assertRefused(Reason.CONFLICT, () -> ConstraintEdits.move(cib, "g1", "n1", at("g1"), PLAIN, NOW));
        assertRefused(Reason.CONFLICT, () -> ConstraintEdits.move(cib, "ms", "n1", at("ms"), PLAIN, NOW));
        Cib forced = ConstraintEdits.move(cib, "ip", "n1", at("ip"), PLAIN.withForce(true), NOW);
        assertEquals(List.of("cli-prefer-ip"), constraintIds(forced), "reinforced, not banned from its own node");
    }

    @Test
    void forcedMoveAlsoBansTheNodeItLeaves() throws AdminException {
        Cib out = ConstraintEdits.move(cib, "ip", "n2", at("ip"), PLAIN.withForce(true), NOW);
        assertEquals(List.of("cli-prefer-ip", "cli-ban-ip-on-n1"), constraintIds(out));
        assertEquals("-INFINITY", constraint(out, "cli-ban-ip-on-n1").attr("score"));
    }

    @Test
    void aCloneActiveOnSeveralNodesMovesButAPrimitiveActiveTwiceDoesNot() throws AdminException {
        assertEquals(List.of("cli-prefer-c"), constraintIds(ConstraintEdits.move(cib, "c", "n1", at("c"), PLAIN, NOW)));
        List<Placement> twice = List.of(new Placement("ip", "n1", "Started"), new Placement("ip", "n2", "Started"));
        assertRefused(Reason.CONFLICT, () -> ConstraintEdits.move(cib, "ip", "n2", twice, PLAIN, NOW));
    }

    @Test
    void moveReplacesTheEarlierPreferAndTheBanOnTheTarget() throws AdminException {
        Cib c = ConstraintEdits.ban(cib, "d1", "n2", PLAIN, NOW);
        c = ConstraintEdits.ban(c, "ip", "n2", PLAIN, NOW);
        c = ConstraintEdits.move(c, "ip", "n2", at("ip"), PLAIN.withLifetime(Lifetime.parse("P1D")), NOW);
        assertEquals(List.of("cli-ban-d1-on-n2", "cli-prefer-ip"), constraintIds(c));
        c = ConstraintEdits.move(c, "ip", "n2", at("ip"), PLAIN, NOW);
        assertEquals(CibElement.of("rsc_location", "id", "cli-prefer-ip", "rsc", "ip", "role", "Started", "node", "n2",
                "score", "INFINITY"), constraint(c, "cli-prefer-ip"), "the lifetime rule is gone");
        assertValid(c);
    }

    @Test
    void banWritesShortAndRuleForms() throws AdminException {
        Cib out = ConstraintEdits.ban(cib, "ip", "n2", PLAIN, NOW);
        assertEquals(CibElement.of("rsc_location", "id", "cli-ban-ip-on-n2", "rsc", "ip", "role", "Started", "node", "n2",
                "score", "-INFINITY"), constraint(out, "cli-ban-ip-on-n2"));
        Cib timed = ConstraintEdits.ban(cib, "c", "n2", PLAIN.withLifetime(Lifetime.parse("P1D")), NOW);
        CibElement rule = constraint(timed, "cli-ban-c-on-n2").child("rule").orElseThrow();
        assertEquals("cli-ban-c-on-n2-rule", rule.id());
        assertEquals("-INFINITY", rule.attr("score"));
        assertEquals("cli-ban-c-on-n2-expr", rule.children().get(0).id());
        assertEquals("cli-ban-c-on-n2-lifetime", rule.children().get(1).id());
        assertEquals("2026-11-24 20:15:31Z", rule.children().get(1).attr("end"));
        assertValid(timed);
        Cib promoted = ConstraintEdits.ban(cib, "ms", "n2", PLAIN.withPromoted(true), NOW);
        assertEquals("Promoted", constraint(promoted, "cli-ban-ms-on-n2").attr("role"));
    }

    @Test
    void banAgainReplacesTheConstraint() throws AdminException {
        Cib c = ConstraintEdits.ban(cib, "ip", "n2", PLAIN.withLifetime(Lifetime.parse("PT1H")), NOW);
        c = ConstraintEdits.ban(c, "ip", "n2", PLAIN, NOW);
        assertEquals(List.of("cli-ban-ip-on-n2"), constraintIds(c));
        assertTrue(constraint(c, "cli-ban-ip-on-n2").children().isEmpty());
        assertValid(c);
    }

    @Test
    void banWithoutNodeBansWhereItRuns() throws AdminException {
        assertEquals(List.of("cli-ban-ip-on-n1"), constraintIds(ConstraintEdits.banCurrent(cib, "ip", at("ip"), PLAIN, NOW)));
        assertEquals(List.of("cli-ban-d1-on-n1"), constraintIds(ConstraintEdits.banCurrent(cib, "d1", at("d1"), PLAIN, NOW)),
                "a failed resource counts as active");
        assertEquals(List.of("cli-ban-g-on-n1"), constraintIds(ConstraintEdits.banCurrent(cib, "g", at("g"), PLAIN, NOW)));
        Cib ms = ConstraintEdits.banCurrent(cib, "ms", at("ms"), PLAIN, NOW);
        assertEquals("Started", constraint(ms, "cli-ban-ms-on-n1").attr("role"), "the promoted node, all roles");
        Cib msPromoted = ConstraintEdits.banCurrent(cib, "ms", at("ms"), PLAIN.withPromoted(true), NOW);
        assertEquals("Promoted", constraint(msPromoted, "cli-ban-ms-on-n1").attr("role"));
        assertRefused(Reason.CONFLICT, () -> ConstraintEdits.banCurrent(cib, "c", at("c"), PLAIN, NOW));
        assertRefused(Reason.CONFLICT, () -> ConstraintEdits.banCurrent(cib, "ip", List.of(), PLAIN, NOW));
    }

    @Test
    void clearRemovesPreferAndBansForOneNodeOrAll() throws AdminException {
        Cib c = ConstraintEdits.ban(cib, "ip", "n2", PLAIN, NOW);
        c = ConstraintEdits.move(c, "d1", "n2", at("d1"), PLAIN.withLifetime(Lifetime.parse("PT1H")), NOW);
        c = ConstraintEdits.ban(c, "d1", "n1", PLAIN.withLifetime(Lifetime.parse("PT1H")), NOW);
        c = ConstraintEdits.ban(c, "ip", "n1", PLAIN, NOW);

        ConstraintEdits.Cleared one = ConstraintEdits.clear(c, "ip", Optional.of("n2"));
        assertEquals(List.of("cli-ban-ip-on-n2"), one.removed());
        assertEquals(List.of("cli-prefer-d1", "cli-ban-d1-on-n1", "cli-ban-ip-on-n1"), constraintIds(one.cib()));

        ConstraintEdits.Cleared prefer = ConstraintEdits.clear(c, "d1", Optional.of("n2"));
        assertEquals(List.of("cli-prefer-d1"), prefer.removed(), "the rule form names the node in its expression");
        assertEquals(List.of("cli-ban-ip-on-n2", "cli-ban-d1-on-n1", "cli-ban-ip-on-n1"), constraintIds(prefer.cib()));

        ConstraintEdits.Cleared all = ConstraintEdits.clear(c, "d1", Optional.empty());
        assertEquals(List.of("cli-prefer-d1", "cli-ban-d1-on-n1"), all.removed());
        assertEquals(List.of("cli-ban-ip-on-n2", "cli-ban-ip-on-n1"), constraintIds(all.cib()));

        ConstraintEdits.Cleared none = ConstraintEdits.clear(cib, "ip", Optional.empty());
        assertEquals(List.of(), none.removed());
        assertSame(cib, none.cib());
    }

    @Test
    void clearOfAPreferForAnotherNodeLeavesIt() throws AdminException {
        Cib c = ConstraintEdits.move(cib, "ip", "n2", at("ip"), PLAIN, NOW);
        assertEquals(List.of(), ConstraintEdits.clear(c, "ip", Optional.of("n1")).removed());
        assertEquals(List.of("cli-prefer-ip"), ConstraintEdits.clear(c, "ip", Optional.of("n2")).removed());
    }

    @Test
    void unknownNamesAndInstancesAreRefused() {
        assertRefused(Reason.NOT_FOUND, () -> ConstraintEdits.move(cib, "nope", "n2", List.of(), PLAIN, NOW));
        assertRefused(Reason.NOT_FOUND, () -> ConstraintEdits.move(cib, "ip", "n9", List.of(), PLAIN, NOW));
        assertRefused(Reason.NOT_FOUND, () -> ConstraintEdits.ban(cib, "ip", "n9", PLAIN, NOW));
        assertRefused(Reason.NOT_FOUND, () -> ConstraintEdits.clear(cib, "ipx", Optional.empty()));
        assertRefused(Reason.NOT_FOUND, () -> ConstraintEdits.clear(cib, "ip", Optional.of("n3")));
        assertRefused(Reason.INVALID, () -> ConstraintEdits.ban(cib, "cd:0", "n2", PLAIN, NOW));
        assertRefused(Reason.INVALID, () -> ConstraintEdits.move(cib, "", "n2", List.of(), PLAIN, NOW));
        assertRefused(Reason.INVALID, () -> ConstraintEdits.ban(cib, "ip", " ", PLAIN, NOW));
    }

    @Test
    void anIdTakenByAnotherElementIsAConflict() {
        Cib clash = TestCibs.parse(cib.root().toString().replace("id=\"ip-params\"", "id=\"cli-ban-ip-on-n2\""));
        assertRefused(Reason.CONFLICT, () -> ConstraintEdits.ban(clash, "ip", "n2", PLAIN, NOW));
        assertFalse(clash.configuration().child("constraints").orElseThrow().children().iterator().hasNext());
    }
}
