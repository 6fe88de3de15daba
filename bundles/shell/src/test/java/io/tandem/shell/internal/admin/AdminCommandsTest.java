package io.tandem.shell.internal.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cib.CibXml;
import io.tandem.common.CibVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verbs against a real CIB changed by the real edit functions (InMemoryAdmin). */
class AdminCommandsTest {
    private final InMemoryAdmin admin = Fixtures.admin();
    private final AdminCommands commands = new AdminCommands(admin, Fixtures.CLOCK);

    private Result run(String... args) {
        return commands.run(List.of(args), FileAccess.local());
    }

    private String cibXml() {
        return CibXml.toXml(admin.cib().root());
    }

    @Test
    void locatePrintsWhatCrmResourcePrints() {
        assertEquals(new Result(0, "resource ip is running on: n1\n", ""), run("resource-locate", "ip"));
        assertEquals(new Result(0, "resource web is running on: n2\n", ""), run("resource-locate", "web"));
    }

    @Test
    void anUnknownResourceExitsWithNoSuch() {
        Result r = run("resource-locate", "nosuch");
        assertEquals(105, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("nosuch"), r.err());
    }

    @Test
    void moveWritesThePreferConstraintAndClearRemovesIt() {
        assertEquals(new Result(0, "ip moves to n2\n", ""), run("resource-move", "ip", "n2"));
        assertTrue(cibXml().contains("id=\"cli-prefer-ip\""), cibXml());
        assertEquals(new Result(0, "ip: removed 1 constraint of resource-move and resource-ban\n", ""), run("resource-clear", "ip"));
        assertFalse(cibXml().contains("cli-prefer-ip"));
    }

    @Test
    void moveWithALifetimeSaysUntilWhen() {
        assertEquals(new Result(0, "ip moves to n2 until 2026-03-01T10:10:00Z\n", ""), run("resource-move", "ip", "n2", "--lifetime", "PT10M"));
        assertTrue(cibXml().contains("date_expression"), cibXml());
    }

    @Test
    void movingToWhereItRunsIsAConflict() {
        Result r = run("resource-move", "ip", "n1");
        assertEquals(108, r.exit(), r.toString());
        assertFalse(cibXml().contains("cli-prefer-ip"));
    }

    @Test
    void aBadLifetimeIsAUsageErrorAndChangesNothing() {
        CibVersion before = admin.cib().version();
        Result r = run("resource-ban", "ip", "n2", "-u", "10m");
        assertEquals(64, r.exit());
        assertTrue(r.err().startsWith("error: --lifetime: '10m' is not a lifetime: use an ISO 8601 duration such as"
                + " PT10M (10 minutes)"), r.err());
        assertTrue(r.err().contains("usage: resource-ban RESOURCE [NODE] [--lifetime DURATION]"), r.err());
        assertEquals(before, admin.cib().version());
    }

    @Test
    void lifetimesAreWhatCrmResourceAccepts() {
        for (String bad : List.of("600", "pt10m", "P", "P1.5D", "P-1D", "PT0S")) {
            Result r = run("resource-move", "ip", "n2", "--lifetime", bad);
            assertEquals(64, r.exit(), bad + ": " + r);
            assertTrue(r.err().startsWith("error: --lifetime: '" + bad + "'"), r.err());
        }
        assertFalse(cibXml().contains("cli-prefer-ip"));
        // crm_resource's extensions: hours before the T, days after it
        assertEquals(new Result(0, "ip moves to n2 until 2026-03-01T12:00:00Z\n", ""), run("resource-move", "ip", "n2", "-u", "P2H"));
        assertEquals(new Result(0, "ip is banned from n2 until 2026-03-03T10:00:00Z\n", ""), run("resource-ban", "ip", "n2", "-u", "PT2D"));
    }

    @Test
    void aCalendarLifetimeEndsOnTheCalendarDay() {
        // 2026-03-01 + P1M is 2026-04-01 (31 days), + P1Y2M1WT30M is 2027-05-08 10:30: the constraint ends then
        assertEquals(new Result(0, "ip moves to n2 until 2026-04-01T10:00:00Z\n", ""), run("resource-move", "ip", "n2", "--lifetime", "P1M"));
        assertTrue(cibXml().contains("end=\"2026-04-01 10:00:00Z\""), cibXml());
        assertEquals(new Result(0, "ip is banned from n2 until 2027-05-08T10:30:00Z\n", ""),
                run("resource-ban", "ip", "n2", "--lifetime", "P1Y2M1WT30M"));
        assertTrue(cibXml().contains("end=\"2027-05-08 10:30:00Z\""), cibXml());
    }

    @Test
    void aLifetimeStartingMidSecondCountsFromTheWholeSecond() {
        Clock clock = Clock.fixed(Fixtures.NOW.plusMillis(700), ZoneOffset.UTC);
        InMemoryAdmin a = new InMemoryAdmin(Fixtures.cib(), clock, "n1", List.of("n1", "n2"));
        Result r = new AdminCommands(a, clock).run(List.of("resource-move", "ip", "n2", "-u", "PT10M"), FileAccess.local());
        assertEquals(new Result(0, "ip moves to n2 until 2026-03-01T10:10:00Z\n", ""), r);
        String xml = CibXml.toXml(a.cib().root());
        assertTrue(xml.contains("end=\"2026-03-01 10:10:00Z\""), xml);
    }

    @Test
    void banWithoutANodeBansTheCurrentOne() {
        assertEquals(new Result(0, "ip is banned from its current node\n", ""), run("resource-ban", "ip"));
        assertTrue(cibXml().contains("cli-ban-ip-on-n1"), cibXml());
    }

    @Test
    void parametersAreShownSetAndDeleted() {
        assertEquals(new Result(0, "10.0.0.10\n", ""), run("resource-param", "ip", "ip"));
        assertEquals(new Result(0, "ip: cidr_netmask=24\n", ""), run("resource-param", "ip", "cidr_netmask", "24"));
        assertEquals(new Result(0, "24\n", ""), run("resource-param", "ip", "cidr_netmask"));
        assertEquals(new Result(0, "ip: deleted parameter cidr_netmask\n", ""), run("resource-param", "ip", "cidr_netmask", "--delete"));
        Result missing = run("resource-param", "ip", "cidr_netmask");
        assertEquals(new Result(105, "", "error: ip has no parameter cidr_netmask\n"), missing);
        Result both = run("resource-param", "ip", "x", "1", "-d");
        assertEquals(64, both.exit());
        assertTrue(both.err().startsWith("error: give a VALUE or --delete, not both\n"), both.err());
    }

    @Test
    void startStopManageUnmanageWriteMetaAttributes() {
        assertEquals(new Result(0, "web: target-role=Stopped\n", ""), run("resource-stop", "web"));
        assertEquals(Optional.of("Stopped"), meta("web", "target-role"));
        assertEquals(new Result(0, "web: target-role=Started\n", ""), run("resource-start", "web"));
        assertEquals(new Result(0, "ip: is-managed=false\n", ""), run("resource-unmanage", "ip"));
        assertEquals(Optional.of("false"), meta("ip", "is-managed"));
        assertEquals(new Result(0, "false\n", ""), run("resource-meta", "ip", "is-managed"));
        assertEquals(new Result(0, "ip: is-managed=true\n", ""), run("resource-manage", "ip"));
    }

    private Optional<String> meta(String rsc, String name) {
        try {
            return admin.meta(rsc, name);
        } catch (io.tandem.controller.AdminException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void resourceListShowsKindPlacementAndMeta() {
        run("resource-stop", "ip");
        assertEquals("""
                Resource | Kind                  | Running on | Target role | Managed
                ---------+-----------------------+------------+-------------+--------
                ip       | ocf:heartbeat:IPaddr2 | n1         | Stopped     |
                web      | group                 | n2         |             |
                  www    | ocf:tandem:WebServer  | n2         |             |
                """, run("resource-list").out());
    }

    @Test
    void standbyDefaultsToTheLocalNodeAndShowsInTheNodeList() {
        assertEquals(new Result(0, "n1 is in standby\n", ""), run("node-standby"));
        assertEquals(new Result(0, "n2 is in standby until it restarts\n", ""), run("node-standby", "n2", "--reboot"));
        assertEquals("""
                Node | State  | Standby          | DC
                -----+--------+------------------+----
                n1   | online | on               | yes
                n2   | online | on until restart |
                """, run("node-list").out());
        assertEquals(new Result(0, "n1 is online\n", ""), run("node-online"));
        assertFalse(run("node-list").out().contains("n1   | online | on "), run("node-list").out());
    }

    @Test
    void onlineClearsBothStandbysAsCrmNodeOnlineDoes() {
        run("node-standby", "n2");
        run("node-standby", "n2", "--reboot");
        assertEquals(new Result(0, "n2 is online\n", ""), run("node-online", "n2"));
        assertEquals("""
                Node | State  | Standby | DC
                -----+--------+---------+----
                n1   | online |         | yes
                n2   | online |         |
                """, run("node-list").out());
        assertTrue(cibXml().contains("id=\"nodes-2-standby\" name=\"standby\" value=\"off\""), cibXml());
        assertTrue(cibXml().contains("id=\"status-2-standby\" name=\"standby\" value=\"off\""), cibXml());
    }

    @Test
    void onlineLeavesTheStatusSectionAloneWhenNothingIsSetThere() {
        run("node-standby", "n2");
        CibVersion before = admin.cib().version();
        assertEquals(new Result(0, "n2 is online\n", ""), run("node-online", "n2"));
        assertFalse(cibXml().contains("status-2-standby"), cibXml());
        assertEquals(before.epoch() + 1, admin.cib().version().epoch());
        assertEquals(0, admin.cib().version().numUpdates());
        assertEquals(105, run("node-online", "n9").exit());
    }

    @Test
    void nodeAttributesAreShownSetAndDeleted() {
        assertEquals(new Result(0, "n2: rack=r7\n", ""), run("node-attribute", "n2", "rack", "r7"));
        assertEquals(new Result(0, "r7\n", ""), run("node-attribute", "n2", "rack"));
        assertEquals(new Result(0, "n2: deleted attribute rack\n", ""), run("node-attribute", "n2", "rack", "--delete"));
        assertEquals(105, run("node-attribute", "n2", "rack").exit());
    }

    @Test
    void maintenanceTakesOnOrOff() {
        assertEquals(0, run("maintenance", "on").exit());
        assertTrue(cibXml().contains("name=\"maintenance-mode\" value=\"true\""), cibXml());
        Result bad = run("maintenance", "maybe");
        assertEquals(64, bad.exit());
        assertTrue(bad.err().startsWith("error: maintenance is 'on' or 'off', not 'maybe'"), bad.err());
    }

    @Test
    void standbyAndTakeoverAreAboutTheLocalNode() {
        assertEquals(new Result(0, "n1 gives its resources to the other nodes\n", ""), run("standby"));
        assertEquals(new Result(0, "n1 takes over all resources\n", ""), run("takeover", "--wait", "5"));
        assertEquals(List.of("relinquish n1 within PT30S", "takeover n1 within PT5S"), admin.calls);
        assertEquals(64, run("takeover", "--wait", "soon").exit());
    }

    @Test
    void statusPassesItsFlagsThrough() {
        assertEquals(new Result(0, "Cluster Summary:\n  * Current DC: n1\n", ""), run("status", "-r"));
        run("status", "--failcounts");
        assertEquals(List.of("status inactive=true failcounts=false", "status inactive=false failcounts=true"), admin.calls);
    }

    @Test
    void cleanupAndFailNameWhatTheyDid() {
        assertEquals(new Result(0, "Cleaned up ip on n1\n", ""), run("resource-cleanup", "ip", "--node", "n1"));
        assertEquals(new Result(0, "Cleaned up all resources on all nodes\n", ""), run("resource-cleanup"));
        assertEquals(new Result(0, "Recorded a monitor failure of ip on n2\n", ""), run("resource-fail", "ip", "-N", "n2"));
        assertEquals(64, run("resource-fail", "ip").exit());
    }

    @Test
    void cibExportAndImportRoundTrip(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cib.xml");
        Result export = run("cib-export", file.toString());
        assertEquals(new Result(0, "wrote the CIB (version 0.3.0) to " + file + "\n", ""), export);
        assertEquals(cibXml() + (cibXml().endsWith("\n") ? "" : "\n"), Files.readString(file));
        assertEquals(Files.readString(file), run("cib-export").out());

        Files.writeString(file, Files.readString(file).replace("10.0.0.10", "10.0.0.20"));
        Result imported = run("cib-import", file.toString());
        assertEquals(0, imported.exit(), imported.toString());
        assertTrue(imported.out().startsWith("replaced the configuration with " + file + "'s: the CIB is now at version 0.4."), imported.out());
        assertTrue(cibXml().contains("10.0.0.20"));
    }

    @Test
    void aBadImportNamesFileLineAndElementAndChangesNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.xml");
        Files.writeString(file, """
                <configuration>
                  <crm_config/>
                  <nodes/>
                  <resources>
                    <primitive id="x" class="ocf" type="Dummy"/>
                  </resources>
                  <constraints/>
                </configuration>
                """);
        CibVersion before = admin.cib().version();
        Result r = run("cib-import", file.toString());
        assertEquals(65, r.exit(), r.toString());
        assertTrue(r.err().startsWith("error: " + file + ":5: <primitive>:"), r.err());
        assertTrue(r.err().endsWith("; nothing was changed\n"), r.err());
        assertEquals(before, admin.cib().version());
        assertEquals(new Result(66, "", "error: " + dir.resolve("none.xml") + ": no such file\n"),
                run("cib-import", dir.resolve("none.xml").toString()));
    }

    @Test
    void withoutAControllerTheVerbsSaySo() {
        Result r = new AdminCommands(null, Fixtures.CLOCK).run(List.of("status"), FileAccess.local());
        assertEquals(102, r.exit());
        assertTrue(r.err().startsWith("error: the cluster controller is not running on this node"), r.err());
    }

    @Test
    void helpAndUnknownVerbs() {
        assertTrue(run("help").out().contains("  resource-move "));
        assertEquals(AdminSpecs.spec("node-standby").orElseThrow().usage(), run("node-standby", "--help").out());
        Result unknown = run("frobnicate");
        assertEquals(64, unknown.exit());
        assertTrue(unknown.err().startsWith("error: unknown verb 'frobnicate'; the verbs are:\n"), unknown.err());
    }
}
