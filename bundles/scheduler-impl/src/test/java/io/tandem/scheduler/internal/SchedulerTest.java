package io.tandem.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cib.Cib;
import io.tandem.cib.CibXml;
import io.tandem.common.ParameterDigest;
import io.tandem.scheduler.GraphAction;
import io.tandem.scheduler.GraphAction.Kind;
import io.tandem.scheduler.TransitionGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Scheduler.schedule on hand-made CIBs: the graph's actions, their inputs, parameters and meta. */
class SchedulerTest {
    private static final Instant NOW = Instant.ofEpochSecond(1_000_000);

    private static String up(String id) {
        return "<node_state id='" + id + "' uname='n" + id + "' in_ccm='true' crmd='online' join='member' expected='member'>";
    }

    /** A history entry with the digest of a parameterless agent (recurring ops digest their timeout, 15 s here). */
    private static String op(String rsc, String task, long interval, int rc, int callId) {
        String digest = ParameterDigest.of(interval > 0 ? Map.of("CRM_meta_timeout", "15000") : Map.of());
        String id = interval > 0 ? rsc + "_monitor_" + interval : (rc == 0 || rc == 7 ? rsc + "_last_0" : rsc + "_last_failure_0");
        return "<lrm_rsc_op id='" + id + "' operation_key='" + rsc + "_" + task + "_" + interval + "' operation='" + task + "'"
                + " transition-key='1:1:0:x' call-id='" + callId + "' rc-code='" + rc + "' op-status='0' interval='" + interval + "'"
                + " last-rc-change='" + (NOW.getEpochSecond() - 20) + "' op-digest='" + digest + "'/>";
    }

    private static String history(String rsc, String type, String ops) {
        return "<lrm><lrm_resources><lrm_resource id='" + rsc + "' class='ocf' provider='heartbeat' type='" + type + "'>" + ops
                + "</lrm_resource></lrm_resources></lrm>";
    }

    private static TransitionGraph schedule(String cibAttrs, String options, String resources, String constraints, String status) {
        String xml = "<cib admin_epoch='0' epoch='1' num_updates='1' have-quorum='1' " + cibAttrs + "><configuration><crm_config>"
                + "<cluster_property_set id='o'>" + options + "</cluster_property_set></crm_config>"
                + "<nodes><node id='1' uname='n1'/><node id='2' uname='n2'/></nodes>"
                + "<resources>" + resources + "</resources><constraints>" + constraints + "</constraints></configuration>"
                + "<status>" + status + "</status></cib>";
        Cib cib;
        try {
            cib = new Cib(CibXml.parse(xml, "test"));
        } catch (io.tandem.cib.CibParseException e) {
            throw new IllegalArgumentException(e);
        }
        TransitionGraph g = new PacemakerSimulator().schedule(cib, NOW);
        assertSameActionsAsSimulation(g, new PacemakerSimulator().simulate(cib, NOW).graphXml());
        return g;
    }

    private static final Pattern XML_ACTION = Pattern.compile("<(rsc_op|crm_event|pseudo_event) id=\"(\\d+)\" operation=\"[^\"]*\" operation_key=\"([^\"]*)\"(?: on_node=\"([^\"]*)\" on_node_uuid=\"[^\"]*\")?>");

    /** The schedule's actions are exactly those of the simulated graph (the synapse heads of its XML), in order. */
    private static void assertSameActionsAsSimulation(TransitionGraph g, String simulatedXml) {
        List<String> expected = new ArrayList<>();
        Matcher m = XML_ACTION.matcher(simulatedXml);
        while (m.find()) {
            expected.add(m.group(3) + "@" + (m.group(4) == null ? "" : m.group(4)));
        }
        List<String> actual = new ArrayList<>();
        for (GraphAction a : g.actions()) {
            actual.add(a.operationKey() + "@" + (a.kind() == Kind.PSEUDO ? "" : a.node()));
        }
        assertEquals(expected, actual);
    }

    private static GraphAction find(TransitionGraph g, String key, String node) {
        List<GraphAction> found = new ArrayList<>();
        for (GraphAction a : g.actions()) {
            if (a.operationKey().equals(key) && (node == null || a.node().equals(node))) {
                found.add(a);
            }
        }
        assertEquals(1, found.size(), key + " on " + node + " in " + g.actions());
        return found.get(0);
    }

    private static boolean has(TransitionGraph g, String key) {
        return g.actions().stream().anyMatch(a -> a.operationKey().equals(key));
    }

    /** Every action reachable backwards through inputs (the transitive inputs). */
    private static Set<Integer> before(TransitionGraph g, GraphAction a) {
        Map<Integer, GraphAction> byId = new HashMap<>();
        g.actions().forEach(x -> byId.put(x.id(), x));
        Set<Integer> seen = new HashSet<>();
        List<Integer> todo = new ArrayList<>(a.inputs());
        while (!todo.isEmpty()) {
            int id = todo.remove(todo.size() - 1);
            if (seen.add(id)) {
                todo.addAll(byId.get(id).inputs());
            }
        }
        return seen;
    }

    private static final String GROUP = "<group id='web'>"
            + "<primitive id='ip' class='ocf' provider='heartbeat' type='IPaddr2'>"
            + "<instance_attributes id='ip-n2' score='2'><rule id='ip-n2-r' score='0'>"
            + "<expression id='ip-n2-e' attribute='#uname' operation='eq' value='n2'/></rule>"
            + "<nvpair id='ip-n2-nic' name='nic' value='eth2'/></instance_attributes>"
            + "<instance_attributes id='ip-all' score='1'><nvpair id='ip-ip' name='ip' value='10.0.0.9'/>"
            + "<nvpair id='ip-nic' name='nic' value='eth0'/></instance_attributes>"
            + "<operations><op id='ip-mon' name='monitor' interval='10s' timeout='30s' on-fail='restart'/></operations></primitive>"
            + "<primitive id='www' class='ocf' provider='tandem' type='WebServer'>"
            + "<operations><op id='www-start' name='start' interval='0' timeout='90s' start-delay='2s'/>"
            + "<op id='www-mon' name='monitor' interval='20s'><instance_attributes id='www-mon-ia'>"
            + "<nvpair id='www-lvl' name='OCF_CHECK_LEVEL' value='10'/></instance_attributes></op></operations></primitive>"
            + "</group>";

    @Test
    void aGroupStartsOnThePreferredNodeAfterProbesWithNodeSpecificParameters() {
        TransitionGraph g = schedule("", "<nvpair id='se' name='stonith-enabled' value='false'/>", GROUP,
                "<rsc_location id='pref' rsc='web' node='n2' score='100'/>", up("1") + "</node_state>" + up("2") + "</node_state>");
        // probes on both nodes, with the node's own evaluation of the instance attributes
        GraphAction probe1 = find(g, "ip_monitor_0", "n1");
        GraphAction probe2 = find(g, "ip_monitor_0", "n2");
        assertEquals(Kind.RESOURCE, probe1.kind());
        assertEquals(Map.of("ip", "10.0.0.9", "nic", "eth0"), probe1.parameters());
        assertEquals(Map.of("ip", "10.0.0.9", "nic", "eth2"), probe2.parameters());
        assertEquals("7", probe1.meta().get("op_target_rc"));
        assertEquals("30000", probe1.meta().get("timeout"), "a probe takes the timeout of the most frequent monitor");
        assertEquals("ocf:heartbeat:IPaddr2", probe1.agent());

        GraphAction groupStart = find(g, "web_start_0", null);
        GraphAction ipStart = find(g, "ip_start_0", "n2");
        GraphAction wwwStart = find(g, "www_start_0", "n2");
        GraphAction running = find(g, "web_running_0", null);
        assertEquals(Kind.PSEUDO, groupStart.kind());
        assertEquals("", groupStart.node());
        assertEquals("", groupStart.resource());
        assertTrue(ipStart.inputs().contains(groupStart.id()), ipStart.inputs().toString());
        assertTrue(ipStart.inputs().contains(probe1.id()) && ipStart.inputs().contains(probe2.id()), "a start waits for the probes");
        assertTrue(wwwStart.inputs().contains(ipStart.id()), "group members start in order");
        assertTrue(running.inputs().containsAll(List.of(ipStart.id(), wwwStart.id())));
        assertEquals("ip", ipStart.resource());
        assertEquals("ip", ipStart.resourceLongId());
        assertEquals("20000", ipStart.meta().get("timeout"), "no op, no op_defaults: 20 s");
        assertEquals("90000", wwwStart.meta().get("timeout"));
        assertEquals("2000", wwwStart.meta().get("start_delay"));
        assertEquals("n2", wwwStart.meta().get("on_node"));

        GraphAction ipMon = find(g, "ip_monitor_10000", "n2");
        assertEquals(10_000, ipMon.intervalMillis());
        assertEquals("10000", ipMon.meta().get("interval"));
        assertEquals("restart", ipMon.meta().get("on_fail"));
        assertEquals("monitor", ipMon.meta().get("name"));
        assertTrue(ipMon.inputs().contains(ipStart.id()));
        GraphAction wwwMon = find(g, "www_monitor_20000", "n2");
        assertEquals("10", wwwMon.parameters().get("OCF_CHECK_LEVEL"));
        assertFalse(wwwMon.meta().containsKey("OCF_CHECK_LEVEL"));
        assertFalse(has(g, "ip_start_0") && find(g, "ip_start_0", null).node().equals("n1"));

        assertEquals(0, g.batchLimit());
        assertEquals(Duration.ofSeconds(60), g.clusterDelay());
        assertEquals(Duration.ofSeconds(60), g.stonithTimeout());
        assertEquals(Optional.of(NOW.plus(Duration.ofMinutes(15))), g.recheckBy());
        assertEquals(2, g.summary().stream().filter(l -> l.contains("Start") && l.contains("n2")).count(), g.summary().toString());
        assertTrue(g.graphXml().startsWith("<transition_graph cluster-delay=\"60s\""), g.graphXml());
    }

    @Test
    void clusterOptionsReachTheGraph() {
        TransitionGraph g = schedule("", "<nvpair id='se' name='stonith-enabled' value='false'/>"
                        + "<nvpair id='bl' name='batch-limit' value='7'/><nvpair id='cd' name='cluster-delay' value='2min'/>"
                        + "<nvpair id='st' name='stonith-timeout' value='90s'/><nvpair id='ri' name='cluster-recheck-interval' value='0'/>",
                "", "", up("1") + "</node_state>" + up("2") + "</node_state>");
        assertTrue(g.isEmpty());
        assertEquals(7, g.batchLimit());
        assertEquals(Duration.ofMinutes(2), g.clusterDelay());
        assertEquals(Duration.ofSeconds(90), g.stonithTimeout());
        assertEquals(Optional.empty(), g.recheckBy(), "interval 0 and nothing expiring: no recheck");
        assertTrue(g.graphXml().contains("cluster-delay=\"120s\" stonith-timeout=\"90s\""), g.graphXml());
        assertTrue(g.graphXml().contains("batch-limit=\"7\""), g.graphXml());
    }

    private static String dummy(String onFail) {
        return "<primitive id='d' class='ocf' provider='heartbeat' type='Dummy'>"
                + "<meta_attributes id='d-m'><nvpair id='d-ft' name='failure-timeout' value='60s'/></meta_attributes>"
                + "<operations><op id='d-mon' name='monitor' interval='10s' timeout='15s'" + onFail + "/></operations></primitive>";
    }

    private static String failedMonitor() {
        long lastFailure = NOW.getEpochSecond() - 20;
        return up("1") + "<transient_attributes id='1'><instance_attributes id='t1'>"
                + "<nvpair id='fc' name='fail-count-d#monitor_10000' value='1'/>"
                + "<nvpair id='lf' name='last-failure-d#monitor_10000' value='" + lastFailure + "'/>"
                + "</instance_attributes></transient_attributes>"
                + history("d", "Dummy", op("d", "start", 0, 0, 2) + op("d", "monitor", 10000, 7, 3)) + "</node_state>"
                + up("2") + history("d", "Dummy", op("d", "monitor", 0, 7, 1)) + "</node_state>";
    }

    @Test
    void aFailedMonitorIsRecoveredInPlaceAndTheFailureTimeoutSetsTheRecheck() {
        TransitionGraph g = schedule("", "<nvpair id='se' name='stonith-enabled' value='false'/>", dummy(""), "", failedMonitor());
        GraphAction stop = find(g, "d_stop_0", "n1");
        GraphAction start = find(g, "d_start_0", "n1");
        GraphAction mon = find(g, "d_monitor_10000", "n1");
        assertTrue(start.inputs().contains(stop.id()), "recovery stops before it starts");
        assertTrue(mon.inputs().contains(start.id()));
        assertEquals("15000", mon.meta().get("timeout"));
        assertTrue(g.summary().stream().anyMatch(l -> l.contains("Recover") && l.contains("d")), g.summary().toString());
        // last failure 20 s ago + 60 s failure-timeout: the count stops counting 40 s from now (strictly after)
        assertEquals(Optional.of(NOW.plusSeconds(41)), g.recheckBy());
    }

    @Test
    void onFailStopOnlyStops() {
        TransitionGraph g = schedule("", "<nvpair id='se' name='stonith-enabled' value='false'/>", dummy(" on-fail='stop'"), "",
                failedMonitor());
        GraphAction stop = find(g, "d_stop_0", "n1");
        assertEquals(Kind.RESOURCE, stop.kind());
        assertFalse(has(g, "d_start_0"), g.actions().toString());
        assertFalse(has(g, "d_monitor_10000"), g.actions().toString());
        assertTrue(g.summary().stream().anyMatch(l -> l.contains("Stop") && l.contains("d")), g.summary().toString());
    }

    @Test
    void aLostNodeIsFencedBeforeItsResourceStartsElsewhere() {
        String fence = "<primitive id='fence' class='stonith' type='fence_dummy'/>";
        String status = up("1") + "<lrm><lrm_resources><lrm_resource id='fence' class='stonith' type='fence_dummy'>"
                + op("fence", "start", 0, 0, 2) + "</lrm_resource></lrm_resources></lrm></node_state>"
                + "<node_state id='2' uname='n2' in_ccm='false' crmd='offline' join='down' expected='member'>"
                + history("d", "Dummy", op("d", "start", 0, 0, 2)) + "</node_state>";
        TransitionGraph g = schedule("", "<nvpair id='st' name='stonith-timeout' value='45s'/>", fence + dummy(""), "", status);
        GraphAction fencing = find(g, "stonith-n2-reboot", "n2");
        assertEquals(Kind.CLUSTER, fencing.kind());
        assertEquals("stonith", fencing.task());
        assertEquals("reboot", fencing.meta().get("stonith_action"));
        assertEquals("", fencing.resource());
        GraphAction stop = find(g, "d_stop_0", null);
        assertEquals(Kind.PSEUDO, stop.kind(), "the stop is implied by fencing");
        GraphAction start = find(g, "d_start_0", "n1");
        assertTrue(before(g, start).contains(fencing.id()), "the start waits for the fencing");
        assertEquals(Duration.ofSeconds(45), g.stonithTimeout());
        assertTrue(g.summary().stream().anyMatch(l -> l.contains("Fence (reboot) n2")), g.summary().toString());
    }

    private static final String CLONE = "<clone id='cl'><meta_attributes id='cl-m'><nvpair id='cl-max' name='clone-max' value='2'/>"
            + "</meta_attributes><primitive id='dummy' class='ocf' provider='heartbeat' type='Dummy'/></clone>";

    @Test
    void anonymousCloneInstancesFollowTheirHistoryNames() {
        // a fresh cluster: instance names
        TransitionGraph fresh = schedule("", "<nvpair id='se' name='stonith-enabled' value='false'/>", CLONE, "",
                up("1") + "</node_state>" + up("2") + "</node_state>");
        GraphAction s0 = find(fresh, "dummy:0_start_0", null);
        assertEquals("dummy:0", s0.resource());
        assertEquals("dummy:0", s0.resourceLongId());
        assertEquals("0", s0.meta().get("clone"));
        assertEquals("2", s0.meta().get("clone_max"));
        assertEquals("1", s0.meta().get("clone_node_max"));
        assertEquals("false", s0.meta().get("globally_unique"));
        assertEquals("false", s0.meta().get("notify"));
        assertFalse(s0.meta().containsKey("promoted_max"));
        assertEquals(Kind.PSEUDO, find(fresh, "cl_start_0", null).kind());

        // history written under the configured id (as Pacemaker 2.x does): every instance keeps using it
        TransitionGraph known = schedule("", "<nvpair id='se' name='stonith-enabled' value='false'/>", CLONE, "",
                up("1") + history("dummy", "Dummy", op("dummy", "start", 0, 0, 2)) + "</node_state>" + up("2") + "</node_state>");
        GraphAction start = find(known, "dummy:1_start_0", "n2");
        assertEquals("dummy", start.resource());
        assertEquals("dummy:1", start.resourceLongId());
        assertFalse(has(known, "dummy:0_start_0"), "the instance on n1 keeps running");
    }
}
