package io.tandem.messaging.udp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.NodeId;
import io.tandem.messaging.LinkStatus;
import io.tandem.messaging.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real UDP sockets on 127.0.0.1. */
class UdpMessengerTest {
    @TempDir
    Path dir;

    private static boolean waitFor(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(5); // polling interval of a deadline-bounded wait
        }
        return true;
    }

    @Test
    void twoNodesOnLoopbackHearEachOtherAndExchangeReliableMessages() throws Exception {
        try (LoopbackPair pair = new LoopbackPair(dir)) {
            assertTrue(waitFor(() -> pair.a.peers().size() == 1 && pair.b.peers().size() == 1, 5_000), "peers heard");
            assertEquals(NodeId.of("b"), pair.a.peers().get(0).peer());
            assertEquals(pair.b.incarnation(), pair.a.peers().get(0).incarnation());

            int n = 300;
            List<String> atB = Collections.synchronizedList(new ArrayList<>());
            List<String> atA = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(2 * n + 1);
            pair.b.subscribe("test", m -> {
                atB.add(new String(m.payload(), StandardCharsets.UTF_8));
                done.countDown();
            });
            Message[] big = {null};
            pair.a.subscribe("test", m -> {
                if (m.payload().length > 1000) {
                    big[0] = m;
                } else {
                    atA.add(new String(m.payload(), StandardCharsets.UTF_8));
                }
                done.countDown();
            });
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                expected.add("m" + i);
                pair.a.send(NodeId.of("b"), "test", ("m" + i).getBytes(StandardCharsets.UTF_8));
                pair.b.send(NodeId.of("a"), "test", ("m" + i).getBytes(StandardCharsets.UTF_8));
            }
            byte[] payload = new byte[3 * 1024 * 1024];
            new Random(3).nextBytes(payload);
            pair.b.send(NodeId.of("a"), "test", payload);
            assertTrue(done.await(20, TimeUnit.SECONDS), "delivered: " + atB.size() + " / " + atA.size());
            assertEquals(expected, atB);
            assertEquals(expected, atA);
            assertTrue(java.util.Arrays.equals(payload, big[0].payload()));
            assertEquals(NodeId.of("b"), big[0].from());

            LinkStatus link = pair.a.links().get(0);
            assertTrue(link.up(), link.toString());
            assertTrue(link.peers().get(0).up());
            assertTrue(link.peers().get(0).address().startsWith("127.0.0.1:"), link.toString());
        }
    }

    @Test
    void aMediumThatCannotOpenIsReportedWhileTheOthersWork() throws Exception {
        Path keys = LoopbackPair.authKeys(dir);
        int pa = LoopbackPair.freePort();
        int pb = LoopbackPair.freePort();
        UdpMessenger a = new UdpMessenger(new TestConfig("a", pa, keys, dir.resolve("a"),
                "ucast nosuchdev9 10.9.9.9", "ucast lo 127.0.0.1:" + pb));
        UdpMessenger b = new UdpMessenger(new TestConfig("b", pb, keys, dir.resolve("b"), "ucast lo 127.0.0.1:" + pa));
        try {
            TestConfig c = new TestConfig("x", 1, keys, dir, "ucast nosuchdev9 10.9.9.9");
            c.bindAddress = "";
            UdpMessenger broken = new UdpMessenger(c);
            LinkStatus dead = broken.links().get(0);
            broken.deactivate();
            assertTrue(!dead.up() && dead.error().contains("no such network device 'nosuchdev9'"), dead.toString());
            assertTrue(waitFor(() -> !a.peers().isEmpty() && a.peers().get(0).linksUp().size() == 1, 5_000));
            assertEquals("ucast:lo:127.0.0.1:" + pb, a.peers().get(0).linksUp().get(0));
        } finally {
            b.deactivate();
            a.deactivate();
        }
    }

    @Test
    void incarnationGrowsAcrossRestartsAndPeersSeeTheRestart() throws Exception {
        Path keys = LoopbackPair.authKeys(dir);
        int pa = LoopbackPair.freePort();
        int pb = LoopbackPair.freePort();
        TestConfig cb = new TestConfig("b", pb, keys, dir.resolve("b"), "ucast lo 127.0.0.1:" + pa);
        UdpMessenger a = new UdpMessenger(new TestConfig("a", pa, keys, dir.resolve("a"), "ucast lo 127.0.0.1:" + pb));
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        a.addPeerListener(new io.tandem.messaging.PeerListener() {
            @Override
            public void heard(NodeId peer, long incarnation, byte[] payload) {
            }

            @Override
            public void restarted(NodeId peer, long oldIncarnation, long newIncarnation) {
                events.add("restarted " + oldIncarnation + "->" + newIncarnation);
            }

            @Override
            public void left(NodeId peer, long incarnation) {
                events.add("left " + incarnation);
            }
        });
        try {
            UdpMessenger b1 = new UdpMessenger(cb);
            long first = b1.incarnation();
            assertTrue(waitFor(() -> !a.peers().isEmpty(), 5_000));
            b1.deactivate();
            assertTrue(waitFor(() -> events.contains("left " + first), 5_000), events.toString());
            UdpMessenger b2 = new UdpMessenger(cb);
            try {
                assertEquals(first + 1, b2.incarnation());
                assertTrue(waitFor(() -> events.contains("restarted " + first + "->" + (first + 1)), 5_000), events.toString());
            } finally {
                b2.deactivate();
            }
        } finally {
            a.deactivate();
        }
    }

    @Test
    void refusesAnAuthkeysFileOthersCanRead() throws Exception {
        Path keys = LoopbackPair.authKeys(dir);
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-r--r--"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new UdpMessenger(new TestConfig("a", LoopbackPair.freePort(), keys, dir, "ucast lo 127.0.0.1")));
        assertTrue(e.getMessage().contains("authKeysFile") && e.getMessage().contains(keys.toString())
                && e.getMessage().contains("mode 644"), e.getMessage());
    }

    @Test
    void badMediaLinesFailActivationNamingLineAndField() throws Exception {
        Path keys = LoopbackPair.authKeys(dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new UdpMessenger(new TestConfig("a", 7000, keys, dir, "ucast lo 127.0.0.1", "mcast eth0 1.2.3.4 694 1 0")));
        assertEquals("io.tandem.messaging: media line 2 'mcast eth0 1.2.3.4 694 1 0': GROUP '1.2.3.4' is not an IPv4"
                + " multicast address (224.0.0.0-239.255.255.255)", e.getMessage());
    }
}
