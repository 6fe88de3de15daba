package io.tandem.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.cib.Cib;
import io.tandem.cib.CibXml;
import org.junit.jupiter.api.Test;

/** pe_get_failcount's attribute matching, through the per-node index of fail-count attributes. */
class FailCountTest {
    private static WorkingSet unpack(String attrs) throws Exception {
        String xml = "<cib admin_epoch='0' epoch='1' num_updates='1' have-quorum='1' crm_feature_set='3.16.2'><configuration>"
                + "<crm_config/><nodes><node id='1' uname='n1'/></nodes><resources>"
                + "<primitive id='A' class='ocf' provider='heartbeat' type='Dummy'/>"
                + "<primitive id='AB' class='ocf' provider='heartbeat' type='Dummy'/>"
                + "<clone id='C'><primitive id='P' class='ocf' provider='heartbeat' type='Dummy'/></clone>"
                + "</resources><constraints/></configuration><status>"
                + "<node_state id='1' uname='n1' in_ccm='true' crmd='online' join='member' expected='member'>"
                + "<transient_attributes id='1'><instance_attributes id='t1'>" + attrs + "</instance_attributes>"
                + "</transient_attributes></node_state></status></cib>";
        return PolicyEngine.unpack(new Cib(CibXml.parse(xml, "test")), 200);
    }

    private static String nv(String name, String value) {
        return "<nvpair id='" + name.replaceAll("[^A-Za-z0-9]", "_") + "' name='" + name + "' value='" + value + "'/>";
    }

    @Test
    void sumsOnlyTheAttributesNamingTheResource() throws Exception {
        WorkingSet ws = unpack(nv("fail-count-A#monitor_10000", "2") + nv("fail-count-A#start_0", "1")
                + nv("fail-count-AB#monitor_10000", "5") + nv("fail-count-A#monitor", "7") + nv("fail-count-A:x", "7")
                + nv("fail-count-P:0#monitor_10000", "3") + nv("fail-count-P:1#start_0", "4") + nv("fail-count-P:", "7"));
        Node n1 = ws.nodesByName.get("n1");
        assertEquals(3, Failures.failCount(ws, ws.byId.get("A"), n1));
        assertEquals(5, Failures.failCount(ws, ws.byId.get("AB"), n1));
        // an anonymous clone instance counts every instance number of its base name
        Resource p0 = ws.byId.get("C").children.get(0);
        assertEquals(7, Failures.failCount(ws, p0, n1));
    }

    @Test
    void seesAttributesAddedAfterTheFirstLookup() throws Exception {
        WorkingSet ws = unpack(nv("fail-count-A#start_0", "1"));
        Node n1 = ws.nodesByName.get("n1");
        Resource a = ws.byId.get("A");
        assertEquals(1, Failures.failCount(ws, a, n1));
        n1.attrs.put("fail-count-A#monitor_10000", "INFINITY");
        assertEquals(Scores.INFINITY, Failures.failCount(ws, a, n1));
        n1.attrs.put("fail-count-A#start_0", "2");
        assertEquals(Scores.INFINITY, Failures.failCount(ws, a, n1));
        n1.attrs.put("fail-count-A#monitor_10000", "3");
        assertEquals(5, Failures.failCount(ws, a, n1));
    }
}
