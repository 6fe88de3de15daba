package io.tandem.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cib.Cib;
import io.tandem.cib.CibXml;
import io.tandem.scheduler.SimulationReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Operation digests, definition changes, orphans and fail-count clearing on small hand-made CIBs. */
class FailuresHistoryTest {
    private static final String NODES = "<nodes><node id='1' uname='n1'/><node id='2' uname='n2'/></nodes>";

    private static SimulationReport run(String config, String status, long now) throws Exception {
        String xml = "<cib admin_epoch='0' epoch='1' num_updates='1' have-quorum='1' crm_feature_set='3.16.2'><configuration><crm_config>"
                + "<cluster_property_set id='o'><nvpair id='s' name='stonith-enabled' value='false'/></cluster_property_set>"
                + "</crm_config>" + NODES + config + "</configuration><status>" + status + "</status></cib>";
        return new PacemakerSimulator().simulate(new Cib(CibXml.parse(xml, "test")), Instant.ofEpochSecond(now));
    }

    private static List<String> summary(SimulationReport r) {
        return SimulateText.section(r.text(), "Transition Summary:", "Executing Cluster Transition:");
    }

    private static List<String> executed(SimulationReport r) {
        return SimulateText.section(r.text(), "Executing Cluster Transition:", "Revised Cluster Status:");
    }

    /** n1 runs A with the given start history attributes; n2 has probed A. */
    private static String status(String startAttrs, String n1Attrs) {
        return "<node_state id='1' uname='n1' in_ccm='true' crmd='online' join='member' expected='member'>"
                + "<transient_attributes id='1'><instance_attributes id='t1'>" + n1Attrs + "</instance_attributes></transient_attributes>"
                + "<lrm id='1'><lrm_resources><lrm_resource id='A' class='ocf' provider='heartbeat' type='Dummy'>"
                + "<lrm_rsc_op id='A_last_0' operation_key='A_start_0' operation='start' transition-key='1:1:0:x' call-id='2'"
                + " rc-code='0' op-status='0' interval='0' last-rc-change='100' " + startAttrs + "/>"
                + "</lrm_resource></lrm_resources></lrm></node_state>"
                + "<node_state id='2' uname='n2' in_ccm='true' crmd='online' join='member' expected='member'><lrm id='2'><lrm_resources>"
                + "<lrm_resource id='A' class='ocf' provider='heartbeat' type='Dummy'>"
                + "<lrm_rsc_op id='A_last_0' operation_key='A_monitor_0' operation='monitor' transition-key='1:1:7:x' call-id='1'"
                + " rc-code='7' op-status='0' interval='0'/></lrm_resource></lrm_resources></lrm></node_state>";
    }

    private static String resource(String params, String meta) {
        return "<resources><primitive id='A' class='ocf' provider='heartbeat' type='Dummy'>"
                + "<instance_attributes id='ia'>" + params + "</instance_attributes>"
                + "<meta_attributes id='ma'>" + meta + "</meta_attributes></primitive></resources>";
    }

    @Test
    void digestMatchesPacemakersForKnownParameterSets() {
        // values recorded by Pacemaker in its regression inputs (params-1: ip=127.0.0.14, start and 5s monitor)
        assertEquals("f2317cad3d54cec5d7d7aa7d0bf35cf8", Digests.of(Map.of()));
        assertEquals("74307acd7ffa84f71fe8a46100cdbbb0", Digests.of(Map.of("ip", "127.0.0.14")));
        assertEquals("fc615675937160e95e360e325cd67d82", Digests.of(Map.of("ip", "127.0.0.14", "CRM_meta_timeout", "20000")));
        assertEquals("&quot;a&lt;b&gt;\\012", io.tandem.common.ParameterDigest.escape("\"a<b>\u000b").replace("\\013", "\\012"));
        assertTrue(Digests.isFenceParam("pcmk_host_list"));
        assertTrue(Digests.isFenceParam("pcmk_reboot_timeout"));
        assertFalse(Digests.isFenceParam("ipaddr"));
    }

    @Test
    void unchangedParametersNeedNothingAndChangedOnesRestart() throws Exception {
        String same = "op-digest='" + Digests.of(Map.of("x", "1")) + "'";
        String rsc = resource("<nvpair id='x' name='x' value='1'/>", "");
        assertEquals(List.of(), summary(run(rsc, status(same, ""), 200)));
        String old = "op-digest='" + Digests.of(Map.of("x", "0")) + "'";
        SimulationReport r = run(rsc, status(old, ""), 200);
        assertEquals(List.of("*RestartA(n1)duetoresourcedefinitionchange"), summary(r));
        assertTrue(executed(r).containsAll(List.of("*Resourceaction:Astoponn1", "*Resourceaction:Astartonn1")), executed(r).toString());
    }

    @Test
    void agentThatSupportsReloadIsReloadedWhenOnlyReloadableParametersChange() throws Exception {
        // x is reloadable (not in op-force-restart), y forces a restart
        String rsc = resource("<nvpair id='x' name='x' value='2'/><nvpair id='y' name='y' value='1'/>", "");
        String hist = "op-digest='" + Digests.of(Map.of("x", "1", "y", "1")) + "' op-force-restart=' y '"
                + " op-restart-digest='" + Digests.of(Map.of("y", "1")) + "'";
        SimulationReport r = run(rsc, status(hist, ""), 200);
        assertEquals(List.of("*ReloadA(n1)"), summary(r));
        assertTrue(executed(r).contains("*Resourceaction:Areload-agentonn1"), executed(r).toString());
        String restartHist = "op-digest='" + Digests.of(Map.of("x", "1", "y", "0")) + "' op-force-restart=' y '"
                + " op-restart-digest='" + Digests.of(Map.of("y", "0")) + "'";
        assertEquals(List.of("*RestartA(n1)duetoresourcedefinitionchange"), summary(run(rsc, status(restartHist, ""), 200)));
    }

    @Test
    void recurringMonitorNoLongerConfiguredIsCancelled() throws Exception {
        String st = status("op-digest='" + Digests.of(Map.of()) + "'", "").replaceFirst("</lrm_resource>",
                "<lrm_rsc_op id='A_monitor_10000' operation_key='A_monitor_10000' operation='monitor' transition-key='2:1:0:x'"
                        + " call-id='3' rc-code='0' op-status='0' interval='10000'/></lrm_resource>");
        SimulationReport r = run(resource("", ""), st, 200);
        assertEquals(List.of(), summary(r));
        assertTrue(executed(r).contains("*Resourceaction:Acancel=10000onn1"), executed(r).toString());
    }

    @Test
    void orphanIsStoppedCleanedUpAndItsFailCountCleared() throws Exception {
        String st = status("op-digest='" + Digests.of(Map.of()) + "'",
                "<nvpair id='fc' name='fail-count-A#monitor_10000' value='1'/>");
        SimulationReport r = run("<resources/>", st, 200);
        assertEquals(List.of("*StopA(n1)duetonodeavailability"), summary(r));
        List<String> exec = executed(r);
        assertTrue(exec.containsAll(List.of("*Resourceaction:Astoponn1", "*Resourceaction:Adeleteonn1",
                "*Clusteraction:clear_failcountforAonn1")), exec.toString());
        assertTrue(exec.indexOf("*Resourceaction:Astoponn1") < exec.indexOf("*Resourceaction:Adeleteonn1"), exec.toString());
    }

    @Test
    void expiredFailCountIsClearedAndNoLongerBansTheResource() throws Exception {
        String rsc = resource("", "<nvpair id='mt' name='migration-threshold' value='1'/>"
                + "<nvpair id='ft' name='failure-timeout' value='60'/>");
        String attrs = "<nvpair id='fc' name='fail-count-A#monitor_10000' value='1'/>"
                + "<nvpair id='lf' name='last-failure-A#monitor_10000' value='100'/>";
        String hist = "op-digest='" + Digests.of(Map.of()) + "'";
        // at 130 the failure is recent: the threshold moves A away
        assertEquals(List.of("*MoveA(n1->n2)"), summary(run(rsc, status(hist, attrs), 130)));
        // at 1000 it expired: A stays and the fail count is cleared
        SimulationReport later = run(rsc, status(hist, attrs), 1000);
        assertEquals(List.of(), summary(later));
        assertTrue(executed(later).contains("*Clusteraction:clear_failcountforAonn1"), executed(later).toString());
    }
}
