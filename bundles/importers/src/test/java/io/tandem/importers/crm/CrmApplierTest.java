package io.tandem.importers.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import io.tandem.cib.CibValidator;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrmApplierTest {
    private static Cib apply(Cib cib, String text) throws Exception {
        return CrmApplier.applyAll(cib, CrmParser.parse(text));
    }

    private static CrmApplyException failure(String text) throws Exception {
        Cib base = apply(CrmFixtures.base(), "primitive a ocf:pacemaker:Dummy\nprimitive b ocf:pacemaker:Dummy\n"
                + "group g b");
        return assertThrows(CrmApplyException.class, () -> apply(base, text));
    }

    @Test
    void generatesIdsTheCrmshWay() throws Exception {
        Cib cib = apply(CrmFixtures.base(), "primitive vip ocf:heartbeat:IPaddr2 params ip=10.0.0.1"
                + " op monitor interval=10s op monitor interval=10s role=Promoted op start timeout=20s meta is-managed=true");
        CibElement vip = cib.configuration().findById("vip").orElseThrow();
        assertEquals("vip-instance_attributes-ip", vip.findById("vip-instance_attributes-ip").orElseThrow().id());
        assertEquals(List.of("vip-monitor-10s", "vip-monitor-10s-0", "vip-start-0"),
                vip.child("operations").orElseThrow().children().stream().map(CibElement::id).toList());
        assertTrue(vip.findById("vip-meta_attributes-is-managed").isPresent());
        CibValidator.validate(cib, "test");
    }

    @Test
    void untouchedSubtreesAreShared() throws Exception {
        Cib base = apply(CrmFixtures.base(), "primitive a ocf:pacemaker:Dummy");
        Cib next = apply(base, "primitive b ocf:pacemaker:Dummy");
        assertSame(base.configuration().child("nodes").orElseThrow(), next.configuration().child("nodes").orElseThrow());
        assertSame(base.configuration().findById("a").orElseThrow(), next.configuration().findById("a").orElseThrow());
        assertSame(base, apply(base, "show\nverify"));
    }

    @Test
    void errorsNameCommandLineAndField() throws Exception {
        CrmApplyException e = failure("\nprimitive a ocf:pacemaker:Dummy");
        assertEquals("line 2: primitive a: id: id 'a' is already used by a <primitive>", e.getMessage());
        assertEquals(List.of("primitive a", 2, "id"), List.of(e.command(), e.line(), e.field()));

        e = failure("location l1 nosuch 100: n1");
        assertEquals("line 1: location l1: rsc: no resource with id 'nosuch'", e.getMessage());

        e = failure("primitive c ocf:pacemaker:Dummy op monitor interval=10x");
        assertEquals("line 1: primitive c: op monitor interval: '10x' is not a duration (such as 20, 10s, 500ms,"
                + " 1min, 2h or PT10S)", e.getMessage());

        assertEquals("score", failure("location l1 a lots: n1").field());
        assertEquals("role", failure("location l1 a role=Boss 10: n1").field());
        assertEquals("meta target-role", failure("primitive c ocf:pacemaker:Dummy meta target-role=Running").field());
        assertEquals("meta is-managed", failure("primitive c ocf:pacemaker:Dummy meta is-managed=perhaps").field());
        assertEquals("members", failure("group g2 b").field());
        assertEquals("line 1: group g2: members: 'b' is already in group 'g'", failure("group g2 b").getMessage());
        assertEquals("members", failure("group g2 g").field());
        assertEquals("rsc", failure("clone c b").field());
        assertEquals("action", failure("order o Mandatory: a:begin g").field());
        assertEquals("symmetrical", failure("order o Mandatory: a g symmetrical=maybe").field());
        assertEquals("kind", failure("order o Sometimes: a g").field());
        assertEquals("provider", failure("primitive c ocf:Dummy").field());
        assertEquals("class", failure("primitive c nope:x:Dummy").field());
        assertEquals("no-quorum-policy", failure("property no-quorum-policy=panic").field());
        assertEquals("id", failure("delete nothing").field());
        assertEquals("line 3: colocation c: with-rsc-role: 'Top' is not a role (Started, Stopped, Promoted,"
                + " Unpromoted, Master, Slave)", failure("\n\ncolocation c inf: a g:Top").getMessage());
    }

    @Test
    void propertiesUpdateInPlace() throws Exception {
        Cib cib = apply(CrmFixtures.base(), "property stonith-enabled=true no-quorum-policy=ignore\n"
                + "property stonith-enabled=false");
        CibElement set = cib.configuration().findById("cib-bootstrap-options").orElseThrow();
        assertEquals(2, set.children().size());
        assertEquals("false", set.findById("cib-bootstrap-options-stonith-enabled").orElseThrow().attr("value"));
    }

    @Test
    void nodesCanBeAddedAndGetAttributes() throws Exception {
        Cib cib = apply(CrmFixtures.base(), "node 3: n3 attributes standby=on\nnode 1: n1 attributes site=a");
        assertEquals("on", cib.configuration().findById("nodes-3-standby").orElseThrow().attr("value"));
        assertEquals("a", cib.configuration().findById("nodes-1-site").orElseThrow().attr("value"));
        assertEquals("uname", assertThrows(CrmApplyException.class, () -> apply(cib, "node 9: n3")).field());
    }

    @Test
    void deletingTheLastMemberDeletesTheGroupAndItsConstraints() throws Exception {
        Cib cib = apply(CrmFixtures.base(), "primitive a ocf:pacemaker:Dummy\ngroup g a\nlocation l g 10: n1\ndelete a");
        assertTrue(cib.configuration().findById("g").isEmpty());
        assertTrue(cib.configuration().findById("l").isEmpty());
    }
}
