package io.tandem.importers.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tandem.importers.crm.CrmCommand.AttributeExpression;
import io.tandem.importers.crm.CrmCommand.AttributeSet;
import io.tandem.importers.crm.CrmCommand.DateExpression;
import io.tandem.importers.crm.CrmCommand.NvPair;
import io.tandem.importers.crm.CrmCommand.Operation;
import io.tandem.importers.crm.CrmCommand.SetKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrmParserTest {
    private static CrmSyntaxException error(String text) {
        return assertThrows(CrmSyntaxException.class, () -> CrmParser.parse(text));
    }

    @Test
    void primitiveWithContinuationsQuotesAndComments() throws Exception {
        List<CrmCommand> cs = CrmParser.parse("# comment\n\nprimitive vip ocf:heartbeat:IPaddr2 \\\n"
                + "  params ip=10.0.0.1 \"label=a b\" opts='x \"y\"' note=\"say \\\"hi\\\"\" \\\n"
                + "  op monitor interval=10s timeout=20 \\\n  meta target-role=Stopped\n");
        assertEquals(1, cs.size());
        CrmCommand.Primitive p = (CrmCommand.Primitive) cs.get(0);
        assertEquals(3, p.line());
        assertEquals(List.of(
                new AttributeSet(SetKind.PARAMS, null, List.of(new NvPair("ip", "10.0.0.1"), new NvPair("label", "a b"),
                        new NvPair("opts", "x \"y\""), new NvPair("note", "say \"hi\""))),
                new Operation("monitor", List.of(new NvPair("interval", "10s"), new NvPair("timeout", "20"))),
                new AttributeSet(SetKind.META, null, List.of(new NvPair("target-role", "Stopped")))), p.sections());
        assertEquals(List.of("ocf", "heartbeat", "IPaddr2"), List.of(p.agentClass(), p.provider(), p.type()));
    }

    @Test
    void agentForms() throws Exception {
        CrmCommand.Primitive lsb = (CrmCommand.Primitive) CrmParser.parse("primitive w lsb:nginx").get(0);
        assertEquals(List.of("lsb", "nginx"), List.of(lsb.agentClass(), lsb.type()));
        assertEquals(null, lsb.provider());
        CrmCommand.Primitive bare = (CrmCommand.Primitive) CrmParser.parse("primitive w Dummy").get(0);
        assertEquals(List.of("ocf", "heartbeat", "Dummy"), List.of(bare.agentClass(), bare.provider(), bare.type()));
    }

    @Test
    void ruleExpressions() throws Exception {
        CrmCommand.Location l = (CrmCommand.Location) CrmParser.parse(
                "location l g rule $role=Promoted -inf: not_defined pingd or pingd number:lte 0 "
                        + "rule 5: date in start=2030-01-01 end=2031-01-01").get(0);
        assertEquals(2, l.rules().size());
        assertEquals("or", l.rules().get(0).booleanOp());
        assertEquals("Promoted", l.rules().get(0).role());
        assertEquals(List.of(new AttributeExpression("pingd", "not_defined", null, null),
                new AttributeExpression("pingd", "lte", "number", "0")), l.rules().get(0).expressions());
        assertEquals(List.of(new DateExpression("in_range", "2030-01-01", "2031-01-01")), l.rules().get(1).expressions());
    }

    @Test
    void errorsSayWhereAndWhatWasExpected() {
        CrmSyntaxException e = error("primitive vip ocf:heartbeat:IPaddr2\nprimitive x ocf:heartbeat:IPaddr2 parms ip=1");
        assertEquals(2, e.line());
        assertEquals(35, e.column());
        assertEquals("parms", e.token());
        assertEquals("line 2, column 35: at 'parms': expected params, meta, op or utilization", e.getMessage());

        e = error("location l1 vip 100 n1");
        assertEquals(List.of(1, 17, "100"), List.of(e.line(), e.column(), e.token()));
        assertEquals("a score such as 100: or -inf:, or rule", e.expected());

        e = error("primitive vip");
        assertEquals("line 1, column 14: at the end of the command: expected a resource agent (class:provider:type"
                + " such as ocf:heartbeat:IPaddr2, class:type such as lsb:nginx, or a type of ocf:heartbeat)", e.getMessage());

        e = error("colocation c inf: a");
        assertEquals("another resource id (at least two)", e.expected());

        e = error("location l g rule 5: a eq 1 and b eq 2 or c eq 3");
        assertEquals(List.of(1, 40, "or"), List.of(e.line(), e.column(), e.token()));

        e = error("primitive p ocf:heartbeat:Dummy params x=\"unterminated\nprimitive q Dummy");
        assertEquals(List.of(1, 42, "\""), List.of(e.line(), e.column(), e.token()));

        e = error("frobnicate x");
        assertEquals("frobnicate", e.token());

        e = error("primitive 1abc Dummy");
        assertEquals("1abc", e.token());

        e = error("order o Mandatory: a b bogus=1");
        assertEquals("symmetrical=true|false or the end of the command", e.expected());

        e = error("location l g rule 5: a foo 1");
        assertEquals("foo", e.token());

        e = error("group g a b \\\n  meta");
        assertEquals(List.of(2, 7, ""), List.of(e.line(), e.column(), e.token()));
    }
}
