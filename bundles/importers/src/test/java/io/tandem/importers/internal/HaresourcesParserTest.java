package io.tandem.importers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import io.tandem.cib.CibValidator;
import io.tandem.cib.CibXml;
import io.tandem.importers.HaresourcesImport;
import io.tandem.importers.HaresourcesImporter;
import io.tandem.importers.ImportFinding;
import io.tandem.importers.Severity;
import io.tandem.importers.crm.CrmShow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HaresourcesParserTest {
    private static final Path FILE = Path.of("/etc/ha.d/haresources");

    private static HaresourcesImport run(String text, String autoFailback) {
        return HaresourcesImporter.importText(FILE, text, Cib.empty("pacemaker-3.9"), autoFailback, Set.of());
    }

    private static String show(HaresourcesImport r) {
        return CrmShow.show(r.cib());
    }

    @Test
    void theBriefsExampleLineBecomesOneGroupWithAPreference() throws Exception {
        HaresourcesImport r = run("node1 IPaddr::10.0.0.10/24/eth0 svc1 Filesystem::/dev/sdb1::/data::ext4 httpd\n", "on");
        assertFalse(r.hasErrors(), r.findings().toString());
        assertEquals("""
                primitive Filesystem_3 ocf:heartbeat:Filesystem \\
                \tparams device="/dev/sdb1" directory="/data" fstype=ext4 \\
                \top monitor interval=120s timeout=60s
                primitive IPaddr_10_0_0_10 ocf:heartbeat:IPaddr2 \\
                \tparams ip=10.0.0.10 cidr_netmask=24 nic=eth0 \\
                \top monitor interval=5s timeout=20s
                primitive httpd_4 lsb:httpd \\
                \top monitor interval=120s timeout=60s
                primitive svc1_2 lsb:svc1 \\
                \top monitor interval=120s timeout=60s
                group group_1 IPaddr_10_0_0_10 svc1_2 Filesystem_3 httpd_4
                location rsc_location_group_1 group_1 100: node1
                rsc_defaults rsc-options: \\
                \tresource-stickiness=0
                """, show(r));
        CibValidator.validate(r.cib(), "import");
        assertEquals(List.of("1 INFO IPaddr::10.0.0.10/24/eth0"), Fixtures.summary(r.findings()));
    }

    @Test
    void autoFailbackOffMakesResourcesStay() {
        assertTrue(show(run("n1 10.0.0.10\n", "off")).contains("resource-stickiness=INFINITY"));
        assertTrue(show(run("n1 10.0.0.10\n", "legacy")).contains("resource-stickiness=0"));
        HaresourcesImport unset = run("n1 10.0.0.10\n", null);
        assertTrue(show(unset).contains("resource-stickiness=0"));
        assertEquals(List.of("0 INFO auto_failback"), Fixtures.summary(unset.findings()).subList(0, 1));
        HaresourcesImport bad = run("n1 10.0.0.10\n", "sometimes");
        assertTrue(bad.hasErrors());
        assertEquals("/etc/ha.d/haresources:0: ERROR: auto_failback: 'sometimes' is not on, off or legacy",
                bad.findings().get(0).toString());
    }

    @Test
    void addressShortFormsAndBroadcast() {
        String s = show(run("n1 10.0.0.1 IPaddr::10.0.0.2/24/10.0.0.255 IPaddr2::10.0.0.3/16/eth1/10.0.255.255"
                + " IPaddr::10.0.0.4/24/eth0:1\n", "on"));
        assertTrue(s.contains("primitive IPaddr_10_0_0_1 ocf:heartbeat:IPaddr2 \\\n\tparams ip=10.0.0.1 \\"), s);
        assertTrue(s.contains("params ip=10.0.0.2 cidr_netmask=24 broadcast=10.0.0.255"), s);
        assertTrue(s.contains("primitive IPaddr2_10_0_0_3 ocf:heartbeat:IPaddr2 \\\n\tparams ip=10.0.0.3"
                + " cidr_netmask=16 nic=eth1 broadcast=10.0.255.255"), s);
        assertTrue(s.contains("params ip=10.0.0.4 cidr_netmask=24 nic=eth0 iflabel=1"), s);
        assertTrue(s.contains("group group_1 IPaddr_10_0_0_1 IPaddr_10_0_0_2 IPaddr2_10_0_0_3 IPaddr_10_0_0_4"), s);
    }

    @Test
    void continuationsCommentsAndGroupNumbering() {
        HaresourcesImport r = run("# two groups\nn1 10.0.0.1 \\\n   httpd   # the web server\n\n"
                + "n2 10.0.0.2 MailTo::root@example.com::failover\n", "on");
        String s = show(r);
        assertTrue(s.contains("group group_1 IPaddr_10_0_0_1 httpd_2"), s);
        assertTrue(s.contains("group group_11 IPaddr_10_0_0_2 MailTo_12"), s);
        assertTrue(s.contains("primitive MailTo_12 ocf:heartbeat:MailTo \\\n\tparams email=\"root@example.com\""
                + " subject=failover"), s);
        assertTrue(s.contains("location rsc_location_group_1 group_1 100: n1"), s);
        assertTrue(s.contains("location rsc_location_group_11 group_11 100: n2"), s);
    }

    @Test
    void drbddiskBecomesAPromotableReplicatedVolumeTheGroupFollows() throws Exception {
        HaresourcesImport r = run("n1 drbddisk::r0 Filesystem::/dev/drbd0::/data::ext4 10.0.0.10\n", "off");
        assertFalse(r.hasErrors(), r.findings().toString());
        String s = show(r);
        assertTrue(s.contains("primitive drbd_r0 ocf:tandem:ReplicatedVolume \\\n\tparams drbd_resource=r0 \\\n"
                + "\top monitor interval=29s role=Promoted timeout=20s \\\n"
                + "\top monitor interval=31s role=Unpromoted timeout=20s"), s);
        assertTrue(s.contains("clone ms_drbd_r0 drbd_r0 \\\n\tmeta promotable=true promoted-max=1"
                + " promoted-node-max=1 clone-max=2 clone-node-max=1 notify=true"), s);
        assertTrue(s.contains("group group_1 Filesystem_2 IPaddr_10_0_0_10"), s);
        assertTrue(s.contains("colocation col_group_1_ms_drbd_r0 inf: group_1 ms_drbd_r0:Promoted"), s);
        assertTrue(s.contains("order ord_ms_drbd_r0_group_1 Mandatory: ms_drbd_r0:promote group_1:start"), s);
        CibValidator.validate(r.cib(), "import");
        assertTrue(r.findings().stream().anyMatch(f -> f.severity() == Severity.INFO
                && f.directive().equals("drbddisk::r0")));
        // alone on its line, the volume itself gets the preference for its promoted role
        assertTrue(show(run("n2 drbddisk::r1\n", "on")).contains("location rsc_location_ms_drbd_r1 ms_drbd_r1"
                + " role=Promoted 100: n2"));
    }

    @Test
    void errorsNameLineAndFieldAndChangeNothing() {
        Cib base = Cib.empty("pacemaker-3.9");
        HaresourcesImport r = HaresourcesImporter.importText(FILE, "n1 10.0.0.1\nn2 IPaddr::10.0.0.300/24\n"
                + "n1 Filesystem::/dev/sdb1\nn2 IPaddr::10.0.0.5/40\nn3\nn1 drbddisk\nn2 10.0.0.1\n", base, "on",
                Set.of());
        assertSame(base, r.cib());
        assertEquals(List.of(
                        "/etc/ha.d/haresources:2: ERROR: IPaddr::10.0.0.300/24: ip: '10.0.0.300' is not an IPv4 address",
                        "/etc/ha.d/haresources:3: ERROR: Filesystem::/dev/sdb1: Filesystem needs at least a device and"
                                + " a directory (Filesystem::DEVICE::DIRECTORY[::FSTYPE[::OPTIONS]])",
                        "/etc/ha.d/haresources:4: ERROR: IPaddr::10.0.0.5/40: cidr_netmask: '40' is not a prefix"
                                + " length (0-32)",
                        "/etc/ha.d/haresources:5: ERROR: n3: a node name without resources",
                        "/etc/ha.d/haresources:6: ERROR: drbddisk: drbddisk needs the DRBD resource name"
                                + " (drbddisk::r0); without it heartbeat promoted every resource, which has no single"
                                + " equivalent",
                        "/etc/ha.d/haresources:7: ERROR: 10.0.0.1: makes the resource id 'IPaddr_10_0_0_1', which"
                                + " line 1 already made (the same resource twice?)"),
                r.findings().stream().filter(f -> f.severity() == Severity.ERROR).map(ImportFinding::toString).toList());
    }

    @Test
    void anIdTakenInTheTargetCibIsAnErrorOnItsLine() throws Exception {
        Cib existing = run("n1 10.0.0.1\n", "on").cib();
        HaresourcesImport r = HaresourcesImporter.importText(FILE, "\nn2 10.0.0.1\n", existing, "on", Set.of());
        assertSame(existing, r.cib());
        assertEquals("/etc/ha.d/haresources:2: ERROR: primitive IPaddr_10_0_0_1: id 'IPaddr_10_0_0_1' is already"
                        + " used by a <primitive>",
                r.findings().stream().filter(f -> f.severity() == Severity.ERROR).findFirst().orElseThrow().toString());
    }

    @Test
    void mergesIntoAnExistingConfiguration() throws Exception {
        Cib existing = run("n1 10.0.0.1\n", "on").cib();
        HaresourcesImport r = HaresourcesImporter.importText(FILE, "n2 10.0.0.2\nn2 10.0.0.3\n", existing, "off",
                Set.of());
        assertFalse(r.hasErrors(), r.findings().toString());
        String s = show(r);
        assertTrue(s.contains("group group_1 IPaddr_10_0_0_1"), s);
        // group_1 is taken: the new lines are numbered on from 11
        assertTrue(s.contains("group group_11 IPaddr_10_0_0_2"), s);
        assertTrue(s.contains("group group_21 IPaddr_10_0_0_3"), s);
        assertTrue(s.contains("resource-stickiness=INFINITY"), s);
        assertFalse(s.contains("resource-stickiness=0"), s);
    }

    @Test
    void seed000HaresourcesWithItsCommentsAndCustomScripts() throws Exception {
        String text = Fixtures.text("seed000-haresources");
        HaresourcesImport lsb = HaresourcesImporter.importText(FILE, text, Cib.empty("pacemaker-3.9"), "off", Set.of());
        assertFalse(lsb.hasErrors(), lsb.findings().toString());
        String s = show(lsb);
        assertTrue(s.contains("group group_1 IPaddr_192_168_33_100 mysql_umount_2 mysql_3"), s);
        assertTrue(s.contains("primitive mysql_umount_2 lsb:mysql_umount"), s);
        assertTrue(s.contains("location rsc_location_group_1 group_1 100: prmdbrw01"), s);
        assertTrue(s.contains("params ip=192.168.33.100 cidr_netmask=24 nic=eth2"), s);
        CibValidator.validate(lsb.cib(), "seed000");

        // the seed says mysql_umount and mysql live in /etc/ha.d/resource.d
        HaresourcesImport hb = HaresourcesImporter.importText(FILE, text, Cib.empty("pacemaker-3.9"), "off",
                Set.of("mysql_umount", "mysql", "IPaddr"));
        assertTrue(show(hb).contains("primitive mysql_umount_2 heartbeat:mysql_umount"));
        assertEquals(2, Fixtures.withSeverity(hb.findings(), Severity.WARNING).size(), hb.findings().toString());
        assertEquals(152, Fixtures.withSeverity(hb.findings(), Severity.WARNING).get(0).line());
    }

    @Test
    void seed001LineWithAnnotationAndAliasDevice() {
        HaresourcesImport r = run(Fixtures.text("seed001-haresources"), "on");
        assertFalse(r.hasErrors(), r.findings().toString());
        assertEquals(List.of("1 WARNING ", "1 INFO IPaddr::192.168.42.14/25/eth0:0",
                "1 INFO IPaddr::192.168.42.14/25/eth0:0"), Fixtures.summary(r.findings()));
        String s = show(r);
        assertTrue(s.contains("params ip=192.168.42.14 cidr_netmask=25 nic=eth0 iflabel=0"), s);
        assertTrue(s.contains("group group_1 IPaddr_192_168_42_14 nginx_2"), s);
    }

    @Test
    void seed003TwoAddressesAndAnArgumentScript() {
        // seed 003's line, with the blanks its web page lost put back
        HaresourcesImport r = run("node1 192.168.1.200/24/eth0 192.168.2.200/24/eth1 ldirectord::/etc/ha.d/ldirectord.cf\n",
                "on");
        assertFalse(r.hasErrors(), r.findings().toString());
        String s = show(r);
        assertTrue(s.contains("primitive ldirectord_3 ocf:heartbeat:ldirectord \\\n\tparams"
                + " configfile=\"/etc/ha.d/ldirectord.cf\""), s);
        assertTrue(s.contains("group group_1 IPaddr_192_168_1_200 IPaddr_192_168_2_200 ldirectord_3"), s);
    }

    @Test
    void unknownScriptWithArgumentsIsAHeartbeatClassResourceWithAWarning() {
        HaresourcesImport r = run("n1 myscript::a::b\n", "on");
        String s = show(r);
        assertTrue(s.contains("primitive myscript_1 heartbeat:myscript \\\n\tparams 1=a 2=b"), s);
        assertEquals(List.of("1 WARNING myscript::a::b"), Fixtures.summary(
                Fixtures.withSeverity(r.findings(), Severity.WARNING)));
    }

    @Test
    void pacemakerAcceptsTheImportedCib(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/crm_verify")), "crm_verify (pacemaker-cli-utils) is not installed");
        HaresourcesImport r = run("n1 IPaddr::10.0.0.10/24/eth0 drbddisk::r0 Filesystem::/dev/drbd0::/data::ext4"
                + " httpd\nn2 10.0.0.20 MailTo::root\n", "off");
        assertFalse(r.hasErrors());
        CibElement root = r.cib().root();
        Path file = dir.resolve("cib.xml");
        Files.writeString(file, CibXml.toXml(root));
        Process p = new ProcessBuilder("/usr/sbin/crm_verify", "-x", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        // crm_verify complains about fencing only (no stonith devices), never about the schema or the constraints
        assertFalse(out.contains("schema") || out.contains("does not exist") || out.contains("invalid"), out);
        assertTrue(out.lines().allMatch(l -> l.isBlank() || l.toLowerCase().contains("stonith")
                || l.toLowerCase().contains("fencing") || l.contains("-V") || l.contains("Errors found")
                || l.contains("config not valid")), out);
    }
}
