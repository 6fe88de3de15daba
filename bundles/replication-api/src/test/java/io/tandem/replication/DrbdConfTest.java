package io.tandem.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrbdConfTest {
    private static final Path DIR = Path.of("src/test/resources/drbdconf");

    @TempDir
    Path tmp;

    @Test
    void seed004ReadsForEitherHost() throws Exception {
        DrbdConf conf = DrbdConf.parse(DIR.resolve("seed004.conf"));
        VolumeConfig t = conf.volumesFor("t").get(0);
        assertEquals("r0", t.name());
        assertEquals(2, t.minor());
        assertEquals(Path.of("/dev/sdc1"), t.backing());
        assertEquals(new InetSocketAddress("192.168.1.104", 7789), t.localAddress());
        assertEquals(new InetSocketAddress("192.168.1.106", 7789), t.peerAddress());
        assertEquals("Shentar", t.peerHost());
        assertEquals(Protocol.C, t.protocol());
        assertEquals(50L << 20, t.resyncRateBytesPerSecond());
        assertEquals(OnIoError.PASS_ON, t.onIoError());
        assertEquals(2000, t.wfcTimeoutSeconds());
        assertEquals(6000, t.degrWfcTimeoutSeconds());
        assertTrue(t.metaDisk().isInternal());
        assertEquals(List.of(), conf.volumesFor("elsewhere"));
    }

    @Test
    void seed000ObsoleteOptionsAreWarningsWithLineNumbers() throws Exception {
        DrbdConf conf = DrbdConf.parse(DIR.resolve("seed000.conf"));
        assertEquals(2, conf.warnings().size(), conf.warnings().toString());
        assertEquals(4, conf.warnings().get(0).line());
        assertEquals(15, conf.warnings().get(1).line());
        VolumeConfig v = conf.volumesFor("prmdbbk01").get(0);
        assertEquals(1, v.minor());
        assertEquals(257, v.alExtents());
        assertEquals(10L << 20, v.resyncRateBytesPerSecond());
        assertEquals(OnIoError.DETACH, v.onIoError());
        assertEquals(120, v.degrWfcTimeoutSeconds());
    }

    @Test
    void commonIncludesAndNetOptions() throws Exception {
        DrbdConf conf = DrbdConf.parse(DIR.resolve("full.conf"));
        VolumeConfig a = conf.volumesFor("a").get(0);
        assertEquals(Protocol.B, a.protocol());
        assertEquals("sha1", a.cramHmacAlg());
        assertEquals("s3cr3t", a.sharedSecret());
        assertEquals(AfterSplitBrain.DISCARD_ZERO_CHANGES, a.afterSb0pri());
        assertEquals(AfterSplitBrain.DISCARD_SECONDARY, a.afterSb1pri());
        assertTrue(a.allowTwoPrimaries());
        assertEquals(601, a.alExtents());
        assertEquals(MetaDisk.external(Path.of("/var/lib/meta.img"), 0), a.metaDisk());
        assertTrue(conf.volumesFor("b").get(0).metaDisk().isInternal());
    }

    @Test
    void unknownAndWrongLinesAreReportedWithFileAndLine() {
        DrbdConfException e = assertThrows(DrbdConfException.class, () -> DrbdConf.parse(DIR.resolve("bad.conf")));
        List<String> messages = e.problems().stream().map(DrbdConf.Problem::toString).toList();
        assertTrue(messages.stream().anyMatch(m -> m.endsWith("bad.conf:3: unknown option 'frobnicate' in disk")),
                messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.endsWith("bad.conf:4: unknown keyword 'wibble'")),
                messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("bad.conf:6: address '10.0.0.2' has no port")),
                messages.toString());
    }

    @Test
    void badValuesNameTheResource() {
        DrbdConfException e = assertThrows(DrbdConfException.class, () -> DrbdConf.parse(tmp.resolve("x.conf"),
                "resource r0 { protocol D;\n on a { device /dev/drbd0; disk /d; address 1.2.3.4:1; meta-disk internal; }\n"
                        + " on b { device /dev/drbd0; disk /d; address 1.2.3.5:1; meta-disk internal; } }\n"));
        assertTrue(e.getMessage().contains("x.conf:1: resource r0: protocol must be A, B or C"), e.getMessage());
    }

    /** drbdadm (8.4 syntax) normalises the file; both readings must give the same volumes. */
    @Test
    void agreesWithDrbdadmDump() throws Exception {
        Path tool = Files.isExecutable(Path.of("/usr/lib/drbd/drbdadm-84")) ? Path.of("/usr/lib/drbd/drbdadm-84")
                : Path.of("/usr/sbin/drbdadm");
        assumeTrue(Files.isExecutable(tool), "drbdadm not installed (drbd-utils)");
        for (String name : List.of("seed000-modern.conf", "seed004.conf", "full.conf")) {
            Path file = DIR.resolve(name).toAbsolutePath();
            Process p = new ProcessBuilder(tool.toString(), "-c", file.toString(), "dump").redirectErrorStream(false)
                    .start();
            String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.getErrorStream().readAllBytes();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assumeTrue(p.exitValue() == 0, "drbdadm could not dump " + name);
            DrbdConf ours = DrbdConf.parse(file);
            DrbdConf theirs = DrbdConf.parse(tmp.resolve(name + ".dump"), dump);
            for (DrbdConf.Resource r : ours.resources()) {
                for (DrbdConf.Host h : r.hosts()) {
                    assertEquals(ours.volumesFor(h.name()), theirs.volumesFor(h.name()), name + " on " + h.name());
                }
            }
        }
    }

    @Test
    void sizesAndRates() throws IOException {
        assertEquals(10L << 20, DrbdConf.bytes("10M", 1024));
        assertEquals(250L * 1024, DrbdConf.bytes("250", 1024));
        assertEquals(1L << 30, DrbdConf.bytes("1G", 1024));
        assertThrows(IllegalArgumentException.class, () -> DrbdConf.bytes("ten", 1024));
    }
}
