package io.tandem.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cib.Cib;
import io.tandem.cib.CibXml;
import io.tandem.scheduler.SimulationReport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Live migration (allow-migrate) on small hand-made CIBs: full, partial and dangling migrations. */
class MigrationTest {
    private static final String DIGEST = " op-digest='f2317cad3d54cec5d7d7aa7d0bf35cf8'";

    private static String node(String id, String ops) {
        String lrm = ops.isEmpty() ? "" : "<lrm><lrm_resources><lrm_resource id='vm' class='ocf' provider='heartbeat' type='Dummy'>"
                + ops + "</lrm_resource></lrm_resources></lrm>";
        return "<node_state id='" + id + "' uname='n" + id + "' in_ccm='true' crmd='online' join='member' expected='member'>"
                + lrm + "</node_state>";
    }

    private static String op(String id, String task, int callId, int rc, String extra) {
        return "<lrm_rsc_op id='" + id + "' operation_key='vm_" + task + "_0' operation='" + task + "' transition-key='1:1:0:x'"
                + " call-id='" + callId + "' rc-code='" + rc + "' op-status='0' interval='0' last-rc-change='" + (1000 + callId)
                + "'" + extra + DIGEST + "/>";
    }

    private static String migration(String task, int callId) {
        return op("vm_" + task + "_0", task, callId, 0, " migrate_source='n1' migrate_target='n2'");
    }

    private static SimulationReport run(String meta, String status) throws Exception {
        String xml = "<cib admin_epoch='0' epoch='1' num_updates='1' have-quorum='1'><configuration><crm_config>"
                + "<cluster_property_set id='o'><nvpair id='o1' name='stonith-enabled' value='false'/></cluster_property_set>"
                + "</crm_config><nodes><node id='1' uname='n1'/><node id='2' uname='n2'/></nodes><resources>"
                + "<primitive id='vm' class='ocf' provider='heartbeat' type='Dummy'><meta_attributes id='m'>" + meta
                + "</meta_attributes></primitive></resources><constraints>"
                + "<rsc_location id='prefer' rsc='vm' node='n2' score='INFINITY'/></constraints></configuration><status>" + status
                + "</status></cib>";
        return new PacemakerSimulator().simulate(new Cib(CibXml.parse(xml, "test")), Instant.EPOCH);
    }

    private static final String MIGRATABLE = "<nvpair id='m1' name='allow-migrate' value='true'/>";

    private static List<String> summary(SimulationReport r) {
        return SimulateText.section(r.text(), "Transition Summary:", "Executing Cluster Transition:");
    }

    private static List<String> executed(SimulationReport r) {
        return SimulateText.section(r.text(), "Executing Cluster Transition:", "Revised Cluster Status:");
    }

    private static List<String> revised(SimulationReport r) {
        return SimulateText.section(r.text(), "Revised Cluster Status:", null);
    }

    private static String started(String where) {
        return "*vm(ocf:heartbeat:Dummy):Started" + where;
    }

    @Test
    void aMigratableResourceMigratesInsteadOfRestarting() throws Exception {
        SimulationReport r = run(MIGRATABLE, node("1", op("vm_last_0", "start", 2, 0, "")) + node("2", op("vm_last_0", "monitor", 3, 7, "")));
        assertEquals(List.of("*Migratevm(n1->n2)"), summary(r));
        assertEquals(List.of("*Resourceaction:vmmigrate_toonn1", "*Resourceaction:vmmigrate_fromonn2",
                "*Resourceaction:vmstoponn1", "*Pseudoaction:vm_start_0"), executed(r));
        assertTrue(revised(r).contains(started("n2")), revised(r).toString());
    }

    @Test
    void withoutAllowMigrateTheResourceMoves() throws Exception {
        SimulationReport r = run("", node("1", op("vm_last_0", "start", 2, 0, "")) + node("2", op("vm_last_0", "monitor", 3, 7, "")));
        assertEquals(List.of("*Movevm(n1->n2)"), summary(r));
        assertEquals(List.of("*Resourceaction:vmstoponn1", "*Resourceaction:vmstartonn2"), executed(r));
    }

    @Test
    void aPartialMigrationContinuesWithMigrateFromOnly() throws Exception {
        // migrate_to completed on n1, nothing yet on n2 but the probe
        SimulationReport r = run(MIGRATABLE, node("1", op("vm_start_0", "start", 2, 0, "") + migration("migrate_to", 4))
                + node("2", op("vm_monitor_0", "monitor", 1, 7, "")));
        List<String> current = SimulateText.section(r.text(), "Current cluster status:", "Transition Summary:");
        // the target is recorded first, while the source's migrate_to is unpacked
        assertTrue(current.contains("*vm(ocf:heartbeat:Dummy):Started[n2n1]"), current.toString());
        assertEquals(List.of("*Migratevm(n1->n2)"), summary(r));
        assertEquals(List.of("*Resourceaction:vmmigrate_fromonn2", "*Resourceaction:vmstoponn1",
                "*Pseudoaction:vm_start_0"), executed(r));
        assertTrue(revised(r).contains(started("n2")), revised(r).toString());
    }

    @Test
    void aDanglingMigrationOnlyStopsTheSource() throws Exception {
        // migrate_to on n1 and migrate_from on n2 both completed, but n1 never ran the stop
        SimulationReport r = run(MIGRATABLE, node("1", op("vm_start_0", "start", 2, 0, "") + migration("migrate_to", 4))
                + node("2", op("vm_monitor_0", "monitor", 1, 7, "") + migration("migrate_from", 5)));
        List<String> current = SimulateText.section(r.text(), "Current cluster status:", "Transition Summary:");
        assertTrue(current.contains(started("n2")), current.toString());
        assertEquals(List.of(), summary(r));
        assertEquals(List.of("*Resourceaction:vmstoponn1"), executed(r));
    }
}
