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
 * Clone instance numbering, assignment and promotion on small hand-made CIBs. The expected lines are what
 * crm_simulate 2.1.5 prints for the same CIBs.
 */
class CloneAssignTest {
    private static final String TWO_NODES = "<nodes><node id='1' uname='n1'/><node id='2' uname='n2'/></nodes>";
    private static final String N2_STANDBY = "<nodes><node id='1' uname='n1'/><node id='2' uname='n2'><instance_attributes id='n2a'>"
            + "<nvpair id='sb' name='standby' value='on'/></instance_attributes></node></nodes>";
    private static final String STATEFUL_CLONE = "<resources><clone id='C'><meta_attributes id='cm'>"
            + "<nvpair id='p' name='promotable' value='true'/></meta_attributes>"
            + "<primitive id='S' class='ocf' provider='pacemaker' type='Stateful'/></clone></resources>";

    private static SimulationReport run(String nodes, String resources, String status) throws Exception {
        String xml = "<cib admin_epoch='0' epoch='1' num_updates='1' have-quorum='1'><configuration><crm_config>"
                + "<cluster_property_set id='o'><nvpair id='s' name='stonith-enabled' value='false'/></cluster_property_set>"
                + "</crm_config>" + nodes + resources + "<constraints/></configuration><status>" + status + "</status></cib>";
        return new PacemakerSimulator().simulate(new Cib(CibXml.parse(xml, "test")), Instant.EPOCH);
    }

    private static String node(int id, String lrm, String attrs) {
        String transientAttrs = attrs.isEmpty() ? ""
                : "<transient_attributes id='t" + id + "'><instance_attributes id='ta" + id + "'>" + attrs
                        + "</instance_attributes></transient_attributes>";
        return "<node_state id='" + id + "' uname='n" + id + "' in_ccm='true' crmd='online' join='member' expected='member'>"
                + transientAttrs + "<lrm id='l" + id + "'><lrm_resources>" + lrm + "</lrm_resources></lrm></node_state>";
    }

    /** An lrm_resource whose one operation succeeded ({@code status} -1 makes it pending). */
    private static String history(String id, String type, String task, int rc, int status) {
        String provider = "Stateful".equals(type) ? "pacemaker" : "heartbeat";
        return "<lrm_resource id='" + id + "' class='ocf' provider='" + provider + "' type='" + type + "'>"
                + "<lrm_rsc_op id='" + id + "_last_0' operation_key='" + id + "_" + task + "_0' operation='" + task + "'"
                + " transition-key='1:1:0:x' call-id='2' rc-code='" + rc + "' op-status='" + status + "' interval='0'"
                + " op-digest='f2317cad3d54cec5d7d7aa7d0bf35cf8'/></lrm_resource>";
    }

    private static String started(String id, String type) {
        return history(id, type, "start", 0, 0);
    }

    private static List<String> summary(SimulationReport r) {
        return SimulateText.section(r.text(), "Transition Summary:", "Executing Cluster Transition:");
    }

    private static String attr(String name, String value) {
        return "<nvpair id='" + name + "' name='" + name + "' value='" + value + "'/>";
    }

    @Test
    void promotionScoreIsReadUnderTheNameTheHistoryKnowsTheInstanceBy() throws Exception {
        // n1's history says S:1, but the first free instance S:0 takes it; crm_attribute --promotion wrote master-S:1
        SimulationReport r = run(TWO_NODES, STATEFUL_CLONE,
                node(1, started("S:1", "Stateful"), attr("master-S:1", "10"))
                        + node(2, started("S:0", "Stateful"), attr("master-S:0", "5")));
        assertTrue(r.scoreLines().contains("S:0 promotion score on n1: 10"), r.scoreLines().toString());
        assertTrue(r.scoreLines().contains("S:1 promotion score on n2: 5"), r.scoreLines().toString());
        assertTrue(r.scoreLines().contains("pcmk__clone_allocate: S:0 allocation score on n1: 11"), r.scoreLines().toString());
        assertEquals(List.of("*PromoteS:0(Unpromoted->Promotedn1)"), summary(r));
    }

    @Test
    void aStartedInstanceOfAPromotableCloneStopsAsUnpromoted() throws Exception {
        SimulationReport r = run(N2_STANDBY, STATEFUL_CLONE,
                node(1, started("S", "Stateful"), attr("master-S", "10")) + node(2, started("S", "Stateful"), attr("master-S", "5")));
        assertEquals(List.of("*PromoteS:0(Unpromoted->Promotedn1)", "*StopS:1(Unpromotedn2)duetonodeavailability"), summary(r));
        assertTrue(r.scoreLines().contains("S:1 promotion score on none: 0"), r.scoreLines().toString());
    }

    @Test
    void membersOfClonedGroupsShowTheirScoresButOrphansDoNot() throws Exception {
        String group = "<resources><clone id='G-clone'><meta_attributes id='gm'><nvpair id='cm1' name='clone-max' value='1'/>"
                + "</meta_attributes><group id='G'><primitive id='A' class='ocf' provider='heartbeat' type='Dummy'/>"
                + "<primitive id='B' class='ocf' provider='heartbeat' type='Dummy'/></group></clone></resources>";
        SimulationReport r = run(TWO_NODES, group,
                node(1, started("A", "Dummy") + started("B", "Dummy"), "") + node(2, started("A", "Dummy"), ""));
        assertEquals(List.of("*StopA:1(n2)duetonodeavailability"), summary(r));
        assertTrue(r.scoreLines().contains("pcmk__clone_allocate: A:0 allocation score on n1: 1"), r.scoreLines().toString());
        assertTrue(r.scoreLines().contains("pcmk__group_assign: B:0 allocation score on n1: 1"), r.scoreLines().toString());
        assertFalse(r.scoreLines().stream().anyMatch(l -> l.contains("G:1 ") || l.contains("A:1 ")), r.scoreLines().toString());
    }

    @Test
    void aUniqueInstancesFailCountUsesItsInstanceNumber() throws Exception {
        String unique = "<resources><clone id='U'><meta_attributes id='um'><nvpair id='gu' name='globally-unique' value='true'/>"
                + "<nvpair id='mt' name='migration-threshold' value='1'/></meta_attributes>"
                + "<primitive id='P' class='ocf' provider='heartbeat' type='Dummy'/></clone></resources>";
        SimulationReport r = run(N2_STANDBY, unique,
                node(1, started("P:0", "Dummy") + started("P:1", "Dummy"), attr("fail-count-P:1#monitor_10000", "1")) + node(2, "", ""));
        assertEquals(List.of("*StopP:1(n1)duetonodeavailability"), summary(r));
        assertTrue(r.scoreLines().contains("pcmk__clone_allocate: P:1 allocation score on n1: -INFINITY"), r.scoreLines().toString());
        assertTrue(r.scoreLines().contains("pcmk__clone_allocate: P:0 allocation score on n1: 1"), r.scoreLines().toString());
    }

    @Test
    void aPendingProbeDoesNotHoldAnInstanceNumber() throws Exception {
        String clone = "<resources><clone id='D-clone'><primitive id='D' class='ocf' provider='heartbeat' type='Dummy'/>"
                + "</clone></resources>";
        // n1's probe of D is still pending, n2 runs D: both histories land on D:0, which stays where it runs
        SimulationReport r = run(TWO_NODES, clone,
                node(1, history("D", "Dummy", "monitor", 193, -1), "") + node(2, started("D", "Dummy"), ""));
        assertEquals(List.of("*StartD:1(n1)"), summary(r));
        assertTrue(r.scoreLines().contains("pcmk__clone_allocate: D:0 allocation score on n2: 1"), r.scoreLines().toString());
    }

    @Test
    void glibSortSplitsTheListLikeGlib() {
        // only "c before a" is known: GLib sorts [a] and [b, c] separately, so c never meets a and stays last
        java.util.Comparator<String> onlyCBeforeA = (p, q) -> p.equals("c") && q.equals("a") ? -1
                : p.equals("a") && q.equals("c") ? 1 : 0;
        assertEquals(List.of("a", "b", "c"), CloneAssign.glibSort(List.of("a", "b", "c"), onlyCBeforeA));
        assertEquals(List.of("c", "a", "b", "d"), CloneAssign.glibSort(List.of("a", "b", "c", "d"), onlyCBeforeA));
        // stable: equal elements keep their order
        assertEquals(List.of("b0", "c1", "a1"), CloneAssign.glibSort(List.of("c1", "a1", "b0"),
                (p, q) -> Character.compare(p.charAt(1), q.charAt(1))));
    }
}
