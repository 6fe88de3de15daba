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

/** Node states, fencing, no-quorum policies, node health and shutdown locks on small hand-made CIBs. */
class FencingTest {
    private static final String DIGEST = " op-digest='f2317cad3d54cec5d7d7aa7d0bf35cf8'";

    private static String up(String id) {
        return "<node_state id='" + id + "' uname='n" + id + "' in_ccm='true' crmd='online' join='member' expected='member'>";
    }

    private static String running(String rsc, String cls, String type) {
        String provider = "ocf".equals(cls) ? " provider='heartbeat'" : "";
        return "<lrm><lrm_resources><lrm_resource id='" + rsc + "' class='" + cls + "'" + provider + " type='" + type + "'>"
                + "<lrm_rsc_op id='" + rsc + "_last_0' operation_key='" + rsc + "_start_0' operation='start'"
                + " transition-key='1:1:0:x' call-id='2' rc-code='0' op-status='0' interval='0'" + DIGEST + "/>"
                + "</lrm_resource></lrm_resources></lrm>";
    }

    private static SimulationReport run(String cibAttrs, String options, String resources, String status) throws Exception {
        return run(cibAttrs, options, resources, status, Instant.EPOCH);
    }

    private static SimulationReport run(String cibAttrs, String options, String resources, String status, Instant now)
            throws Exception {
        String xml = "<cib admin_epoch='0' epoch='1' num_updates='1' " + cibAttrs + "><configuration><crm_config>"
                + "<cluster_property_set id='o'>" + options + "</cluster_property_set></crm_config>"
                + "<nodes><node id='1' uname='n1'/><node id='2' uname='n2'/><node id='3' uname='n3'/></nodes>"
                + "<resources><primitive id='fence' class='stonith' type='fence_dummy'/>" + resources + "</resources>"
                + "<constraints/></configuration><status>" + status + "</status></cib>";
        return new PacemakerSimulator().simulate(new Cib(CibXml.parse(xml, "test")), now);
    }

    private static List<String> summary(SimulationReport r) {
        return SimulateText.section(r.text(), "Transition Summary:", "Executing Cluster Transition:");
    }

    private static List<String> current(SimulationReport r) {
        return SimulateText.section(r.text(), "Current cluster status:", "Transition Summary:");
    }

    @Test
    void lostNodesAreFencedAndTheSummaryListsTheNewestFencingFirst() throws Exception {
        String lost = "in_ccm='false' crmd='offline' join='down' expected='member'/>";
        SimulationReport r = run("have-quorum='1'", "", "",
                up("1") + "</node_state><node_state id='2' uname='n2' " + lost + "<node_state id='3' uname='n3' " + lost);
        assertEquals(List.of(
                "*Fence(reboot)n3'peerisnolongerpartofthecluster'",
                "*Fence(reboot)n2'peerisnolongerpartofthecluster'",
                "*Startfence(n1)"), summary(r));
        assertTrue(current(r).contains("*Noden2:UNCLEAN(offline)"), current(r).toString());
    }

    @Test
    void aBannedPeerIsUncleanWhileStillOnline() throws Exception {
        SimulationReport r = run("have-quorum='1'", "", "", up("1") + "</node_state>"
                + "<node_state id='2' uname='n2' in_ccm='true' crmd='online' join='banned' expected='member'/>"
                + up("3") + "</node_state>");
        assertTrue(current(r).contains("*Noden2:UNCLEAN(online)"), current(r).toString());
        assertTrue(summary(r).contains("*Fence(reboot)n2'peerfailedPacemakermembershipcriteria'"), summary(r).toString());
    }

    @Test
    void aPendingNodeIsShownAsPendingEvenWhenOffline() throws Exception {
        SimulationReport r = run("have-quorum='1'", "", "", up("1") + "</node_state>"
                + "<node_state id='2' uname='n2' in_ccm='false' crmd='online' join='down'/>" + up("3") + "</node_state>");
        assertTrue(current(r).contains("*Noden2:pending"), current(r).toString());
    }

    @Test
    void suicideFencesEveryMemberOnlyWhenTheClusterHadQuorumOrMustPanic() throws Exception {
        String status = up("1") + "</node_state>" + up("2") + "</node_state>" + up("3") + "</node_state>";
        String policy = "<nvpair id='q' name='no-quorum-policy' value='suicide'/>";
        SimulationReport panic = run("have-quorum='0' no-quorum-panic='1'", policy, "", status);
        assertEquals(List.of(
                "*Fence(reboot)n3'clusterdoesnothavequorum'",
                "*Fence(reboot)n2'clusterdoesnothavequorum'",
                "*Fence(reboot)n1'clusterdoesnothavequorum'"), summary(panic));
        // never quorate: the policy falls back to stop, so nothing may start
        SimulationReport never = run("have-quorum='0'", policy, "", status);
        assertEquals(List.of("*Startfence(n1)duetonoquorum(blocked)"), summary(never));
    }

    @Test
    void demotePolicyDemotesPromotedInstancesAndStopsTheRest() throws Exception {
        String promoted = "<lrm><lrm_resources><lrm_resource id='p' class='ocf' provider='heartbeat' type='Stateful'>"
                + "<lrm_rsc_op id='p_last_0' operation_key='p_promote_0' operation='promote' transition-key='1:1:0:x'"
                + " call-id='3' rc-code='0' op-status='0' interval='0'" + DIGEST + "/></lrm_resource>"
                + "<lrm_resource id='d' class='ocf' provider='heartbeat' type='Dummy'>"
                + "<lrm_rsc_op id='d_last_0' operation_key='d_start_0' operation='start' transition-key='1:1:0:x'"
                + " call-id='4' rc-code='0' op-status='0' interval='0'" + DIGEST + "/></lrm_resource></lrm_resources></lrm>";
        SimulationReport r = run("have-quorum='0'", "<nvpair id='q' name='no-quorum-policy' value='demote'/>",
                "<clone id='P'><meta_attributes id='pm'><nvpair id='pp' name='promotable' value='true'/>"
                        + "<nvpair id='pmx' name='clone-max' value='1'/></meta_attributes>"
                        + "<primitive id='p' class='ocf' provider='heartbeat' type='Stateful'/></clone>"
                        + "<primitive id='d' class='ocf' provider='heartbeat' type='Dummy'/>",
                up("1") + promoted + "</node_state>");
        List<String> s = summary(r);
        assertTrue(s.contains("*Demotep:0(Promoted->Unpromotedn1)"), s.toString());
        assertTrue(s.contains("*Stopd(n1)duetonoquorum"), s.toString());
    }

    @Test
    void redHealthMovesResourcesAwayUnlessTheyAllowUnhealthyNodes() throws Exception {
        String red = "<transient_attributes id='2'><instance_attributes id='s2'>"
                + "<nvpair id='h' name='#health-disk' value='red'/></instance_attributes></transient_attributes>";
        String options = "<nvpair id='h' name='node-health-strategy' value='migrate-on-red'/>";
        String status = up("1") + running("fence", "stonith", "fence_dummy") + "</node_state>"
                + up("2") + red + running("r", "ocf", "Dummy") + "</node_state>" + up("3") + "</node_state>";
        SimulationReport r = run("have-quorum='1'", options, "<primitive id='r' class='ocf' provider='heartbeat' type='Dummy'/>", status);
        assertTrue(current(r).contains("*Noden2:online(healthisRED)"), current(r).toString());
        assertTrue(summary(r).stream().anyMatch(l -> l.startsWith("*Mover(n2->")), summary(r).toString());

        SimulationReport allowed = run("have-quorum='1'", options, "<primitive id='r' class='ocf' provider='heartbeat' type='Dummy'>"
                + "<meta_attributes id='rm'><nvpair id='ra' name='allow-unhealthy-nodes' value='true'/></meta_attributes>"
                + "</primitive>", status);
        assertEquals(List.of(), summary(allowed));
    }

    @Test
    void shutdownLockKeepsAResourceOnTheNodeThatShutsDown() throws Exception {
        String shutdown = "<transient_attributes id='1'><instance_attributes id='s1'>"
                + "<nvpair id='sd' name='shutdown' value='100'/></instance_attributes></transient_attributes>";
        String status = up("1") + shutdown + running("r", "ocf", "Dummy") + "</node_state>"
                + up("2") + running("fence", "stonith", "fence_dummy") + "</node_state>" + up("3") + "</node_state>";
        String rsc = "<primitive id='r' class='ocf' provider='heartbeat' type='Dummy'/>";
        SimulationReport locked = run("have-quorum='1'", "<nvpair id='l' name='shutdown-lock' value='true'/>", rsc, status);
        assertTrue(summary(locked).contains("*Stopr(n1)duetonodeavailability"), summary(locked).toString());
        assertTrue(SimulateText.section(locked.text(), "Executing Cluster Transition:", "Revised Cluster Status:")
                .contains("*Clusteraction:do_shutdownonn1"), locked.text());

        SimulationReport free = run("have-quorum='1'", "", rsc, status);
        assertTrue(summary(free).stream().anyMatch(l -> l.startsWith("*Mover(n1->")), summary(free).toString());
    }

    @Test
    void anExpiredLockFromTheHistoryIsClearedByTheDc() throws Exception {
        String stopped = "<lrm><lrm_resources><lrm_resource id='r' class='ocf' provider='heartbeat' type='Dummy' shutdown-lock='100'>"
                + "<lrm_rsc_op id='r_last_0' operation_key='r_stop_0' operation='stop' transition-key='1:1:0:x'"
                + " call-id='3' rc-code='0' op-status='0' interval='0'" + DIGEST + "/></lrm_resource></lrm_resources></lrm>";
        String status = "<node_state id='1' uname='n1' in_ccm='false' crmd='offline' join='down' expected='down'>" + stopped
                + "</node_state>" + up("2") + running("fence", "stonith", "fence_dummy") + "</node_state>" + up("3") + "</node_state>";
        String rsc = "<primitive id='r' class='ocf' provider='heartbeat' type='Dummy'/>";
        String lock = "<nvpair id='l' name='shutdown-lock' value='true'/>";
        SimulationReport held = run("have-quorum='1'", lock, rsc, status, Instant.ofEpochSecond(200));
        assertTrue(current(held).contains("*r(ocf:heartbeat:Dummy):Stoppedn1(LOCKED)"), current(held).toString());
        assertEquals(List.of(), summary(held));

        SimulationReport expired = run("have-quorum='1'",
                lock + "<nvpair id='ll' name='shutdown-lock-limit' value='60s'/>", rsc, status, Instant.ofEpochSecond(200));
        assertFalse(current(expired).toString().contains("LOCKED"), current(expired).toString());
        assertTrue(SimulateText.section(expired.text(), "Executing Cluster Transition:", "Revised Cluster Status:")
                .contains("*Clusteraction:lrm_deleteforronn1"), expired.text());
    }

    @Test
    void aDeviceThatUnfencesMakesNewNodesUnfenceBeforeProbesAndStarts() throws Exception {
        String xml = "<cib admin_epoch='0' epoch='1' num_updates='1' have-quorum='1'><configuration><crm_config/>"
                + "<nodes><node id='1' uname='n1'/><node id='2' uname='n2'/></nodes><resources>"
                + "<primitive id='fence' class='stonith' type='fence_scsi'><meta_attributes id='fm'>"
                + "<nvpair id='fp' name='provides' value='unfencing'/></meta_attributes></primitive>"
                + "<primitive id='r' class='ocf' provider='heartbeat' type='Dummy'/></resources><constraints>"
                + "<rsc_location id='l' rsc='r' node='n2' score='100'/></constraints></configuration><status>"
                + up("1") + "<transient_attributes id='1'><instance_attributes id='s1'>"
                + "<nvpair id='u1' name='#node-unfenced' value='1'/></instance_attributes></transient_attributes>"
                + "</node_state>" + up("2") + "</node_state></status></cib>";
        SimulationReport r = new PacemakerSimulator().simulate(new Cib(CibXml.parse(xml, "test")), Instant.EPOCH);
        List<String> s = summary(r);
        assertEquals("*Fence(on)n2'requiredbyfencemonitor'", s.get(0), s.toString());
        assertFalse(s.toString().contains("n1'"), s.toString());
        List<String> exec = SimulateText.section(r.text(), "Executing Cluster Transition:", "Revised Cluster Status:");
        int unfence = exec.indexOf("*Fencingn2(on)");
        assertTrue(unfence >= 0, exec.toString());
        assertTrue(unfence < exec.indexOf("*Resourceaction:rmonitoronn2"), exec.toString());
        assertTrue(unfence < exec.indexOf("*Resourceaction:rstartonn2"), exec.toString());
        // unfencing leaves the node up
        assertTrue(SimulateText.section(r.text(), "Revised Cluster Status:", "Full List of Resources:").toString()
                .contains("Online:[n1n2]"), r.text());
    }

    @Test
    void membershipTimestampsCountAsMembership() throws Exception {
        SimulationReport r = run("have-quorum='1'", "", "", up("1") + "</node_state>"
                + "<node_state id='2' uname='n2' in_ccm='1600000000' crmd='1600000100' join='member' expected='member'/>"
                + "<node_state id='3' uname='n3' in_ccm='0' crmd='0' join='down' expected='down'/>");
        assertTrue(current(r).contains("*Online:[n1n2]"), current(r).toString());
        assertTrue(current(r).contains("*OFFLINE:[n3]"), current(r).toString());
    }
}
