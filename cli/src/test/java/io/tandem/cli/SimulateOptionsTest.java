package io.tandem.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SimulateOptionsTest {
    private static SimulateOptions parse(String... args) throws UsageException {
        return SimulateOptions.parse(List.of(args));
    }

    private static String error(String... args) {
        return assertThrows(UsageException.class, () -> parse(args)).getMessage();
    }

    @Test
    void upstreamDriverSpelling() throws Exception {
        SimulateOptions o = parse("-x", "in.xml", "-D", "out.dot", "-G", "out.exp", "-sSQ");
        assertEquals(Optional.of("in.xml"), o.xmlFile());
        assertEquals(Optional.of("out.dot"), o.saveDot());
        assertEquals(Optional.of("out.exp"), o.saveGraph());
        assertTrue(o.showScores() && o.simulate() && o.quiet());
        assertFalse(o.run() || o.xmlPipe() || o.help());
    }

    @Test
    void attachedValuesLongOptionsAndBundlesEndingInAValue() throws Exception {
        assertEquals(Optional.of("in.xml"), parse("-xin.xml").xmlFile());
        assertEquals(Optional.of("in.xml"), parse("--xml-file=in.xml").xmlFile());
        assertEquals(Optional.of("in.xml"), parse("--xml-file", "in.xml").xmlFile());
        SimulateOptions o = parse("-Sx", "in.xml", "--set-datetime=2014-05-07 00:28:00", "--show-scores", "--run");
        assertTrue(o.simulate() && o.showScores() && o.run());
        assertEquals(Optional.of("2014-05-07 00:28:00"), o.dateTime());
        assertEquals(Optional.of("g.xml"), parse("-p", "-sG", "g.xml").saveGraph());
        assertTrue(parse("-p", "-VVV").xmlPipe());
    }

    @Test
    void helpNeedsNoInput() throws Exception {
        assertTrue(parse("-h").help());
        assertTrue(parse("--help").help());
    }

    @Test
    void clearErrors() {
        assertTrue(error("-S").startsWith("no CIB given"));
        assertEquals("option -x needs a value", error("-x"));
        assertEquals("option --save-graph needs a value", error("-p", "--save-graph"));
        assertEquals("crm_simulate option -u (--node-up) is not supported by tandem simulate", error("-x", "f", "-u", "n1"));
        assertEquals("crm_simulate option --live-check is not supported by tandem simulate", error("--live-check"));
        assertEquals("unknown option -z (see tandem simulate -h)", error("-x", "f", "-z"));
        assertEquals("unknown option --frobnicate (see tandem simulate -h)", error("--frobnicate"));
        assertTrue(error("in.xml").startsWith("unexpected argument \"in.xml\""));
        assertEquals("-x and -p both name the CIB: give one", error("-x", "f", "-p"));
        assertEquals("option --simulate takes no value", error("-p", "--simulate=yes"));
        assertEquals("option -G given twice", error("-p", "-G", "a", "-G", "b"));
    }
}
