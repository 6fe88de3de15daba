package io.tandem.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cib.Cib;
import io.tandem.cib.CibXml;
import io.tandem.scheduler.SimulationReport;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Clone notifications (notify=true): pseudo-actions, per-instance notify actions and their notify_* meta. */
class NotificationsTest {
    private static final String STATUS = "<node_state id='1' uname='n1' in_ccm='true' crmd='online' join='member' expected='member'>"
            + "<lrm id='1'><lrm_resources><lrm_resource id='p' class='ocf' provider='heartbeat' type='Dummy'>"
            + "<lrm_rsc_op id='p_last_0' operation_key='p_start_0' operation='start' transition-key='1:1:0:x' call-id='2' rc-code='0' op-status='0' interval='0'"
            // Pacemaker's digest of an empty parameter set, so the history matches the configuration
            + " op-digest='f2317cad3d54cec5d7d7aa7d0bf35cf8'/>"
            + "</lrm_resource></lrm_resources></lrm></node_state>"
            + "<node_state id='2' uname='n2' in_ccm='true' crmd='online' join='member' expected='member'>"
            + "<lrm id='2'><lrm_resources><lrm_resource id='p' class='ocf' provider='heartbeat' type='Dummy'>"
            + "<lrm_rsc_op id='p_last_0' operation_key='p_monitor_0' operation='monitor' transition-key='1:1:7:x' call-id='1' rc-code='7' op-status='0' interval='0'/>"
            + "</lrm_resource></lrm_resources></lrm></node_state>";

    private static SimulationReport run(boolean notify, String constraints) throws Exception {
        String xml = "<cib admin_epoch='0' epoch='1' num_updates='1' have-quorum='1'><configuration><crm_config>"
                + "<cluster_property_set id='o'><nvpair id='s' name='stonith-enabled' value='false'/></cluster_property_set>"
                + "</crm_config><nodes><node id='1' uname='n1'/><node id='2' uname='n2'/></nodes>"
                + "<resources><clone id='C'><meta_attributes id='cm'><nvpair id='cn' name='notify' value='" + notify + "'/>"
                + "</meta_attributes><primitive id='p' class='ocf' provider='heartbeat' type='Dummy'/></clone></resources>"
                + "<constraints>" + constraints + "</constraints></configuration><status>" + STATUS + "</status></cib>";
        return new PacemakerSimulator().simulate(new Cib(CibXml.parse(xml, "test")), Instant.EPOCH);
    }

    private static List<String> executed(SimulationReport r) {
        return SimulateText.section(r.text(), "Executing Cluster Transition:", "Revised Cluster Status:");
    }

    /** The attributes element of the graph action with this operation_key on this node. */
    private static String attributes(String graph, String operationKey, String node) {
        Matcher m = Pattern.compile("operation_key=\"" + Pattern.quote(operationKey) + "\" on_node=\"" + node
                + "\"[^>]*>\\s*<primitive[^>]*>\\s*<attributes([^>]*)/>").matcher(graph);
        assertTrue(m.find(), operationKey + " on " + node + " in " + graph);
        return m.group(1);
    }

    @Test
    void startingAnInstanceNotifiesTheRunningOneBeforeAndEveryoneAfter() throws Exception {
        SimulationReport r = run(true, "");
        assertEquals(List.of("*Startp:1(n2)"), SimulateText.section(r.text(), "Transition Summary:", "Executing Cluster Transition:"));
        List<String> exec = executed(r);
        assertEquals(List.of(
                "*Pseudoaction:C_pre_notify_start_0",
                "*Resourceaction:pnotifyonn1",
                "*Pseudoaction:C_confirmed-pre_notify_start_0",
                "*Pseudoaction:C_start_0",
                "*Resourceaction:pstartonn2",
                "*Pseudoaction:C_running_0",
                "*Pseudoaction:C_post_notify_running_0",
                "*Resourceaction:pnotifyonn1",
                "*Resourceaction:pnotifyonn2",
                "*Pseudoaction:C_confirmed-post_notify_running_0"), exec);

        String pre = attributes(r.graphXml(), "p:0_pre_notify_start_0", "n1");
        assertTrue(pre.contains("CRM_meta_notify_type=\"pre\""), pre);
        assertTrue(pre.contains("CRM_meta_notify_operation=\"start\""), pre);
        assertTrue(pre.contains("CRM_meta_notify_start_resource=\"p:1\""), pre);
        assertTrue(pre.contains("CRM_meta_notify_start_uname=\"n2\""), pre);
        assertTrue(pre.contains("CRM_meta_notify_active_resource=\"p:0\""), pre);
        assertTrue(pre.contains("CRM_meta_notify_active_uname=\"n1\""), pre);
        assertTrue(pre.contains("CRM_meta_notify_stop_resource=\" \""), pre);
        assertTrue(pre.contains("CRM_meta_notify_available_uname=\"n1 n2\""), pre);
        String post = attributes(r.graphXml(), "p:1_post_notify_start_0", "n2");
        assertTrue(post.contains("CRM_meta_notify_type=\"post\""), post);
        assertTrue(post.contains("CRM_meta_notify_key_operation=\"running\""), post);
    }

    @Test
    void aStoppingInstanceGetsOnlyThePreNotificationOfItsStop() throws Exception {
        SimulationReport r = run(true, "<rsc_location id='l' rsc='C' node='n1' score='-INFINITY'/>");
        List<String> exec = executed(r);
        int preStop = exec.indexOf("*Pseudoaction:C_pre_notify_stop_0");
        int stop = exec.indexOf("*Resourceaction:pstoponn1");
        int postStopped = exec.indexOf("*Pseudoaction:C_post_notify_stopped_0");
        int preStart = exec.indexOf("*Pseudoaction:C_pre_notify_start_0");
        int start = exec.indexOf("*Resourceaction:pstartonn2");
        assertTrue(preStop >= 0 && preStop < stop && stop < postStopped, exec.toString());
        // the stop's notifications complete before the start's begin
        assertTrue(postStopped < preStart && preStart < start, exec.toString());
        assertEquals(1, exec.stream().filter("*Resourceaction:pnotifyonn1"::equals).count(), exec.toString());
        assertEquals(1, exec.stream().filter("*Resourceaction:pnotifyonn2"::equals).count(), exec.toString());
        assertTrue(exec.indexOf("*Resourceaction:pnotifyonn2") > start, exec.toString());
        String preStopAttrs = attributes(r.graphXml(), "p:0_pre_notify_stop_0", "n1");
        assertTrue(preStopAttrs.contains("CRM_meta_notify_stop_resource=\"p:0\""), preStopAttrs);
        assertTrue(preStopAttrs.contains("CRM_meta_notify_stop_uname=\"n1\""), preStopAttrs);
    }

    @Test
    void withoutNotifyThereAreNoNotifications() throws Exception {
        List<String> exec = executed(run(false, ""));
        assertTrue(exec.contains("*Resourceaction:pstartonn2"), exec.toString());
        assertFalse(exec.stream().anyMatch(l -> l.contains("notif")), exec.toString());
    }

    @Test
    void aCloneWithNothingToDoSchedulesNoNotifications() throws Exception {
        SimulationReport r = run(true, "<rsc_location id='l' rsc='C' node='n2' score='-INFINITY'/>");
        assertEquals(List.of(), SimulateText.section(r.text(), "Transition Summary:", "Executing Cluster Transition:"));
        List<String> exec = executed(r);
        assertFalse(exec.stream().anyMatch(l -> l.contains("notif") || l.contains("C_")), exec.toString());
    }
}
