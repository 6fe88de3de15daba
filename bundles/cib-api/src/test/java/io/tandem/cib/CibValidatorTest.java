package io.tandem.cib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CibValidatorTest {
    @Test
    void acceptsTheSample() throws Exception {
        Cib cib = CibValidator.parse(Samples.sampleXml(), "sample");
        assertEquals("0.12.3", cib.version().toString());
    }

    @Test
    void acceptsTheEmptyCib() throws Exception {
        CibValidator.validate(Cib.empty("pacemaker-3.7"), "empty");
    }

    /**
     * Each row replaces one piece of the valid sample; the validator must name the element and the line where the
     * replacement is, and say what is wrong.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        missing type          | <primitive id="vip" class="ocf" provider="heartbeat" type="IPaddr2" | <primitive id="vip" class="ocf" provider="heartbeat" | primitive | attribute 'type' is missing
        missing provider      | provider="pacemaker" type="ping"   | type="ping"                          | primitive      | attribute 'provider' is missing
        unknown class         | class="stonith"                    | class="stonith-ng"                   | primitive      | class="stonith-ng"
        duplicate id          | id="vip-monitor"                   | id="vip-params"                      | op             | id 'vip-params' is already used by <instance_attributes> at line 22
        missing id            | <nvpair id="vip-ip" name="ip"      | <nvpair name="ip"                    | nvpair         | attribute 'id' is missing
        bad interval          | interval="10s" timeout="20s"       | interval="ten" timeout="20s"         | op             | interval="ten" is not a duration
        bad timeout           | timeout="1min"                     | timeout="1 minute"                   | op             | timeout="1 minute" is not a duration
        bad op role           | role="Promoted"/>                  | role="Leader"/>                      | op             | role="Leader"
        bad on-fail           | on-fail="restart"                  | on-fail="reboot"                     | op             | on-fail="reboot"
        dangling rsc          | id="web-prefers-alpha" rsc="web"   | id="web-prefers-alpha" rsc="webb"    | rsc_location   | rsc="webb" refers to no resource, template or tag 'webb'
        dangling with-rsc     | with-rsc="db-ms"                   | with-rsc="db"                        | -              | -
        dangling then         | then="web" then-action             | then="www" then-action               | rsc_order      | then="www" refers to no resource
        dangling resource_ref | <resource_ref id="web"/>           | <resource_ref id="nope"/>            | resource_ref   | id="nope" refers to no resource
        dangling template     | template="web-template"            | template="vip"                       | primitive      | template="vip" refers to no template 'vip'
        bad score             | node="alpha" score="100"           | node="alpha" score="lots"            | rsc_location   | score="lots" is not a score
        bad kind              | kind="Mandatory"                   | kind="Required"                      | rsc_order      | kind="Required"
        bad role              | with-rsc-role="Promoted"           | with-rsc-role="Primary"              | rsc_colocation | with-rsc-role="Primary"
        bad symmetrical       | symmetrical="true"                 | symmetrical="maybe"                  | rsc_order      | symmetrical="maybe" is not a boolean
        bad sequential        | sequential="false"                 | sequential="2"                       | resource_set   | sequential="2" is not a boolean
        bad action            | first-action="promote"             | first-action="migrate"               | rsc_order      | first-action="migrate"
        location without node | rsc="web" node="alpha" score="100" | rsc="web" score="100"                | rsc_location   | attribute 'node' is missing
        bad expression op     | operation="not_defined"            | operation="exists"                   | expression     | operation="exists"
        nvpair without name   | <nvpair id="vip-ip" name="ip"      | <nvpair id="vip-ip"                  | nvpair         | attribute 'name' is missing
        clone of a clone      | <primitive id="ping" class="ocf" provider="pacemaker" type="ping"/> | <clone id="inner"><primitive id="ping" class="ocf" provider="pacemaker" type="ping"/></clone> | clone | a clone contains one primitive or group, not <clone>
        unknown section       | <rsc_defaults>                     | <rsc_defaultz/><rsc_defaults>        | rsc_defaultz   | unknown configuration section
        bad epoch             | epoch="12"                         | epoch="-1"                           | cib            | epoch="-1" is not a non-negative integer
        missing num_updates   | num_updates="3"                    | num_update="3"                       | cib            | attribute 'num_updates' is missing
        bad node type         | <node id="2" uname="beta"/>        | <node id="2" uname="beta" type="vm"/> | node          | type="vm"
        duplicate node id     | <node id="2" uname="beta"/>        | <node id="1" uname="beta"/>          | node           | node id '1' is used twice
        node without uname    | <node id="2" uname="beta"/>        | <node id="2"/>                       | node           | attribute 'uname' is missing
        bad lrm call-id       | call-id="6"                        | call-id="six"                        | lrm_rsc_op     | call-id="six" is not an integer
        op without operation  | operation="monitor" call-id="6"    | call-id="6"                          | lrm_rsc_op     | attribute 'operation' is missing
        duplicate node_state  | <node_state id="2" uname="beta"    | <node_state id="1" uname="beta"      | node_state     | node_state id '1' is used twice
        """)
    void rejectsWithLineAndElement(String name, String find, String replacement, String element, String problem) {
        if (element.equals("-")) {
            // "db" exists (the primitive inside db-ms), so this one is valid: referring to a clone's child is allowed
            // by Pacemaker's schema (the scheduler ignores such a constraint with an error).
            String xml = replaceOnce(Samples.sampleXml(), find, replacement);
            org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> CibValidator.parse(xml, "bad.xml"));
            return;
        }
        String original = Samples.sampleXml();
        String xml = replaceOnce(original, find, replacement);
        int line = lineOf(original, find);
        CibParseException e = assertThrows(CibParseException.class, () -> CibValidator.parse(xml, "bad.xml"));
        assertEquals("bad.xml", e.source());
        assertEquals(element, e.element(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.problem().contains(problem), e.getMessage());
        assertTrue(e.getMessage().startsWith("bad.xml:" + line + ": <" + element + ">:"), e.getMessage());
    }

    @Test
    void requiresStatusAndConfiguration() {
        String noStatus = Samples.sampleXml().replaceAll("(?s)<status>.*</status>", "");
        CibParseException e = assertThrows(CibParseException.class, () -> CibValidator.parse(noStatus, "s"));
        assertEquals("cib", e.element());
        assertEquals(1, e.line());
        assertTrue(e.problem().contains("status section is missing"), e.problem());

        String noConstraints = Samples.sampleXml().replaceAll("(?s)<constraints>.*</constraints>", "");
        e = assertThrows(CibParseException.class, () -> CibValidator.parse(noConstraints, "s"));
        assertEquals("configuration", e.element());
        assertTrue(e.problem().contains("<constraints> section is missing"), e.problem());
    }

    @Test
    void rejectsAnotherRoot() {
        CibParseException e = assertThrows(CibParseException.class, () -> CibValidator.parse("<pacemaker/>", "x"));
        assertEquals("pacemaker", e.element());
        assertTrue(e.problem().contains("<cib>"));
    }

    @Test
    void rejectsAnEmptyGroup() {
        String xml = Samples.sampleXml().replace("<resources>", "<resources>\n      <group id=\"empty\"/>");
        CibParseException e = assertThrows(CibParseException.class, () -> CibValidator.parse(xml, "g"));
        assertEquals("group", e.element());
        assertEquals(lineOf(xml, "<group id=\"empty\"/>"), e.line());
        assertTrue(e.problem().contains("at least one primitive"));
    }

    @Test
    void reportsBrokenXmlWithLine() {
        String xml = Samples.sampleXml().replace("<nodes>", "<nodes><oops>");
        CibParseException e = assertThrows(CibParseException.class, () -> CibValidator.parse(xml, "broken.xml"));
        assertTrue(e.line() > 0);
        assertTrue(e.problem().contains("not well-formed"), e.problem());
    }

    @Test
    void statusOnlyValidationIgnoresTheConfiguration() throws Exception {
        Cib cib = Samples.sample();
        Cib broken = new Cib(cib.root().withReplacedChild(cib.configuration().withChildren(java.util.List.of())));
        CibValidator.validateStatus(broken, "s");
        assertThrows(CibParseException.class, () -> CibValidator.validate(broken, "s"));
    }

    static String replaceOnce(String s, String find, String replacement) {
        int i = s.indexOf(find);
        if (i < 0 || s.indexOf(find, i + 1) >= 0) {
            throw new AssertionError("'" + find + "' must occur exactly once in the sample");
        }
        return s.substring(0, i) + replacement + s.substring(i + find.length());
    }

    static int lineOf(String s, String find) {
        int i = s.indexOf(find);
        return (int) s.substring(0, i).chars().filter(c -> c == '\n').count() + 1;
    }
}
