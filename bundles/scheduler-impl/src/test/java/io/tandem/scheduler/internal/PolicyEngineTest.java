package io.tandem.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cib.Cib;
import io.tandem.cib.CibXml;
import io.tandem.scheduler.SimulationReport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Small hand-made CIBs through the whole pipeline. */
class PolicyEngineTest {
    private static final String NODES = "<nodes><node id='1' uname='n1'/><node id='2' uname='n2'/></nodes>";
    private static final String UP = "<node_state id='1' uname='n1' in_ccm='true' crmd='online' join='member' expected='member'/>"
            + "<node_state id='2' uname='n2' in_ccm='true' crmd='online' join='member' expected='member'/>";

    private static SimulationReport run(String config, String status) throws Exception {
        String xml = "<cib admin_epoch='0' epoch='1' num_updates='1' have-quorum='1'><configuration><crm_config>"
                + "<cluster_property_set id='o'><nvpair id='s' name='stonith-enabled' value='false'/></cluster_property_set>"
                + "</crm_config>" + NODES + config + "</configuration><status>" + status + "</status></cib>";
        return new PacemakerSimulator().simulate(new Cib(CibXml.parse(xml, "test")), Instant.EPOCH);
    }

    private static List<String> summary(SimulationReport r) {
        return SimulateText.section(r.text(), "Transition Summary:", "Executing Cluster Transition:");
    }

    @Test
    void newResourceIsProbedAndStartedOnTheNodeTheLocationPrefers() throws Exception {
        SimulationReport r = run("<resources><primitive id='A' class='ocf' provider='heartbeat' type='Dummy'/></resources>"
                + "<constraints><rsc_location id='l' rsc='A' node='n2' score='100'/></constraints>", UP);
        assertEquals(List.of("*StartA(n2)"), summary(r));
        List<String> exec = SimulateText.section(r.text(), "Executing Cluster Transition:", "Revised Cluster Status:");
        assertTrue(exec.contains("*Resourceaction:Amonitoronn1"), exec.toString());
        assertTrue(exec.contains("*Resourceaction:Astartonn2"), exec.toString());
        assertTrue(r.scoreLines().contains("pcmk__primitive_assign: A allocation score on n2: 100"), r.scoreLines().toString());
        assertTrue(r.text().contains("A\t(ocf:heartbeat:Dummy):\t Started n2"), r.text());
    }

    @Test
    void stickinessKeepsARunningResourceAndABanMovesIt() throws Exception {
        String running = "<node_state id='1' uname='n1' in_ccm='true' crmd='online' join='member' expected='member'><lrm id='1'><lrm_resources>"
                + "<lrm_resource id='A' class='ocf' provider='heartbeat' type='Dummy'>"
                + "<lrm_rsc_op id='A_last_0' operation_key='A_start_0' operation='start' transition-key='1:1:0:x' call-id='2' rc-code='0' op-status='0' interval='0'"
                // the digest of no parameters: without one, Pacemaker restarts the resource (unknown definition)
                + " op-digest='f2317cad3d54cec5d7d7aa7d0bf35cf8'/>"
                + "</lrm_resource></lrm_resources></lrm></node_state>"
                + "<node_state id='2' uname='n2' in_ccm='true' crmd='online' join='member' expected='member'><lrm id='2'><lrm_resources>"
                + "<lrm_resource id='A' class='ocf' provider='heartbeat' type='Dummy'>"
                + "<lrm_rsc_op id='A_last_0' operation_key='A_monitor_0' operation='monitor' transition-key='1:1:7:x' call-id='1' rc-code='7' op-status='0' interval='0'/>"
                + "</lrm_resource></lrm_resources></lrm></node_state>";
        String rsc = "<resources><primitive id='A' class='ocf' provider='heartbeat' type='Dummy'>"
                + "<meta_attributes id='m'><nvpair id='st' name='resource-stickiness' value='50'/></meta_attributes></primitive></resources>";
        assertEquals(List.of(), summary(run(rsc + "<constraints><rsc_location id='l' rsc='A' node='n2' score='40'/></constraints>", running)));
        SimulationReport moved = run(rsc + "<constraints><rsc_location id='l' rsc='A' node='n1' score='-INFINITY'/></constraints>", running);
        assertEquals(List.of("*MoveA(n1->n2)"), summary(moved));
    }

    @Test
    void failedMonitorIsRecoveredInPlace() throws Exception {
        String failed = "<node_state id='1' uname='n1' in_ccm='true' crmd='online' join='member' expected='member'><lrm id='1'><lrm_resources>"
                + "<lrm_resource id='A' class='ocf' provider='heartbeat' type='Dummy'>"
                + "<lrm_rsc_op id='A_last_0' operation_key='A_start_0' operation='start' transition-key='1:1:0:x' call-id='2' rc-code='0' op-status='0' interval='0'/>"
                + "<lrm_rsc_op id='A_last_failure_0' operation_key='A_monitor_10000' operation='monitor' transition-key='2:1:0:x' call-id='3' rc-code='7' op-status='0' interval='10000'/>"
                + "</lrm_resource></lrm_resources></lrm></node_state>"
                + "<node_state id='2' uname='n2' in_ccm='true' crmd='online' join='member' expected='member'/>";
        String rsc = "<resources><primitive id='A' class='ocf' provider='heartbeat' type='Dummy'>"
                + "<meta_attributes id='m'><nvpair id='st' name='resource-stickiness' value='100'/></meta_attributes>"
                + "<operations><op id='A-mon' name='monitor' interval='10s'/></operations></primitive></resources>";
        SimulationReport r = run(rsc, failed);
        assertEquals(List.of("*RecoverA(n1)"), summary(r));
        List<String> exec = SimulateText.section(r.text(), "Executing Cluster Transition:", "Revised Cluster Status:");
        assertTrue(exec.contains("*Resourceaction:Astoponn1"), exec.toString());
        assertTrue(exec.contains("*Resourceaction:Amonitor=10000onn1"), exec.toString());
        assertTrue(r.text().contains("FAILED n1"), r.text());
    }

    @Test
    void groupMembersFollowTheFirstAndAnonymousClonesListTheirNodes() throws Exception {
        String rsc = "<resources><group id='g'><primitive id='a' class='ocf' provider='heartbeat' type='Dummy'/>"
                + "<primitive id='b' class='ocf' provider='heartbeat' type='Dummy'/></group>"
                + "<clone id='c'><primitive id='p' class='ocf' provider='heartbeat' type='Dummy'/></clone></resources>"
                + "<constraints><rsc_location id='l' rsc='g' node='n2' score='10'/></constraints>";
        SimulationReport r = run(rsc, UP);
        List<String> s = summary(r);
        assertTrue(s.contains("*Starta(n2)") && s.contains("*Startb(n2)"), s.toString());
        assertTrue(s.contains("*Startp:0(n1)") && s.contains("*Startp:1(n2)"), s.toString());
        assertTrue(r.text().contains("* Resource Group: g:"), r.text());
        assertTrue(r.text().contains("* Clone Set: c [p]:"), r.text());
        assertTrue(r.text().contains("* Started: [ n1 n2 ]"), r.text());
    }
}
