package io.tandem.importers.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cib.Cib;
import io.tandem.cib.CibValidator;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrmShowTest {
    private static final String CONFIG = """
            primitive vip ocf:heartbeat:IPaddr2 \\
            \tparams ip=10.0.0.10 cidr_netmask=24 nic="eth0:1" \\
            \top monitor interval=10s timeout=20s \\
            \top start timeout=1min interval=0 \\
            \tmeta target-role=Stopped
            primitive web lsb:nginx
            primitive www ocf:pacemaker:Dummy \\
            \tparams $id=www-custom state="/tmp/a b"
            group g vip web \\
            \tmeta target-role=Started
            clone cw www
            colocation co inf: g cw
            location l1 g 100: n1
            location l2 g \\
            \trule $role=Started -inf: not_defined pingd or pingd number:lte 0 \\
            \trule 5: date in start=2030-01-01
            order o Mandatory: cw:start g symmetrical=false
            property cib-bootstrap-options: \\
            \tstonith-enabled=false \\
            \tno-quorum-policy=ignore
            rsc_defaults rsc-options: \\
            \tresource-stickiness=100
            op_defaults op-options: \\
            \ttimeout=60s
            """;

    @Test
    void showIsCrmshTextAndReadsBackToTheSameConfiguration() throws Exception {
        Cib cib = CrmApplier.applyAll(CrmFixtures.base(), CrmParser.parse(CONFIG));
        CibValidator.validate(cib, "test");
        String shown = CrmShow.show(cib);
        assertEquals("node 1: n1\nnode 2: n2\n" + CONFIG, shown);
        Cib again = CrmApplier.applyAll(CrmFixtures.base(), CrmParser.parse(shown));
        assertEquals(CrmshOracleTest.bySectionId(cib.configuration()), CrmshOracleTest.bySectionId(again.configuration()));
    }

    @Test
    void showOneObjectAndXml() throws Exception {
        Cib cib = CrmApplier.applyAll(CrmFixtures.base(), CrmParser.parse(CONFIG));
        assertEquals("location l1 g 100: n1\norder o Mandatory: cw:start g symmetrical=false\n",
                CrmShow.show(cib, List.of("o", "l1")));
        assertTrue(CrmShow.showXml(cib, List.of("l1")).contains("<rsc_location id=\"l1\" rsc=\"g\" score=\"100\" node=\"n1\"/>"));
        assertThrows(IllegalArgumentException.class, () -> CrmShow.show(cib, List.of("nope")));
    }
}
