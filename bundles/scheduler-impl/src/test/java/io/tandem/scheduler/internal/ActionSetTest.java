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

/** Which actions make up the transition (probes, recurring monitors, pseudo-actions) on small hand-made CIBs. */
class ActionSetTest {
    private static final String NODES = "<nodes><node id='1' uname='n1'/><node id='2' uname='n2'/></nodes>";

    private static List<String> executed(String options, String resources, String constraints, String status, boolean quorum)
            throws Exception {
        String xml = "<cib admin_epoch='0' epoch='1' num_updates='1' have-quorum='" + (quorum ? "1" : "0")
                + "' crm_feature_set='3.16.2'><configuration><crm_config><cluster_property_set id='o'>"
                + "<nvpair id='s' name='stonith-enabled' value='false'/>" + options + "</cluster_property_set></crm_config>"
                + NODES + "<resources>" + resources + "</resources><constraints>" + constraints + "</constraints>"
                + "</configuration><status>" + status + "</status></cib>";
        SimulationReport r = new PacemakerSimulator().simulate(new Cib(CibXml.parse(xml, "test")), Instant.ofEpochSecond(1000));
        return SimulateText.section(r.text(), "Executing Cluster Transition:", "Revised Cluster Status:");
    }

    private static String onlineNodes(String n1Extra) {
        return "<node_state id='1' uname='n1' in_ccm='true' crmd='online' join='member' expected='member'>" + n1Extra + "</node_state>"
                + "<node_state id='2' uname='n2' in_ccm='true' crmd='online' join='member' expected='member'/>";
    }

    private static String dummy(String id, String inner) {
        return "<primitive id='" + id + "' class='ocf' provider='heartbeat' type='Dummy'>" + inner + "</primitive>";
    }

    @Test
    void probesNeedNeitherQuorumNorFencingWhileStartsDo() throws Exception {
        List<String> lines = executed("<nvpair id='q' name='no-quorum-policy' value='stop'/>", dummy("A", ""), "",
                onlineNodes(""), false);
        assertTrue(lines.containsAll(List.of("*Resourceaction:Amonitoronn1", "*Resourceaction:Amonitoronn2")), lines.toString());
        assertFalse(lines.stream().anyMatch(l -> l.contains("start")), lines.toString());
    }

    @Test
    void operationsSharingNameAndIntervalAreAllIgnored() throws Exception {
        String ops = "<operations><op id='m1' name='monitor' interval='10s'/><op id='m2' name='monitor' interval='PT10S'/>"
                + "<op id='m3' name='monitor' interval='20s'/></operations>";
        List<String> lines = executed("", dummy("A", ops), "<rsc_location id='l' rsc='A' node='n1' score='100'/>", onlineNodes(""), true);
        assertTrue(lines.contains("*Resourceaction:Amonitor=20000onn1"), lines.toString());
        assertFalse(lines.contains("*Resourceaction:Amonitor=10000onn1"), lines.toString());
    }

    @Test
    void primitiveOperationReplacesTemplateOperationOfSameNameAndRole() throws Exception {
        String template = "<template id='t' class='ocf' provider='heartbeat' type='Dummy'><operations>"
                + "<op id='t-m5' name='monitor' interval='5s'/><op id='t-m7' name='monitor' interval='7s' role='Stopped'/>"
                + "</operations></template>";
        String rsc = "<primitive id='A' template='t'><operations><op id='a-m10' name='monitor' interval='10s' role='Started'/>"
                + "</operations></primitive>";
        List<String> lines = executed("", template + rsc, "<rsc_location id='l' rsc='A' node='n1' score='100'/>", onlineNodes(""), true);
        assertTrue(lines.contains("*Resourceaction:Amonitor=10000onn1"), lines.toString());
        assertFalse(lines.contains("*Resourceaction:Amonitor=5000onn1"), lines.toString());
        // the template's Stopped-role monitor has a different role, so it stays and runs where A is not
        assertTrue(lines.contains("*Resourceaction:Amonitor=7000onn2"), lines.toString());
    }

    @Test
    void utilizationPlacementAddsLoadStoppedPseudoActionsForResourcesWithUtilization() throws Exception {
        String strategy = "<nvpair id='p' name='placement-strategy' value='utilization'/>";
        String withUtil = dummy("A", "<utilization id='u'><nvpair id='u1' name='cpu' value='1'/></utilization>");
        List<String> lines = executed(strategy, withUtil, "", onlineNodes(""), true);
        assertTrue(lines.containsAll(List.of("*Pseudoaction:load_stopped_n1", "*Pseudoaction:load_stopped_n2")), lines.toString());
        assertFalse(executed(strategy, dummy("A", ""), "", onlineNodes(""), true).stream()
                .anyMatch(l -> l.contains("load_stopped")));
        assertFalse(executed("", withUtil, "", onlineNodes(""), true).stream().anyMatch(l -> l.contains("load_stopped")));
    }

    @Test
    void resourceDiscoveryNeverAndExclusiveLimitProbes() throws Exception {
        List<String> never = executed("", dummy("A", ""),
                "<rsc_location id='l' rsc='A' node='n2' score='0' resource-discovery='never'/>", onlineNodes(""), true);
        assertTrue(never.contains("*Resourceaction:Amonitoronn1"), never.toString());
        assertFalse(never.contains("*Resourceaction:Amonitoronn2"), never.toString());
        List<String> exclusive = executed("", dummy("A", ""),
                "<rsc_location id='l' rsc='A' node='n2' score='0' resource-discovery='exclusive'/>", onlineNodes(""), true);
        assertTrue(exclusive.contains("*Resourceaction:Amonitoronn2"), exclusive.toString());
        assertFalse(exclusive.contains("*Resourceaction:Amonitoronn1"), exclusive.toString());
    }

    @Test
    void incompleteProbesOfOldCibsAreReprobedSilently() throws Exception {
        String attrs = "<transient_attributes id='1'><instance_attributes id='t1'>"
                + "<nvpair id='pc' name='probe_complete' value='false'/></instance_attributes></transient_attributes>";
        List<String> lines = executed("", dummy("A", ""), "", onlineNodes(attrs), true);
        // n1 gets an unprinted probe_again instead of per-resource probes; n2 is probed normally
        assertFalse(lines.contains("*Resourceaction:Amonitoronn1"), lines.toString());
        assertTrue(lines.contains("*Resourceaction:Amonitoronn2"), lines.toString());
        assertFalse(lines.stream().anyMatch(l -> l.contains("probe_again") || l.contains("Clusteraction")), lines.toString());
    }

    @Test
    void pendingStartIsRepeatedInTheGraph() throws Exception {
        String lrm = "<lrm id='1'><lrm_resources><lrm_resource id='A' class='ocf' provider='heartbeat' type='Dummy'>"
                + "<lrm_rsc_op id='A_last_0' operation_key='A_start_0' operation='start' transition-key='1:1:0:x' call-id='1'"
                + " rc-code='193' op-status='-1' interval='0' op-digest='" + Digests.of(java.util.Map.of())
                + "'/></lrm_resource></lrm_resources></lrm>";
        List<String> lines = executed("", dummy("A", "<operations><op id='m' name='monitor' interval='5s'/></operations>"),
                "<rsc_location id='l' rsc='A' node='n1' score='100'/>", onlineNodes(lrm), true);
        assertEquals(List.of("*Resourceaction:Amonitoronn2", "*Resourceaction:Astartonn1", "*Resourceaction:Amonitor=5000onn1"),
                lines.stream().sorted((a, b) -> Integer.compare(order(a), order(b))).toList(), lines.toString());
    }

    @Test
    void stopUnexpectedKeepsTheResourceOnItsExpectedNode() throws Exception {
        String digest = Digests.of(java.util.Map.of());
        String running = "<lrm_resource id='A' class='ocf' provider='heartbeat' type='Dummy'>"
                + "<lrm_rsc_op id='A_last_0' operation_key='A_monitor_0' operation='monitor' transition-key='1:1:7:x'"
                + " call-id='5' rc-code='0' op-status='0' interval='0' op-digest='" + digest + "'/></lrm_resource>";
        String status = "<node_state id='1' uname='n1' in_ccm='true' crmd='online' join='member' expected='member'><lrm id='1'>"
                + "<lrm_resources>" + running + "</lrm_resources></lrm></node_state>"
                + "<node_state id='2' uname='n2' in_ccm='true' crmd='online' join='member' expected='member'><lrm id='2'>"
                + "<lrm_resources>" + running + "</lrm_resources></lrm></node_state>";
        String rsc = dummy("A", "<meta_attributes id='m'><nvpair id='ma' name='multiple-active' value='stop_unexpected'/>"
                + "</meta_attributes>");
        List<String> lines = executed("", rsc, "<rsc_location id='l' rsc='A' node='n1' score='100'/>", status, true);
        assertTrue(lines.contains("*Resourceaction:Astoponn2"), lines.toString());
        assertTrue(lines.contains("*Pseudoaction:A_start_0"), lines.toString());
        assertFalse(lines.contains("*Resourceaction:Astoponn1"), lines.toString());
        assertFalse(lines.contains("*Resourceaction:Astartonn1"), lines.toString());
    }

    @Test
    void relaxedOrderSetWaitsForAnyMemberThroughAPseudoAction() throws Exception {
        String order = "<rsc_order id='o'><resource_set id='s1' sequential='false' require-all='false'>"
                + "<resource_ref id='A'/><resource_ref id='B'/></resource_set>"
                + "<resource_set id='s2'><resource_ref id='C'/></resource_set></rsc_order>"
                + "<rsc_location id='la' rsc='A' node='n1' score='-INFINITY'/><rsc_location id='la2' rsc='A' node='n2' score='-INFINITY'/>";
        List<String> lines = executed("", dummy("A", "") + dummy("B", "") + dummy("C", ""), order, onlineNodes(""), true);
        // A cannot start anywhere, yet B alone lets C start
        assertTrue(lines.contains("*Pseudoaction:one-or-more:s1"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("*Resourceaction:Cstarton")), lines.toString());
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("*Resourceaction:Astarton")), lines.toString());
    }

    @Test
    void operationsByIdReferenceAreUsed() throws Exception {
        String rscs = dummy("A", "<operations id='shared'><op id='m' name='monitor' interval='15s'/></operations>")
                + dummy("B", "<operations id-ref='shared'/>");
        List<String> lines = executed("", rscs, "<rsc_location id='la' rsc='A' node='n1' score='100'/>"
                + "<rsc_location id='lb' rsc='B' node='n1' score='100'/>", onlineNodes(""), true);
        assertTrue(lines.contains("*Resourceaction:Amonitor=15000onn1"), lines.toString());
        assertTrue(lines.contains("*Resourceaction:Bmonitor=15000onn1"), lines.toString());
    }

    @Test
    void resourceWithoutItsTicketIsStoppedOrFrozenByLossPolicy() throws Exception {
        String digest = Digests.of(java.util.Map.of());
        String running = "<lrm id='1'><lrm_resources><lrm_resource id='A' class='ocf' provider='heartbeat' type='Dummy'>"
                + "<lrm_rsc_op id='A_last_0' operation_key='A_start_0' operation='start' transition-key='1:1:0:x'"
                + " call-id='5' rc-code='0' op-status='0' interval='0' op-digest='" + digest + "'/></lrm_resource></lrm_resources></lrm>";
        String revoked = "<tickets><ticket_state id='T' granted='false'/></tickets>";
        String granted = "<tickets><ticket_state id='T' granted='true'/></tickets>";
        List<String> stop = executed("", dummy("A", ""), "<rsc_ticket id='t' rsc='A' ticket='T' loss-policy='stop'/>",
                onlineNodes(running) + revoked, true);
        assertTrue(stop.contains("*Resourceaction:Astoponn1"), stop.toString());
        List<String> freeze = executed("", dummy("A", ""), "<rsc_ticket id='t' rsc='A' ticket='T' loss-policy='freeze'/>",
                onlineNodes(running) + revoked, true);
        assertFalse(freeze.stream().anyMatch(l -> l.contains("stop") || l.contains("start")), freeze.toString());
        List<String> ok = executed("", dummy("A", ""), "<rsc_ticket id='t' rsc='A' ticket='T' loss-policy='stop'/>",
                onlineNodes(running) + granted, true);
        assertFalse(ok.contains("*Resourceaction:Astoponn1"), ok.toString());
        // a ticket missing from the status is not granted: a stopped resource may not start
        List<String> missing = executed("", dummy("A", ""), "<rsc_ticket id='t' rsc='A' ticket='U'/>", onlineNodes(""), true);
        assertFalse(missing.stream().anyMatch(l -> l.contains("Astart")), missing.toString());
    }

    private static int order(String line) {
        return line.contains("monitoronn2") ? 0 : line.contains("start") ? 1 : 2;
    }
}
