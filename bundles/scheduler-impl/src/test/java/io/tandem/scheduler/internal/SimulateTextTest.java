package io.tandem.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.cib.Cib;
import io.tandem.cib.CibXml;
import io.tandem.scheduler.SimulationReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole crm_simulate -S text: the instance-count line, the resource list order, and the order of the executed
 * actions (pcmk__execute_graph passes over the graph's synapses). Expected texts come from crm_simulate 2.1.5 run
 * on the same CIBs.
 */
class SimulateTextTest {
    private static final String DIGEST = "crm_feature_set='3.0.6' op-digest='f2317cad3d54cec5d7d7aa7d0bf35cf8'";

    private static String op(String rsc, String task, int rc, int callId) {
        return "<lrm_rsc_op id='" + rsc + "_last_0' operation_key='" + rsc + "_" + task + "_0' operation='" + task
                + "' transition-key='1:1:" + rc + ":x' call-id='" + callId + "' rc-code='" + rc + "' op-status='0' interval='0' "
                + DIGEST + "/>";
    }

    private static String lrm(String rsc, String ops) {
        return "<lrm_resource id='" + rsc + "' class='ocf' provider='heartbeat' type='Dummy'>" + ops + "</lrm_resource>";
    }

    private static String started(String rsc) {
        return lrm(rsc, op(rsc, "start", 0, 2));
    }

    private static String probed(String rsc) {
        return lrm(rsc, op(rsc, "monitor", 7, 1));
    }

    private static String node(String id, String uname, String resources) {
        return "<node_state id='" + id + "' uname='" + uname + "' in_ccm='true' crmd='online' join='member' expected='member'>"
                + "<lrm id='" + id + "'><lrm_resources>" + resources + "</lrm_resources></lrm></node_state>";
    }

    private static String prim(String id, String meta) {
        String m = meta.isEmpty() ? "" : "<meta_attributes id='" + id + "-m'>" + meta + "</meta_attributes>";
        return "<primitive id='" + id + "' class='ocf' provider='heartbeat' type='Dummy'>" + m + "</primitive>";
    }

    private static SimulationReport run(String resources, String constraints, String status) throws Exception {
        String xml = "<cib admin_epoch='0' epoch='1' num_updates='1' have-quorum='1'><configuration><crm_config>"
                + "<cluster_property_set id='o'><nvpair id='s' name='stonith-enabled' value='false'/></cluster_property_set>"
                + "</crm_config><nodes><node id='1' uname='n1'/><node id='2' uname='n2'/></nodes>"
                + "<resources>" + resources + "</resources><constraints>" + constraints + "</constraints></configuration>"
                + "<status>" + status + "</status></cib>";
        return new PacemakerSimulator().simulate(new Cib(CibXml.parse(xml, "test")), Instant.EPOCH);
    }

    private static List<String> lines(String... text) {
        List<String> out = new ArrayList<>();
        for (String t : text) {
            out.add(t.replaceAll("\\s+", ""));
        }
        return out;
    }

    private static List<String> executed(SimulationReport r) {
        return SimulateText.section(r.text(), "Executing Cluster Transition:", "Revised Cluster Status:");
    }

    @Test
    void groupStartRunsInGraphPasses() throws Exception {
        SimulationReport r = run("<group id='g'>" + prim("a", "") + prim("b", "") + "</group>", "",
                node("1", "n1", "") + node("2", "n2", ""));
        // the group's own actions come first in the graph and its start waits for no member probe
        assertEquals(lines("* Pseudo action:   g_start_0", "* Resource action: a monitor on n2", "* Resource action: a monitor on n1",
                "* Resource action: b monitor on n2", "* Resource action: b monitor on n1", "* Resource action: a start on n1",
                "* Resource action: b start on n1", "* Pseudo action:   g_running_0"), executed(r));
    }

    @Test
    void disabledCountAndPriorityOrder() throws Exception {
        SimulationReport r = run(prim("low", "") + prim("high", "<nvpair id='hp' name='priority' value='10'/>")
                        + prim("off", "<nvpair id='ot' name='target-role' value='Stopped'/>"), "",
                node("1", "n1", started("low") + started("high") + started("off"))
                        + node("2", "n2", probed("low") + probed("high") + probed("off")));
        List<String> text = SimulateText.section("x\n" + r.text(), "x", "Transition Summary:");
        assertEquals(lines("1 of 3 resource instances DISABLED and 0 BLOCKED from further action due to failure",
                "Current cluster status:", "* Node List:", "* Online: [ n1 n2 ]", "* Full List of Resources:",
                "* high (ocf:heartbeat:Dummy): Started n1", "* low (ocf:heartbeat:Dummy): Started n1",
                "* off (ocf:heartbeat:Dummy): Started n1 (disabled)"), text);
        assertEquals(lines("* Resource action: low stop on n1", "* Resource action: off stop on n1",
                "* Resource action: low start on n2"), executed(r));
    }

    @Test
    void antiColocationOrdersStopBeforeStartOnTheSameNode() throws Exception {
        SimulationReport r = run(prim("a", "") + prim("b", ""),
                "<rsc_location id='l1' rsc='a' node='n1' score='INFINITY'/><rsc_location id='l2' rsc='b' node='n1' score='100'/>"
                        + "<rsc_colocation id='c' rsc='b' with-rsc='a' score='-INFINITY'/>",
                node("1", "n1", probed("a") + started("b")) + node("2", "n2", probed("a") + probed("b")));
        assertEquals(lines("* Resource action: b stop on n1", "* Resource action: a start on n1",
                "* Resource action: b start on n2"), executed(r));
    }
}
