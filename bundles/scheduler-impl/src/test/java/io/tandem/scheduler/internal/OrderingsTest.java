package io.tandem.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cib.Cib;
import io.tandem.cib.CibXml;
import io.tandem.scheduler.SimulationReport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Flag propagation along orderings (pcmk__update_action_for_orderings), clone-min orderings, group orderings and
 * blocked groups. The expected lines were produced by crm_simulate 2.1.5 from the same CIBs.
 */
class OrderingsTest {
    private static final String DIGEST = "crm_feature_set='3.0.6' op-digest='f2317cad3d54cec5d7d7aa7d0bf35cf8'";

    private static String op(String rsc, String task, int rc, int callId) {
        return "<lrm_rsc_op id='" + rsc + "_last_0' operation_key='" + rsc + "_" + task + "_0' operation='" + task
                + "' transition-key='1:1:" + rc + ":x' call-id='" + callId + "' rc-code='" + rc + "' op-status='0' interval='0' "
                + DIGEST + "/>";
    }

    private static String probed(String rsc) {
        return lrm(rsc, op(rsc, "monitor", 7, 1));
    }

    private static String started(String rsc) {
        return lrm(rsc, op(rsc, "start", 0, 2));
    }

    private static String lrm(String rsc, String ops) {
        return "<lrm_resource id='" + rsc + "' class='ocf' provider='heartbeat' type='Dummy'>" + ops + "</lrm_resource>";
    }

    private static String node(String id, String uname, String resources) {
        return "<node_state id='" + id + "' uname='" + uname + "' in_ccm='true' crmd='online' join='member' expected='member'>"
                + "<lrm id='" + id + "'><lrm_resources>" + resources + "</lrm_resources></lrm></node_state>";
    }

    private static SimulationReport run(String resources, String constraints, String status) throws Exception {
        String xml = "<cib admin_epoch='0' epoch='1' num_updates='1' have-quorum='1'><configuration><crm_config>"
                + "<cluster_property_set id='o'><nvpair id='s' name='stonith-enabled' value='false'/></cluster_property_set>"
                + "</crm_config><nodes><node id='1' uname='n1'/><node id='2' uname='n2'/></nodes>"
                + "<resources>" + resources + "</resources><constraints>" + constraints + "</constraints></configuration>"
                + "<status>" + status + "</status></cib>";
        return new PacemakerSimulator().simulate(new Cib(CibXml.parse(xml, "test")), Instant.EPOCH);
    }

    private static List<String> summary(SimulationReport r) {
        return SimulateText.section(r.text(), "Transition Summary:", "Executing Cluster Transition:");
    }

    private static List<String> executed(SimulationReport r) {
        return SimulateText.section(r.text(), "Executing Cluster Transition:", "Revised Cluster Status:");
    }

    private static String primitive(String id) {
        return "<primitive id='" + id + "' class='ocf' provider='heartbeat' type='Dummy'/>";
    }

    @Test
    void restartOfALaterGroupMemberNamesTheEarlierMemberThatStarts() throws Exception {
        SimulationReport r = run("<group id='g'>" + primitive("a") + primitive("b") + "</group>",
                "<rsc_location id='l' rsc='g' node='n1' score='100'/>",
                node("1", "n1", probed("a") + started("b")) + node("2", "n2", probed("a") + probed("b")));
        assertEquals(List.of("*Starta(n1)", "*Restartb(n1)duetorequiredastart"), summary(r), r.text());
        List<String> exec = executed(r);
        assertTrue(exec.indexOf("*Resourceaction:bstoponn1") < exec.indexOf("*Resourceaction:astartonn1"), r.text());
        assertTrue(exec.indexOf("*Resourceaction:astartonn1") < exec.indexOf("*Resourceaction:bstartonn1"), r.text());
        assertTrue(exec.contains("*Pseudoaction:g_running_0"), r.text());
    }

    @Test
    void cloneMinKeepsTheThenResourceStoppedUntilEnoughInstancesCanStart() throws Exception {
        String resources = "<clone id='C'><meta_attributes id='cm'><nvpair id='cmin' name='clone-min' value='2'/></meta_attributes>"
                + primitive("p") + "</clone>" + primitive("d");
        String status = node("1", "n1", probed("p") + probed("d")) + node("2", "n2", probed("p") + probed("d"));
        SimulationReport r = run(resources,
                "<rsc_location id='ban' rsc='C' node='n2' score='-INFINITY'/><rsc_order id='o1' first='C' then='d'/>", status);
        assertEquals(List.of("*Startp:0(n1)", "*Startd(n2)duetounrunnableclone-one-or-more:o1(blocked)"), summary(r), r.text());
        assertFalse(executed(r).contains("*Resourceaction:dstartonn2"), r.text());

        // with both instances able to start, the pseudo-action becomes runnable and d starts after them
        SimulationReport ok = run(resources, "<rsc_order id='o1' first='C' then='d'/>", status);
        List<String> exec = executed(ok);
        assertTrue(exec.contains("*Pseudoaction:clone-one-or-more:o1"), ok.text());
        assertTrue(exec.indexOf("*Pseudoaction:clone-one-or-more:o1") < exec.indexOf("*Resourceaction:dstartonn1"), ok.text());
    }

    @Test
    void requireAllFalseNeedsOnlyOneInstance() throws Exception {
        String resources = "<clone id='C'>" + primitive("p") + "</clone>" + primitive("d");
        String status = node("1", "n1", probed("p") + probed("d")) + node("2", "n2", probed("p") + probed("d"));
        SimulationReport r = run(resources, "<rsc_location id='ban' rsc='C' node='n2' score='-INFINITY'/>"
                + "<rsc_order id='o1' first='C' then='d' require-all='false'/>", status);
        assertEquals(List.of("*Startp:0(n1)", "*Startd(n2)"), summary(r), r.text());
    }

    @Test
    void multipleActiveBlockOnAGroupBlocksEveryMember() throws Exception {
        SimulationReport r = run("<group id='g'><meta_attributes id='gm'><nvpair id='gma' name='multiple-active' value='block'/>"
                        + "</meta_attributes>" + primitive("a") + primitive("b") + "</group>", "",
                node("1", "n1", started("a") + lrm("b", op("b", "start", 0, 3))) + node("2", "n2", started("a") + probed("b")));
        assertEquals(List.of(), summary(r), r.text());
        assertEquals(List.of(), executed(r), r.text());
        assertTrue(r.text().contains("* Resource Group: g:\n"), r.text());
        assertTrue(r.text().contains("Started n1 (blocked)"), r.text());
    }

    @Test
    void aStoppedRoleMonitorRunsWhereTheResourceIsNot() throws Exception {
        String rsc = "<primitive id='r' class='ocf' provider='heartbeat' type='Dummy'><operations>"
                + "<op id='r-m10' name='monitor' interval='10s'/><op id='r-m20' name='monitor' interval='20s' role='Stopped'/>"
                + "</operations></primitive>";
        String status = "<node_state id='1' uname='n1' in_ccm='true' crmd='online' join='member' expected='member'/>"
                + "<node_state id='2' uname='n2' in_ccm='true' crmd='online' join='member' expected='member'/>";
        SimulationReport r = run(rsc, "<rsc_location id='l' rsc='r' node='n1' score='100'/>", status);
        assertEquals(List.of("*Startr(n1)"), summary(r), r.text());
        List<String> exec = executed(r);
        assertEquals(5, exec.size(), r.text());
        assertTrue(exec.contains("*Resourceaction:rmonitor=20000onn2"), r.text());
        assertTrue(exec.contains("*Resourceaction:rmonitor=10000onn1"), r.text());
        assertFalse(exec.contains("*Resourceaction:rmonitor=20000onn1"), r.text());
        // the Stopped-role monitor expects "not running", so the revised status keeps r only on n1
        assertTrue(r.text().substring(r.text().indexOf("Revised Cluster Status:")).contains("Started n1"), r.text());
    }

    @Test
    void aResourceOnAMaintenanceNodeIsLeftAloneAndKeepsItsNode() throws Exception {
        String xml = "<cib admin_epoch='0' epoch='1' num_updates='1' have-quorum='1'><configuration><crm_config>"
                + "<cluster_property_set id='o'><nvpair id='s' name='stonith-enabled' value='false'/></cluster_property_set>"
                + "</crm_config><nodes><node id='1' uname='n1'/><node id='2' uname='n2'><instance_attributes id='n2a'>"
                + "<nvpair id='n2m' name='maintenance' value='true'/></instance_attributes></node></nodes>"
                + "<resources>" + primitive("r") + "</resources>"
                + "<constraints><rsc_location id='l' rsc='r' node='n1' score='100'/></constraints></configuration><status>"
                + node("1", "n1", probed("r")) + node("2", "n2", started("r")) + "</status></cib>";
        SimulationReport r = new PacemakerSimulator().simulate(new Cib(CibXml.parse(xml, "test")), Instant.EPOCH);
        assertEquals(List.of(), summary(r), r.text());
        assertEquals(List.of(), executed(r), r.text());
        assertTrue(r.text().contains("Started n2 (unmanaged)"), r.text());
        assertTrue(r.scoreLines().contains("pcmk__primitive_assign: r allocation score on n2: INFINITY"), r.scoreLines().toString());
    }
}
