package io.tandem.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cib.Cib;
import io.tandem.cib.CibXml;
import io.tandem.scheduler.SimulationReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Utilization-based placement: capacity bans, colocated utilization sums, priority order and the balanced/minimal
 * strategies. The expected Transition Summaries were produced by crm_simulate 2.1.5 from the same CIBs.
 */
class UtilizationTest {

    private static String cib(String strategy, Map<String, Map<String, Integer>> nodes, String resources, String constraints) {
        StringBuilder ns = new StringBuilder();
        StringBuilder st = new StringBuilder();
        int id = 1;
        for (Map.Entry<String, Map<String, Integer>> n : nodes.entrySet()) {
            String u = n.getKey();
            ns.append("<node id='").append(id).append("' uname='").append(u).append("'><utilization id='").append(u).append("-u'>");
            n.getValue().forEach((k, v) -> ns.append("<nvpair id='").append(u).append('-').append(k).append("' name='").append(k)
                    .append("' value='").append(v).append("'/>"));
            ns.append("</utilization></node>");
            st.append("<node_state id='").append(id).append("' uname='").append(u)
                    .append("' in_ccm='true' crmd='online' join='member' expected='member'/>");
            id++;
        }
        return "<cib admin_epoch='0' epoch='1' num_updates='1' have-quorum='1'><configuration><crm_config>"
                + "<cluster_property_set id='o'><nvpair id='s' name='stonith-enabled' value='false'/>"
                + "<nvpair id='p' name='placement-strategy' value='" + strategy + "'/></cluster_property_set>"
                + "</crm_config><nodes>" + ns + "</nodes><resources>" + resources + "</resources><constraints>" + constraints
                + "</constraints></configuration><status>" + st + "</status></cib>";
    }

    private static String primitive(String id, String name, int value, Integer priority) {
        String meta = priority == null ? "" : "<meta_attributes id='" + id + "-m'><nvpair id='" + id + "-p' name='priority' value='"
                + priority + "'/></meta_attributes>";
        return "<primitive id='" + id + "' class='ocf' provider='heartbeat' type='Dummy'>" + meta + "<utilization id='" + id
                + "-u'><nvpair id='" + id + "-" + name + "' name='" + name + "' value='" + value + "'/></utilization></primitive>";
    }

    private static List<String> summary(String xml) throws Exception {
        SimulationReport r = new PacemakerSimulator().simulate(new Cib(CibXml.parse(xml, "test")), Instant.EPOCH);
        return SimulateText.section(r.text(), "Transition Summary:", "Executing Cluster Transition:");
    }

    private static Map<String, Map<String, Integer>> ordered(String attr, int n1, int n2) {
        Map<String, Map<String, Integer>> m = new java.util.LinkedHashMap<>();
        m.put("n1", Map.of(attr, n1));
        m.put("n2", Map.of(attr, n2));
        return m;
    }

    private static String threeSmall() {
        return primitive("r1", "mem", 50, null) + primitive("r2", "mem", 50, null) + primitive("r3", "mem", 50, null);
    }

    @Test
    void higherPriorityResourceTakesTheOnlyNodeWithEnoughCapacity() throws Exception {
        String xml = cib("utilization", ordered("cpu", 1, 2),
                primitive("a", "cpu", 2, null) + primitive("b", "cpu", 2, 5), "");
        assertEquals(List.of("*Startb(n2)"), summary(xml));
    }

    @Test
    void utilizationStrategyBreaksTiesByAssignedResourceCount() throws Exception {
        assertEquals(List.of("*Startr1(n1)", "*Startr2(n2)", "*Startr3(n1)"),
                summary(cib("utilization", ordered("mem", 100, 200), threeSmall(), "")));
    }

    @Test
    void balancedStrategyPrefersTheNodeWithMoreRemainingCapacity() throws Exception {
        assertEquals(List.of("*Startr1(n2)", "*Startr2(n2)", "*Startr3(n1)"),
                summary(cib("balanced", ordered("mem", 100, 200), threeSmall(), "")));
    }

    @Test
    void minimalStrategyFillsNodesInNameOrder() throws Exception {
        assertEquals(List.of("*Startr1(n1)", "*Startr2(n1)", "*Startr3(n2)"),
                summary(cib("minimal", ordered("mem", 100, 200), threeSmall(), "")));
    }

    @Test
    void groupMembersNeedCapacityTogether() throws Exception {
        String group = "<group id='g'>" + primitive("m1", "cpu", 1, null) + primitive("m2", "cpu", 1, null) + "</group>";
        assertEquals(List.of("*Startm1(n2)", "*Startm2(n2)"), summary(cib("utilization", ordered("cpu", 1, 2), group, "")));
    }

    @Test
    void mandatorilyColocatedResourcesNeedCapacityTogether() throws Exception {
        String xml = cib("utilization", ordered("cpu", 1, 2), primitive("a", "cpu", 1, null) + primitive("b", "cpu", 1, null),
                "<rsc_colocation id='c' rsc='b' with-rsc='a' score='INFINITY'/>");
        assertEquals(List.of("*Starta(n2)", "*Startb(n2)"), summary(xml));
    }

    @Test
    void defaultStrategyIgnoresUtilization() throws Exception {
        String xml = cib("default", ordered("cpu", 1, 1), primitive("a", "cpu", 2, null), "");
        assertEquals(List.of("*Starta(n1)"), summary(xml));
    }

    @Test
    void nodeCapacityComparisonCountsAttributesWhereOneNodeHasMore() {
        Node a = new Node("1", "a", "member");
        Node b = new Node("2", "b", "member");
        a.utilization.put("cpu", "4");
        a.utilization.put("mem", "100");
        b.utilization.put("cpu", "2");
        b.utilization.put("mem", "100");
        b.utilization.put("disk", "5");
        // a has more cpu (-1), b has disk that a lacks (+1): equal
        assertEquals(0, Utilization.compareCapacities(a, b));
        b.utilization.remove("disk");
        assertTrue(Utilization.compareCapacities(a, b) < 0);
        assertTrue(Utilization.compareCapacities(b, a) > 0);
    }

    @Test
    void utilizationValuesThatAreNotNumbersCountAsZero() {
        assertEquals(0, Utilization.value(null));
        assertEquals(0, Utilization.value("lots"));
        assertEquals(-3, Utilization.value("-3"));
        assertEquals(512, Utilization.value("512"));
    }
}
