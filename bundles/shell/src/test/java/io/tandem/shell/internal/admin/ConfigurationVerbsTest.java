package io.tandem.shell.internal.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cib.CibUpdate;
import io.tandem.cib.CibXml;
import io.tandem.common.CibVersion;
import io.tandem.controller.AdminException;
import io.tandem.importers.crm.CrmSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** configure and import-haresources against a real CIB changed by the real edit functions (InMemoryAdmin). */
class ConfigurationVerbsTest {
    private final InMemoryAdmin admin = Fixtures.admin();
    private final AdminCommands commands = new AdminCommands(admin, Fixtures.CLOCK);

    @TempDir
    Path dir;

    private Result run(String... args) {
        return commands.run(List.of(args), FileAccess.local());
    }

    private String dcXml() {
        return CibXml.toXml(admin.dcCib().root());
    }

    /** A change made on the DC by someone else, with crm syntax. */
    private void concurrently(String crm) throws AdminException {
        admin.change(new CibUpdate("someone else", false, current -> {
            CrmSession s = new CrmSession(current);
            s.execute(crm);
            return s.commit();
        }));
    }

    // configure

    @Test
    void aCommandLineIsCommittedAndShowPrintsIt() {
        Result r = run("configure", "primitive", "vip", "ocf:heartbeat:IPaddr2", "params", "ip=10.0.0.99", "op", "monitor",
                "interval=10s");
        assertEquals(new Result(0, "committed 1 command: the CIB is now at version 0.4.0\n", ""), r);
        assertEquals(new Result(0, """
                primitive vip ocf:heartbeat:IPaddr2 \\
                \tparams ip=10.0.0.99 \\
                \top monitor interval=10s
                """, ""), run("configure", "show", "vip"));
        Result xml = run("configure", "show", "xml", "vip");
        assertEquals(0, xml.exit(), xml.toString());
        assertTrue(xml.out().contains("<primitive id=\"vip\" class=\"ocf\" provider=\"heartbeat\" type=\"IPaddr2\">"), xml.out());
        assertTrue(dcXml().contains("id=\"vip-monitor-10s\""), dcXml());
    }

    @Test
    void showChangesNothing() {
        Result all = run("configure", "show");
        assertEquals(0, all.exit(), all.toString());
        assertTrue(all.out().contains("group web www\n"), all.out());
        assertTrue(all.out().contains("property cib-bootstrap-options: \\\n\tstonith-enabled=false\n"), all.out());
        assertEquals(List.of(), admin.calls);
        assertEquals(new CibVersion(0, 3, 0), admin.cib().version());
    }

    @Test
    void allCommandsOfATextAreCommittedTogether() {
        Result r = run("configure", """
                primitive a ocf:heartbeat:Dummy
                primitive b ocf:heartbeat:Dummy
                group g a b meta target-role=Stopped
                location prefer-g g 100: n2
                show g
                """);
        assertEquals(new Result(0, """
                group g a b \\
                \tmeta target-role=Stopped
                committed 4 commands: the CIB is now at version 0.4.0
                """, ""), r);
        assertEquals(List.of("configure (4 commands)"), admin.calls);
        assertTrue(dcXml().contains("<rsc_location id=\"prefer-g\" rsc=\"g\" score=\"100\" node=\"n2\"/>"), dcXml());
    }

    @Test
    void aReferenceErrorInTheLastCommandChangesNothing() {
        Result r = run("configure", "primitive a ocf:heartbeat:Dummy\nprimitive b ocf:heartbeat:Dummy\ngroup g a b nosuch\n");
        assertEquals(65, r.exit(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("error: line 3: group g: "), r.err());
        assertTrue(r.err().contains("nosuch"), r.err());
        assertTrue(r.err().endsWith("; nothing was changed\n"), r.err());
        assertEquals(new CibVersion(0, 3, 0), admin.cib().version());
        assertFalse(dcXml().contains("id=\"a\""));
    }

    @Test
    void aSyntaxErrorNamesLineAndColumn() {
        Result r = run("configure", "primitive a ocf:heartbeat:Dummy\nprimitive b ocf:heartbeat:Dummy parms x=1\n");
        assertEquals(new Result(65, "", "error: line 2, column 33: at 'parms': expected params, meta, op or utilization;"
                + " nothing was changed\n"), r);
        assertEquals(new CibVersion(0, 3, 0), admin.cib().version());
    }

    @Test
    void aFileIsNamedInItsErrors() throws Exception {
        Path file = Files.writeString(dir.resolve("web.crm"), """
                # the web service
                primitive vip ocf:heartbeat:IPaddr2 \\
                    params ip=10.0.0.99
                colocation vip-with-web inf: vip web
                order vip-before-web Mandatory: vip web
                """);
        assertEquals(new Result(0, "committed 3 commands: the CIB is now at version 0.4.0\n", ""),
                run("configure", "--file", file.toString()));
        Path bad = Files.writeString(dir.resolve("bad.crm"), "primitive x ocf:heartbeat:Dummy\nlocation l1 x inf n1\n");
        Result r = run("configure", "-f", bad.toString());
        assertEquals(65, r.exit(), r.toString());
        assertTrue(r.err().startsWith("error: " + bad + ": line 2, column "), r.err());
        assertEquals(new CibVersion(0, 4, 0), admin.cib().version());
        assertEquals(new Result(66, "", "error: " + dir.resolve("none.crm") + ": no such file\n"),
                run("configure", "--file", dir.resolve("none.crm").toString()));
    }

    @Test
    void commandsOrAFileNotBothNorNeither() {
        Result both = run("configure", "--file", "x.crm", "show");
        assertEquals(64, both.exit());
        assertTrue(both.err().startsWith("error: give COMMANDS or --file FILE, not both\nusage: configure [COMMANDS]..."), both.err());
        Result neither = run("configure");
        assertEquals(64, neither.exit());
        assertTrue(neither.err().startsWith("error: give COMMANDS or --file FILE\n"), neither.err());
    }

    @Test
    void negativeScoresInsideTheCommandsAreNotOptions() {
        Result r = run("configure", "location", "avoid-n2", "ip", "-inf:", "n2");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(dcXml().contains("<rsc_location id=\"avoid-n2\" rsc=\"ip\" score=\"-INFINITY\" node=\"n2\"/>"), dcXml());
    }

    @Test
    void anEditThatChangesNothingSaysSo() {
        assertEquals(new Result(0, "the configuration is unchanged\n", ""), run("configure", "property", "stonith-enabled=false"));
        assertEquals(List.of(), admin.calls);
    }

    @Test
    void theDcsConcurrentChangeIsKept() throws Exception {
        admin.lagBehind();
        concurrently("primitive other ocf:heartbeat:Dummy");
        Result r = run("configure", "primitive mine ocf:heartbeat:Dummy");
        assertEquals(new Result(0, "committed 1 command: the CIB is now at version 0.5.0\n", ""), r);
        assertTrue(dcXml().contains("id=\"other\"") && dcXml().contains("id=\"mine\""), dcXml());
    }

    @Test
    void aConcurrentChangeThatBreaksTheCommandsIsStaleAndChangesNothing() throws Exception {
        admin.lagBehind();
        concurrently("primitive x ocf:heartbeat:Dummy");
        Result r = run("configure", "primitive y ocf:heartbeat:Dummy\nprimitive x ocf:heartbeat:Dummy");
        assertEquals(103, r.exit(), r.toString());
        assertTrue(r.err().startsWith("error: the configuration changed while the command ran and it no longer applies:"
                + " line 2: primitive x: "), r.err());
        assertTrue(r.err().endsWith("; nothing was changed, run it again\n"), r.err());
        assertEquals(new CibVersion(0, 4, 0), admin.dcCib().version());
        assertFalse(dcXml().contains("id=\"y\""));
    }

    @Test
    void withoutAControllerConfigureSaysSo() {
        Result r = new AdminCommands(null, Fixtures.CLOCK).run(List.of("configure", "show"), FileAccess.local());
        assertEquals(102, r.exit());
    }

    // import-haresources

    @Test
    void haresourcesBecomeAGroupWithAPreferenceInOneChange() throws Exception {
        Path file = Files.writeString(dir.resolve("haresources"), "n1 IPaddr::10.0.0.50/24/eth0 httpd\n");
        Result r = run("import-haresources", file.toString(), "--auto-failback", "off");
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith(file + ":1: INFO: IPaddr::10.0.0.50/24/eth0: "), r.out());
        assertEquals("imported " + file + ": added group_1; the CIB is now at version 0.4.0", lines.get(lines.size() - 1));
        assertEquals(List.of("import-haresources " + file), admin.calls);
        String show = run("configure", "show").out();
        assertTrue(show.contains("group group_1 IPaddr_10_0_0_50 httpd_2\n"), show);
        assertTrue(show.contains("location rsc_location_group_1 group_1 100: n1\n"), show);
        assertTrue(show.contains("\tresource-stickiness=INFINITY\n"), show);

        Result again = run("import-haresources", file.toString());
        assertEquals(65, again.exit(), again.toString());
        assertTrue(again.out().contains(file + ":1: ERROR: primitive IPaddr_10_0_0_50: id 'IPaddr_10_0_0_50' is already used"),
                again.out());
        assertEquals("error: " + file + ": 1 error; nothing was changed\n", again.err());
        assertEquals(new CibVersion(0, 4, 0), admin.cib().version());
    }

    @Test
    void errorsArePrintedWithTheirLinesAndNothingIsChanged() throws Exception {
        Path file = Files.writeString(dir.resolve("haresources"), "n1 10.0.0.300\nn2\n");
        Result r = run("import-haresources", file.toString(), "--auto-failback", "on");
        assertEquals(65, r.exit(), r.toString());
        assertTrue(r.out().contains(file + ":1: ERROR: 10.0.0.300: "), r.out());
        assertTrue(r.out().contains(file + ":2: ERROR: n2: a node name without resources\n"), r.out());
        assertEquals("error: " + file + ": 2 errors; nothing was changed\n", r.err());
        assertEquals(List.of(), admin.calls);
        assertEquals(new CibVersion(0, 3, 0), admin.cib().version());
    }

    @Test
    void autoFailbackIsOnOrOff() throws Exception {
        Path file = Files.writeString(dir.resolve("haresources"), "n1 10.0.0.50\n");
        Result r = run("import-haresources", file.toString(), "--auto-failback", "sometimes");
        assertEquals(64, r.exit());
        assertTrue(r.err().startsWith("error: --auto-failback is 'on' or 'off', not 'sometimes'\n"), r.err());
        assertEquals(new Result(66, "", "error: nosuch: no such file\n"), run("import-haresources", "nosuch"));
        Result legacy = run("import-haresources", file.toString());
        assertEquals(0, legacy.exit(), legacy.toString());
        assertTrue(legacy.out().contains(file + ":0: INFO: auto_failback: "), legacy.out());
        assertTrue(run("configure", "show").out().contains("\tresource-stickiness=0\n"));
    }

    @Test
    void aConcurrentlyTakenIdIsStale() throws Exception {
        Path file = Files.writeString(dir.resolve("haresources"), "n1 10.0.0.50\n");
        admin.lagBehind();
        concurrently("primitive IPaddr_10_0_0_50 ocf:heartbeat:Dummy");
        Result r = run("import-haresources", file.toString());
        assertEquals(103, r.exit(), r.toString());
        assertTrue(r.err().startsWith("error: the configuration changed while the command ran and it no longer applies: "
                + file + ":1: ERROR: primitive IPaddr_10_0_0_50: "), r.err());
        assertEquals(new CibVersion(0, 4, 0), admin.dcCib().version());
    }
}
