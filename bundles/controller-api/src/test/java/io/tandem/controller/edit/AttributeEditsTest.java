package io.tandem.controller.edit;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import io.tandem.controller.AdminException;
import io.tandem.controller.AdminException.Reason;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static io.tandem.controller.edit.TestCibs.assertRefused;
import static io.tandem.controller.edit.TestCibs.assertValid;
import static io.tandem.controller.edit.TestCibs.byId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttributeEditsTest {
    private final Cib cib = TestCibs.twoNodes();

    private static CibElement el(Cib c, String id) {
        return byId(c, id).orElseThrow(() -> new AssertionError("no element " + id));
    }

    @Test
    void setParameterUpdatesInPlaceOrAddsToTheToolsOwnSet() throws AdminException {
        Cib c = AttributeEdits.setParameter(cib, "ip", "ip", "10.0.0.2");
        assertEquals("10.0.0.2", el(c, "ip-params-ip").attr("value"));
        c = AttributeEdits.setParameter(c, "ip", "cidr_netmask", "24");
        CibElement set = el(c, "ip-instance_attributes");
        assertEquals(CibElement.of("nvpair", "id", "ip-instance_attributes-cidr_netmask", "name", "cidr_netmask",
                "value", "24"), set.children().get(0));
        assertEquals(2, el(c, "ip").children("instance_attributes").size(), "a new set, as crm_resource makes it");
        assertEquals(Optional.of("24"), AttributeEdits.parameter(c, "ip", "cidr_netmask"));
        assertEquals(Optional.of("10.0.0.2"), AttributeEdits.parameter(c, "ip", "ip"));
        assertEquals(Optional.empty(), AttributeEdits.parameter(c, "ip", "nope"));
        assertValid(c);
    }

    @Test
    void deleteParameterLeavesTheEmptySet() throws AdminException {
        Cib c = AttributeEdits.deleteParameter(cib, "ip", "ip");
        assertTrue(el(c, "ip-params").children().isEmpty());
        assertSame(c, AttributeEdits.deleteParameter(c, "ip", "ip"), "deleting what is not there changes nothing");
        assertValid(c);
    }

    @Test
    void aParameterNamedLikeATopLevelMetaAttributeIsRefused() {
        assertRefused(Reason.CONFLICT, () -> AttributeEdits.setParameter(cib, "ms", "promotable", "true"));
        assertRefused(Reason.CONFLICT, () -> AttributeEdits.setParameter(cib, "st", "promotable", "true"));
    }

    @Test
    void metaOnACloneMemberGoesToTheCloneUnlessTheMemberHasIt() throws AdminException {
        Cib c = AttributeEdits.setMeta(cib, "cd", "target-role", "Stopped");
        assertEquals("Stopped", el(c, "c-meta_attributes-target-role").attr("value"));
        assertEquals(1, el(c, "c").children("meta_attributes").size());
        assertTrue(el(c, "cd").children("meta_attributes").isEmpty());

        // a clone whose primitive has the attribute: the primitive's is changed
        Cib withChild = TestCibs.parse(cib.root().toString().replace(
                "<primitive id=\"cd\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\"/>",
                "<primitive id=\"cd\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\"><meta_attributes id=\"cd-m\">"
                        + "<nvpair id=\"cd-m-foo\" name=\"foo\" value=\"1\"/></meta_attributes></primitive>"));
        Cib c2 = AttributeEdits.setMeta(withChild, "c", "foo", "2");
        assertEquals("2", el(c2, "cd-m-foo").attr("value"));
        assertTrue(byId(c2, "c-meta_attributes").isEmpty());
        Cib c3 = AttributeEdits.setMeta(withChild, "cd", "foo", "3");
        assertEquals("3", el(c3, "cd-m-foo").attr("value"));
    }

    @Test
    void metaOnAGroupAlsoChangesMembersThatHaveIt() throws AdminException {
        Cib c = AttributeEdits.setMeta(cib, "g1", "target-role", "Stopped");
        assertEquals("Stopped", el(c, "g1-meta_attributes-target-role").attr("value"));
        c = AttributeEdits.setMeta(c, "g", "target-role", "Started");
        assertEquals("Started", el(c, "g1-meta_attributes-target-role").attr("value"));
        assertEquals("Started", el(c, "g-meta_attributes-target-role").attr("value"));
        c = AttributeEdits.deleteMeta(c, "g", "target-role");
        assertTrue(el(c, "g1-meta_attributes").children().isEmpty());
        assertTrue(el(c, "g-meta_attributes").children().isEmpty());
        assertValid(c);
    }

    @Test
    void metaReadingInheritsFromContainersAndDefaults() throws AdminException {
        assertEquals(Optional.of("true"), AttributeEdits.meta(cib, "st", "promotable"));
        assertEquals(Optional.of("ocf"), AttributeEdits.meta(cib, "st", "class"));
        assertEquals(Optional.empty(), AttributeEdits.meta(cib, "st", "target-role"));
        Cib defaults = TestCibs.parse(cib.root().toString().replace("<constraints/>",
                "<constraints/><rsc_defaults><meta_attributes id=\"rd\"><nvpair id=\"rd-s\" name=\"resource-stickiness\" "
                        + "value=\"100\"/></meta_attributes></rsc_defaults>"));
        assertEquals(Optional.of("100"), AttributeEdits.meta(defaults, "g1", "resource-stickiness"));
    }

    @Test
    void targetRoleAndManage() throws AdminException {
        Cib c = AttributeEdits.targetRole(cib, "d1", "Stopped");
        c = AttributeEdits.manage(c, "d1", false);
        CibElement set = el(c, "d1-meta_attributes");
        assertEquals("d1-meta_attributes-target-role", set.children().get(0).id());
        assertEquals("false", el(c, "d1-meta_attributes-is-managed").attr("value"));
        assertEquals("Promoted", el(AttributeEdits.targetRole(cib, "ms", "Promoted"), "ms-meta_attributes-target-role")
                .attr("value"));
        assertRefused(Reason.INVALID, () -> AttributeEdits.targetRole(cib, "d1", "Running"));
        assertRefused(Reason.INVALID, () -> AttributeEdits.targetRole(cib, "d1", "Promoted"));
        assertRefused(Reason.NOT_FOUND, () -> AttributeEdits.targetRole(cib, "nope", "Started"));
        assertValid(c);
    }

    @Test
    void namesThatCannotBecomeIdsAreRefusedButExistingOnesUpdate() throws AdminException {
        assertRefused(Reason.INVALID, () -> AttributeEdits.setParameter(cib, "st", "a:b", "1"));
        assertRefused(Reason.INVALID, () -> AttributeEdits.setParameter(cib, "st", "", "1"));
        Cib odd = TestCibs.parse(cib.root().toString().replace("name=\"ip\" value", "name=\"ip:x\" value"));
        assertEquals("9", el(AttributeEdits.setParameter(odd, "ip", "ip:x", "9"), "ip-params-ip").attr("value"));
    }

    @Test
    void twoMatchingAttributesAreAConflict() {
        Cib twice = TestCibs.parse(cib.root().toString().replace("<nvpair id=\"ip-params-ip\" name=\"ip\" value=\"10.0.0.1\"/>",
                "<nvpair id=\"ip-params-ip\" name=\"ip\" value=\"10.0.0.1\"/><nvpair id=\"ip-params-ip2\" name=\"ip\" value=\"x\"/>"));
        assertRefused(Reason.CONFLICT, () -> AttributeEdits.setParameter(twice, "ip", "ip", "1"));
        assertRefused(Reason.CONFLICT, () -> AttributeEdits.deleteParameter(twice, "ip", "ip"));
    }

    @Test
    void maintenanceModeAndClusterOptions() throws AdminException {
        Cib c = AttributeEdits.maintenance(cib, true);
        assertEquals(CibElement.of("nvpair", "id", "cib-bootstrap-options-maintenance-mode", "name", "maintenance-mode",
                "value", "true"), el(c, "cib-bootstrap-options-maintenance-mode"));
        c = AttributeEdits.maintenance(c, false);
        assertEquals(Optional.of("false"), AttributeEdits.clusterOption(c, "maintenance-mode"));
        c = AttributeEdits.clusterOption(c, "maintenance-mode", Optional.empty());
        assertEquals(Optional.empty(), AttributeEdits.clusterOption(c, "maintenance-mode"));
        assertEquals(1, el(c, "cib-bootstrap-options").children().size());

        Cib bare = TestCibs.parse(cib.root().toString().replace("<cluster_property_set id=\"cib-bootstrap-options\">",
                "<cluster_property_set id=\"other\">"));
        Cib c2 = AttributeEdits.maintenance(bare, true);
        assertEquals("cib-bootstrap-options", c2.configuration().child("crm_config").orElseThrow().children().get(1).id(),
                "a new cib-bootstrap-options set after the existing one");
        Cib c3 = AttributeEdits.clusterOption(c2, "stonith-enabled", Optional.of("true"));
        assertEquals("true", el(c3, "cib-bootstrap-options-stonith-enabled").attr("value"), "found in any set");
        assertValid(c3);
    }

    @Test
    void permanentNodeAttributesAndStandby() throws AdminException {
        Cib c = AttributeEdits.standby(cib, "n1", true, false);
        c = AttributeEdits.nodeAttribute(c, "n1", "foo", Optional.of("bar"));
        CibElement set = el(c, "nodes-1");
        assertEquals("instance_attributes", set.name());
        assertEquals(CibElement.of("nvpair", "id", "nodes-1-standby", "name", "standby", "value", "on"), set.children().get(0));
        assertEquals("nodes-1-foo", set.children().get(1).id());
        c = AttributeEdits.standby(c, "n1", false, false);
        assertEquals(Optional.of("off"), AttributeEdits.nodeAttribute(c, "n1", "standby"));
        c = AttributeEdits.nodeAttribute(c, "n1", "foo", Optional.empty());
        assertEquals(Optional.empty(), AttributeEdits.nodeAttribute(c, "n1", "foo"));
        c = AttributeEdits.nodeAttribute(c, "n2", "a#b", Optional.of("1"));
        assertEquals("a#b", el(c, "nodes-2-a.b").attr("name"), "ids sanitised as crm_attribute does");
        assertRefused(Reason.NOT_FOUND, () -> AttributeEdits.nodeAttribute(cib, "n9", "foo", Optional.of("1")));
        assertRefused(Reason.NOT_FOUND, () -> AttributeEdits.nodeAttribute(cib, "n9", "foo"));
        assertValid(c);
    }

    @Test
    void standbyUntilRebootGoesToTheStatusSection() throws AdminException {
        Cib c = AttributeEdits.standby(cib, "n2", true, true);
        CibElement state = c.status().children("node_state").get(1);
        CibElement transientAttrs = state.child("transient_attributes").orElseThrow();
        assertEquals("2", transientAttrs.id());
        assertEquals(CibElement.of("instance_attributes", "id", "status-2").withChild(
                CibElement.of("nvpair", "id", "status-2-standby", "name", "standby", "value", "on")),
                transientAttrs.children().get(0));
        assertEquals(Optional.of("on"), AttributeEdits.transientNodeAttribute(c, "n2", "standby"));
        Cib n1 = AttributeEdits.standby(cib, "n1", true, true);
        assertEquals(3, el(n1, "status-1").children().size(), "added to the existing set");
        Cib gone = AttributeEdits.transientNodeAttribute(cib, "n1", "fail-count-d1#monitor_10000", Optional.empty());
        assertEquals(1, el(gone, "status-1").children().size());
        assertSame(cib.configuration(), c.configuration());
        assertValid(c);
    }

    @Test
    void untilRebootNeedsAStatusEntry() {
        String xml = cib.root().toString();
        int s = xml.indexOf("<node_state id=\"2\"");
        int e = xml.indexOf("</node_state>", s) + "</node_state>".length();
        Cib noState = TestCibs.parse(xml.substring(0, s) + xml.substring(e));
        assertRefused(Reason.NOT_FOUND, () -> AttributeEdits.standby(noState, "n2", true, true));
    }
}
