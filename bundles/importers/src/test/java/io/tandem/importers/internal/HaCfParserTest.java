package io.tandem.importers.internal;

import static io.tandem.importers.internal.Fixtures.summary;
import static io.tandem.importers.internal.Fixtures.withSeverity;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.importers.ImportFinding;
import io.tandem.importers.Severity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HaCfParserTest {
    private static final Path FILE = Path.of("/etc/ha.d/ha.cf");

    private static HaCfParser.Result parse(String text) {
        return HaCfParser.parse(FILE, text);
    }

    private static List<String> errorsAndWarnings(HaCfParser.Result result) {
        return summary(result.findings().stream().filter(f -> f.severity() != Severity.INFO).toList());
    }

    @Test
    void seed000RealCommentedHaCfImports() {
        HaCfParser.Result result = parse(Fixtures.text("seed000-ha.cf"));

        assertEquals(List.of(
                "33 INFO logfile",
                "40 WARNING logfacility", // non-breaking spaces from the blog's HTML
                "40 INFO logfacility",
                "106 WARNING bcast", // non-breaking spaces
                "106 WARNING bcast", // the only heartbeat medium
                "176 INFO auto_failback",
                "248 WARNING ping", // non-breaking spaces
                "282 INFO respawn"), summary(result.findings()));
        HaCf haCf = result.haCf();
        assertEquals(List.of("prmdbrw01", "prmdbbk01"), haCf.nodes());
        assertEquals(OptionalLong.of(250), haCf.keepAliveMillis());
        assertEquals(OptionalLong.of(1000), haCf.deadTimeMillis());
        assertEquals(OptionalLong.of(500), haCf.warnTimeMillis());
        assertEquals(OptionalLong.of(30000), haCf.initDeadMillis());
        assertEquals(Optional.of(694), haCf.udpPort());
        assertEquals(List.of("bcast eth3"), haCf.media());
        assertEquals(List.of("ping 192.168.33.1"), haCf.pingNodes());
        assertEquals(Optional.of("off"), haCf.autoFailback());
        assertTrue(haCf.compressionThresholdBytes().isEmpty(), "compression_threshold is commented out");

        ImportFinding singleLink = result.findings().stream()
                .filter(f -> f.message().contains("split brain")).findFirst().orElseThrow();
        assertEquals(106, singleLink.line());
        ImportFinding ipfail = result.findings().stream().filter(f -> f.directive().equals("respawn")).findFirst().orElseThrow();
        assertTrue(ipfail.message().contains("ping nodes replace ipfail"), ipfail.message());
        ImportFinding logfile = result.findings().stream().filter(f -> f.directive().equals("logfile")).findFirst().orElseThrow();
        assertTrue(logfile.message().contains("etc/org.ops4j.pax.logging.cfg"), logfile.message());
    }

    @Test
    void seed000MapsOntoTheConfigurationContract() {
        Map<String, Map<String, Object>> config = ConfigurationMapping.toConfigurations(parse(Fixtures.text("seed000-ha.cf")).haCf());

        Map<String, Object> messaging = config.get("io.tandem.messaging");
        assertArrayEquals(new String[] {"bcast eth3"}, (String[]) messaging.get("media"));
        assertEquals(694, messaging.get("udpPort"));
        assertEquals(250L, messaging.get("keepAliveMillis"));
        assertEquals(1000L, messaging.get("linkDeadTimeMillis"));
        assertEquals("etc/authkeys", messaging.get("authKeysFile"));
        assertFalse(messaging.containsKey("clusterName"));
        Map<String, Object> membership = config.get("io.tandem.membership");
        assertArrayEquals(new String[] {"prmdbrw01", "prmdbbk01"}, (String[]) membership.get("nodes"));
        assertEquals(1000L, membership.get("deadTimeMillis"));
        assertEquals(500L, membership.get("warnTimeMillis"));
        assertEquals(30000L, membership.get("initDeadMillis"));
        assertArrayEquals(new String[] {"ping 192.168.33.1"}, (String[]) membership.get("pingNodes"));
        assertEquals(Map.of("autoFailback", "off"), config.get("io.tandem.crm"));
    }

    @Test
    void seed001WithSlashSlashAnnotationsImportsWithAWarningPerAnnotatedLine() {
        HaCfParser.Result result = parse(Fixtures.text("seed001-ha.cf"));

        assertTrue(withSeverity(result.findings(), Severity.ERROR).isEmpty(), result.findings().toString());
        List<Integer> annotated = result.findings().stream()
                .filter(f -> f.message().equals("'//' is not a comment in ha.cf; ignored the rest of the line"))
                .map(ImportFinding::line).toList();
        assertEquals(List.of(1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14), annotated);
        assertTrue(result.findings().stream().filter(f -> f.line() == 4).allMatch(f -> f.directive().equals("keepalive")));
        assertEquals(List.of(
                "1 WARNING debugfile", "2 WARNING logfile", "4 WARNING keepalive", "5 WARNING deadtime",
                "6 WARNING warntime", "7 WARNING initdead", "8 WARNING udpport", "9 WARNING ucast",
                "9 WARNING ucast", "10 WARNING auto_failback", "11 WARNING node", "13 WARNING ping",
                "14 WARNING respawn"), errorsAndWarnings(result));

        HaCf haCf = result.haCf();
        assertEquals(List.of("master1", "master2"), haCf.nodes());
        assertEquals(OptionalLong.of(2000), haCf.keepAliveMillis());
        assertEquals(OptionalLong.of(30000), haCf.deadTimeMillis());
        assertEquals(OptionalLong.of(10000), haCf.warnTimeMillis());
        assertEquals(OptionalLong.of(60000), haCf.initDeadMillis());
        assertEquals(List.of("ucast eth1 10.1.1.2"), haCf.media());
        assertEquals(List.of("ping 192.168.42.1"), haCf.pingNodes());
        assertEquals(Optional.of("on"), haCf.autoFailback());
    }

    @Test
    void wrongArgumentsAreErrorsWithTheirLine() {
        HaCfParser.Result result = parse("""
                node a b
                # comment
                keepalive abc
                bcast eth0
                mcast eth1 225.0.0.1 694 1
                mcast eth1 225.0.0.1 694 0 0
                mcast eth1 225.0.0.1 694 256 0
                mcast eth1 10.0.0.1 694 1 0
                mcast eth1 225.0.0.1 70000 1 0
                mcast eth1 225.0.0.1 694 1 2
                udpport http
                ucast eth1
                ucast eth1 10.0.0.300
                deadtime 0
                node bad/name
                auto_failback sometimes
                cluster_name two words
                """);

        List<ImportFinding> errors = withSeverity(result.findings(), Severity.ERROR);
        assertEquals(List.of("3 ERROR keepalive", "5 ERROR mcast", "6 ERROR mcast", "7 ERROR mcast", "8 ERROR mcast",
                "9 ERROR mcast", "10 ERROR mcast", "11 ERROR udpport", "12 ERROR ucast", "13 ERROR ucast",
                "14 ERROR deadtime", "15 ERROR node", "16 ERROR auto_failback", "17 ERROR cluster_name"), summary(errors));
        assertTrue(errors.get(0).message().contains("'abc' is not a positive time"), errors.get(0).message());
        assertTrue(errors.get(1).message().contains("got 4 argument(s)"), errors.get(1).message());
        assertTrue(errors.get(2).message().startsWith("TTL '0'"), errors.get(2).message());
        assertTrue(errors.get(3).message().startsWith("TTL '256'"), errors.get(3).message());
        assertEquals("/etc/ha.d/ha.cf:3: ERROR: keepalive: '" + "abc' is not a positive time: use seconds, or"
                + " milliseconds with ms (2, 1.5, 250ms)", errors.get(0).toString());
    }

    @Test
    void unknownDirectiveIsAWarningWithLineAndDirective() {
        HaCfParser.Result result = parse("node a b\nbcast eth0 eth1\n\nfrobnicate 3\n");

        assertEquals(List.of("4 WARNING frobnicate"), summary(result.findings()));
        assertEquals("unknown directive; not imported", result.findings().get(0).message());
    }

    @Test
    void noMediaIsAnErrorAndOneMediumAWarning() {
        HaCfParser.Result none = parse("node a b\n");
        assertEquals(List.of("0 ERROR "), summary(withSeverity(none.findings(), Severity.ERROR)));

        HaCfParser.Result twoOnOneLine = parse("node a b\nbcast eth1 eth2\n");
        assertEquals(List.of("bcast eth1", "bcast eth2"), twoOnOneLine.haCf().media());
        assertTrue(twoOnOneLine.findings().isEmpty(), twoOnOneLine.findings().toString());
    }

    @Test
    void noNodeIsAnError() {
        HaCfParser.Result result = parse("bcast eth1 eth2\n");
        assertEquals(List.of("0 ERROR node"), summary(result.findings()));
    }

    @Test
    void heartbeatSanityChecksOnTimings() {
        String base = "node a b\nbcast eth1 eth2\n";
        assertEquals(List.of("4 ERROR deadtime"), errorsAndWarnings(parse(base + "keepalive 1\ndeadtime 2\nwarntime 1500ms\ninitdead 4\n")));
        assertEquals(List.of("5 ERROR warntime"), errorsAndWarnings(parse(base + "keepalive 1\ndeadtime 10\nwarntime 10\ninitdead 20\n")));
        assertEquals(List.of("5 WARNING warntime"), errorsAndWarnings(parse(base + "keepalive 1\ndeadtime 10\nwarntime 1\ninitdead 20\n")));
        assertEquals(List.of("6 WARNING initdead"), errorsAndWarnings(parse(base + "keepalive 1\ndeadtime 10\nwarntime 5\ninitdead 15\n")));
        assertEquals(List.of("6 ERROR initdead"), errorsAndWarnings(parse(base + "keepalive 1\ndeadtime 10\nwarntime 5\ninitdead 5\n")));
        assertEquals(List.of(), errorsAndWarnings(parse(base + "keepalive 100ms\ndeadtime 500ms\nwarntime 300ms\ninitdead 1\n")));
    }

    @Test
    void warntimeAndInitdeadFollowAShortOrLongDeadtimeWhenNotSet() {
        HaCfParser.Result result = parse("node a b\nbcast eth1 eth2\nkeepalive 1\ndeadtime 5\n");
        assertEquals(OptionalLong.of(2500), result.haCf().warnTimeMillis());
        assertTrue(result.haCf().initDeadMillis().isEmpty(), "the default 60 s is already more than twice deadtime");
        assertEquals(List.of(), errorsAndWarnings(result));

        HaCfParser.Result slow = parse("node a b\nbcast eth1 eth2\ndeadtime 45\n");
        assertTrue(slow.haCf().warnTimeMillis().isEmpty());
        assertEquals(OptionalLong.of(90000), slow.haCf().initDeadMillis());
        assertEquals(List.of("3 INFO initdead"), summary(slow.findings()));
    }

    @Test
    void heartbeatDirectivesTandemHandlesElsewhereAreReportedWithAReason() {
        HaCfParser.Result result = parse("""
                node a b
                bcast eth1 eth2
                logfile /var/log/ha-log
                use_logd yes
                stonith_host *     baytech 10.0.0.3 mylogin mysecretpassword
                watchdog /dev/watchdog
                serial /dev/ttyS0
                respawn hacluster /usr/lib/heartbeat/ccm
                crm on
                apiauth ipfail gid=haclient uid=hacluster
                hbaping fc-card-name
                """);

        assertEquals(List.of("3 INFO logfile", "4 INFO use_logd", "5 WARNING stonith_host", "6 WARNING watchdog",
                "7 WARNING serial", "8 WARNING respawn", "9 INFO crm", "10 INFO apiauth", "11 WARNING hbaping"),
                summary(result.findings()));
        assertTrue(result.findings().stream().noneMatch(f -> f.message().contains("mysecretpassword")));
        assertTrue(result.findings().get(5).message().contains("/usr/lib/heartbeat/ccm"));
    }

    @Test
    void everyMappedDirective() {
        HaCfParser.Result result = parse("""
                cluster_name prod-db
                udpport 6940
                keepalive 100ms
                deadtime 500ms
                warntime 300ms
                initdead 2
                ucast eth1 10.1.1.2
                mcast eth2 239.0.0.43 6940 1 0
                compression_threshold 4
                node db1, db2
                ping 10.0.0.254 10.0.0.253
                ping_group uplinks 10.1.0.1 10.2.0.1
                deadping 20
                """);

        assertEquals(List.of("1 INFO cluster_name"), summary(result.findings()));
        Map<String, Map<String, Object>> config = ConfigurationMapping.toConfigurations(result.haCf());
        Map<String, Object> messaging = config.get("io.tandem.messaging");
        assertEquals("prod-db", messaging.get("clusterName"));
        assertEquals(6940, messaging.get("udpPort"));
        assertEquals(100L, messaging.get("keepAliveMillis"));
        assertEquals(500L, messaging.get("linkDeadTimeMillis"));
        assertEquals(4096, messaging.get("compressionThresholdBytes"));
        assertArrayEquals(new String[] {"ucast eth1 10.1.1.2", "mcast eth2 239.0.0.43 6940 1 0"}, (String[]) messaging.get("media"));
        Map<String, Object> membership = config.get("io.tandem.membership");
        assertArrayEquals(new String[] {"db1", "db2"}, (String[]) membership.get("nodes"));
        assertEquals(500L, membership.get("deadTimeMillis"));
        assertEquals(300L, membership.get("warnTimeMillis"));
        assertEquals(2000L, membership.get("initDeadMillis"));
        assertEquals(20000L, membership.get("deadPingMillis"));
        assertArrayEquals(new String[] {"ping 10.0.0.254", "ping 10.0.0.253", "ping_group uplinks 10.1.0.1 10.2.0.1"},
                (String[]) membership.get("pingNodes"));
        assertFalse(config.containsKey("io.tandem.crm"));
    }

    @Test
    void repeatedAndMisorderedDirectivesAreWarnings() {
        HaCfParser.Result result = parse("node a b\nbcast eth1 eth2\nudpport 695\nkeepalive 1\nkeepalive 2\nnode a\n");

        assertEquals(List.of("3 WARNING udpport", "5 WARNING keepalive", "6 WARNING node"), summary(result.findings()));
        assertEquals(OptionalLong.of(2000), result.haCf().keepAliveMillis());
        assertEquals(List.of("a", "b"), result.haCf().nodes());
    }

    @Test
    void lineNumbersCountCrLfLinesAndIgnoreAByteOrderMark() {
        HaCfParser.Result result = parse("\uFEFFnode a b\r\n\r\nbcast eth1 eth2\r\nbogus\r\n");
        assertEquals(List.of("4 WARNING bogus"), summary(result.findings()));
    }

    @Test
    void slashSlashInsideAPathIsNotAnAnnotation() {
        HaCfParser.Result result = parse("node a b\nbcast eth1 eth2\nrespawn hacluster /usr//lib/heartbeat/ipfail\n");
        assertEquals(List.of("3 INFO respawn"), summary(result.findings()));
    }
}
