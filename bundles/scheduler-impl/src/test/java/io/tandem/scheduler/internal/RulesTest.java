package io.tandem.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cib.CibElement;
import io.tandem.cib.CibXml;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RulesTest {
    private static CibElement xml(String s) throws Exception {
        return CibXml.parse(s, "test");
    }

    private static Rules.Context node(String... kv) {
        Map<String, String> attrs = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            attrs.put(kv[i], kv[i + 1]);
        }
        return new Rules.Context(attrs, null, 0, null, null);
    }

    @Test
    void andOrAndNumericComparisons() throws Exception {
        CibElement and = xml("<rule id='r' score='10'><expression id='e1' attribute='#uname' operation='eq' value='n1'/>"
                + "<expression id='e2' attribute='pingd' operation='gt' value='5' type='number'/></rule>");
        assertTrue(Rules.test(and, node("#uname", "n1", "pingd", "10")));
        assertFalse(Rules.test(and, node("#uname", "n1", "pingd", "3")));
        CibElement or = xml("<rule id='r' boolean-op='or'><expression id='e1' attribute='a' operation='defined'/>"
                + "<expression id='e2' attribute='b' operation='eq' value='x'/></rule>");
        assertTrue(Rules.test(or, node("b", "x")));
        assertFalse(Rules.test(or, node("b", "y")));
        // a number compared as a number, not as text
        CibElement lt = xml("<rule id='r'><expression id='e' attribute='v' operation='lt' value='10' type='integer'/></rule>");
        assertTrue(Rules.test(lt, node("v", "9")));
    }

    @Test
    void higherScoredSetsWinAndRulesGateSets() throws Exception {
        CibElement prim = xml("<primitive id='p'>"
                + "<meta_attributes id='m1' score='1'><nvpair id='a' name='target-role' value='Stopped'/></meta_attributes>"
                + "<meta_attributes id='m2' score='5'><nvpair id='b' name='target-role' value='Started'/></meta_attributes>"
                + "<meta_attributes id='m3' score='9'><rule id='r'><expression id='e' attribute='#uname' operation='eq' value='nope'/></rule>"
                + "<nvpair id='c' name='target-role' value='Promoted'/></meta_attributes></primitive>");
        Map<String, String> meta = new LinkedHashMap<>();
        Rules.unpackSets(prim, "meta_attributes", node("#uname", "n1"), meta, false);
        assertEquals("Started", meta.get("target-role"));
    }

    @Test
    void intervalsInPacemakerUnits() {
        assertEquals(10_000, Rules.parseIntervalMs("10s"));
        assertEquals(10_000, Rules.parseIntervalMs("10"));
        assertEquals(120_000, Rules.parseIntervalMs("2m"));
        assertEquals(500, Rules.parseIntervalMs("500ms"));
        assertEquals(15_000, Rules.parseIntervalMs("PT15S"));
    }
}
