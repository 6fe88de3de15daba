package io.tandem.controller.edit;

import io.tandem.cib.Cib;
import io.tandem.controller.AdminException;
import io.tandem.controller.AdminException.Reason;
import io.tandem.controller.ClusterAdmin.Placement;
import java.util.List;
import org.junit.jupiter.api.Test;

import static io.tandem.controller.edit.TestCibs.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PlacementsTest {
    private final Cib cib = TestCibs.twoNodes();

    @Test
    void readsPrimitivesGroupsAndClones() throws AdminException {
        assertEquals(List.of(new Placement("ip", "n1", "Started")), Placements.of(cib, "ip"));
        assertEquals(List.of(new Placement("d1", "n1", "Started")), Placements.of(cib, "d1"), "failed monitor: active");
        assertEquals(List.of(new Placement("g", "n1", "Started")), Placements.of(cib, "g"));
        assertEquals(List.of(new Placement("g2", "n1", "Started")), Placements.of(cib, "g2"));
        assertEquals(List.of(new Placement("c", "n1", "Started"), new Placement("c", "n2", "Started")), Placements.of(cib, "c"));
        assertEquals(List.of(new Placement("ms", "n1", "Promoted"), new Placement("ms", "n2", "Unpromoted")),
                Placements.of(cib, "ms"));
        assertEquals(List.of(new Placement("st", "n1", "Promoted"), new Placement("st", "n2", "Unpromoted")),
                Placements.of(cib, "st"));
        assertEquals(7, Placements.all(cib).size());
        assertRefused(Reason.NOT_FOUND, () -> Placements.of(cib, "nope"));
    }

    @Test
    void historyDecidesInCallOrder() throws AdminException {
        assertEquals(List.of(), Placements.of(withOps("ip",
                op("ip_last_0", "stop", 0, 0, 12), op("ip_monitor_10000", "monitor", 0, 0, 6)), "ip"));
        assertEquals(List.of(new Placement("ip", "n1", "Started")), Placements.of(withOps("ip",
                op("ip_last_0", "start", 0, 0, 12), op("ip_last_failure_0", "monitor", 7, 0, 3)), "ip"),
                "a probe that found it stopped, then a start");
        assertEquals(List.of(), Placements.of(withOps("ip", op("ip_last_0", "monitor", 7, 0, 2)), "ip"));
        assertEquals(List.of(new Placement("ip", "n1", "Started")), Placements.of(withOps("ip",
                op("ip_last_0", "start", 1, 0, 2)), "ip"), "a failed start leaves it to be stopped");
        assertEquals(List.of(new Placement("ip", "n1", "Started")), Placements.of(withOps("ip",
                op("ip_last_0", "stop", 0, 2, 9), op("ip_start_0", "start", 0, 0, 2)), "ip"), "a timed-out stop");
        assertEquals(List.of(), Placements.of(withOps("ip",
                op("ip_last_0", "start", 0, 7, 2)), "ip"), "not installed");
        assertEquals(List.of(new Placement("ip", "n1", "Started")), Placements.of(withOps("ip",
                op("ip_last_0", "start", 0, -1, -1)), "ip"), "pending start");
    }

    @Test
    void nodesOutsideTheMembershipDoNotCount() throws AdminException {
        Cib offline = TestCibs.parse(cib.root().toString().replace(
                "<node_state id=\"2\" uname=\"n2\" in_ccm=\"true\" crmd=\"online\"",
                "<node_state id=\"2\" uname=\"n2\" in_ccm=\"false\" crmd=\"offline\""));
        assertEquals(List.of(new Placement("c", "n1", "Started")), Placements.of(offline, "c"));
    }

    @Test
    void anUncleanNodeKeepsItsResourcesWhileFencingIsEnabled() throws AdminException {
        String lost = cib.root().toString().replace("<node_state id=\"2\" uname=\"n2\" in_ccm=\"true\"",
                "<node_state id=\"2\" uname=\"n2\" in_ccm=\"false\"");
        assertEquals(List.of(new Placement("c", "n1", "Started")), Placements.of(TestCibs.parse(lost), "c"),
                "stonith-enabled=false: a lost node is taken as down");
        Cib fencing = TestCibs.parse(lost.replace("name=\"stonith-enabled\" value=\"false\"",
                "name=\"stonith-enabled\" value=\"true\""));
        assertEquals(List.of(new Placement("c", "n1", "Started"), new Placement("c", "n2", "Started")),
                Placements.of(fencing, "c"), "unclean until fenced");
    }

    private static String op(String id, String task, int rc, int status, int callId) {
        return "<lrm_rsc_op id=\"" + id + "\" operation=\"" + task + "\" rc-code=\"" + rc + "\" op-status=\"" + status
                + "\" call-id=\"" + callId + "\" interval=\"" + (id.contains("monitor_1") ? "10000" : "0") + "\"/>";
    }

    private Cib withOps(String rsc, String... ops) {
        String xml = cib.root().toString();
        int start = xml.indexOf("<lrm_resource id=\"" + rsc + "\"");
        int end = xml.indexOf("</lrm_resource>", start);
        int open = xml.indexOf('>', start) + 1;
        return TestCibs.parse(xml.substring(0, open) + String.join("", ops) + xml.substring(end));
    }
}
