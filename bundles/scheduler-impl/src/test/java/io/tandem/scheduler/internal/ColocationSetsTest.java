package io.tandem.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.cib.Cib;
import io.tandem.cib.CibXml;
import io.tandem.scheduler.SimulationReport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Colocation between resource sets (colocate_rsc_sets); expected scores come from crm_simulate 2.1.5. */
class ColocationSetsTest {

    @Test
    void earlierSetDependsOnEveryMemberOfALaterNonSequentialSet() throws Exception {
        String xml = "<cib admin_epoch='0' epoch='1' num_updates='1' have-quorum='1'><configuration><crm_config>"
                + "<cluster_property_set id='o'><nvpair id='s' name='stonith-enabled' value='false'/></cluster_property_set>"
                + "</crm_config><nodes><node id='1' uname='n1'/><node id='2' uname='n2'/></nodes><resources>"
                + "<primitive id='A' class='ocf' provider='heartbeat' type='Dummy'/>"
                + "<primitive id='B' class='ocf' provider='heartbeat' type='Dummy'/>"
                + "<primitive id='C' class='ocf' provider='heartbeat' type='Dummy'/></resources><constraints>"
                + "<rsc_location id='l1' rsc='A' node='n1' score='50'/><rsc_location id='l2' rsc='B' node='n2' score='100'/>"
                + "<rsc_colocation id='c' score='INFINITY'><resource_set id='s1'><resource_ref id='A'/></resource_set>"
                + "<resource_set id='s2' sequential='false'><resource_ref id='B'/><resource_ref id='C'/></resource_set>"
                + "</rsc_colocation></constraints></configuration><status>"
                + "<node_state id='1' uname='n1' in_ccm='true' crmd='online' join='member' expected='member'/>"
                + "<node_state id='2' uname='n2' in_ccm='true' crmd='online' join='member' expected='member'/></status></cib>";
        SimulationReport r = new PacemakerSimulator().simulate(new Cib(CibXml.parse(xml, "test")), Instant.EPOCH);
        // A is the dependent: B takes A's preference for n1 into account, A and C follow B
        List<String> expected = List.of(
                "pcmk__primitive_assign: A allocation score on n1: -INFINITY",
                "pcmk__primitive_assign: A allocation score on n2: 0",
                "pcmk__primitive_assign: B allocation score on n1: 50",
                "pcmk__primitive_assign: B allocation score on n2: 100",
                "pcmk__primitive_assign: C allocation score on n1: -INFINITY",
                "pcmk__primitive_assign: C allocation score on n2: 0");
        assertEquals(expected, r.scoreLines().stream().filter(l -> l.startsWith("pcmk__primitive_assign")).sorted().toList(), r.text());
    }
}
