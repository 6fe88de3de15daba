package io.tandem.messaging.udp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacketCodecTest {
    private static final byte[] NAME = "node-1".getBytes(StandardCharsets.UTF_8);
    private static final long CLUSTER = FrameHeader.clusterId("tandem");

    private static byte[] packet(PacketWriter w) {
        return Arrays.copyOf(w.array(), w.position());
    }

    @Test
    void headerAndHeartbeatRoundTrip() throws Exception {
        PacketWriter w = new PacketWriter(1400);
        int headerLen = FrameHeader.write(w, FrameHeader.TYPE_HEARTBEAT, CLUSTER, NAME, 42, 7, 3);
        PacketBody.writeHeartbeat(w, new byte[] {1, 2, 3});
        byte[] p = packet(w);
        PacketReader r = new PacketReader(p, 0, p.length);
        FrameHeader h = FrameHeader.read(r);
        assertEquals(new FrameHeader(FrameHeader.TYPE_HEARTBEAT, CLUSTER, "node-1", 42, 7, 3, headerLen), h);
        PacketBody.Heartbeat hb = (PacketBody.Heartbeat) PacketBody.read(h.type(), r);
        assertArrayEquals(new byte[] {1, 2, 3}, hb.payload());
    }

    @Test
    void dataAckAndLeaveRoundTrip() throws Exception {
        PacketWriter w = new PacketWriter(1400);
        FrameHeader.write(w, FrameHeader.TYPE_DATA, CLUSTER, NAME, 1, 2, 1);
        byte[] seg = "segment".getBytes(StandardCharsets.UTF_8);
        PacketBody.writeData(w, "peer".getBytes(StandardCharsets.UTF_8), 9, 100, PacketBody.FLAG_FIRST, seg, 0, seg.length);
        byte[] p = packet(w);
        PacketReader r = new PacketReader(p, 0, p.length);
        PacketBody.Data d = (PacketBody.Data) PacketBody.read(FrameHeader.read(r).type(), r);
        assertEquals("peer", d.destination());
        assertEquals(9, d.destIncarnation());
        assertEquals(100, d.seq());
        assertEquals(PacketBody.FLAG_FIRST, d.flags());
        assertArrayEquals(seg, Arrays.copyOfRange(d.buf(), d.off(), d.off() + d.len()));

        FrameHeader.write(w, FrameHeader.TYPE_ACK, CLUSTER, NAME, 1, 3, 1);
        PacketBody.writeAck(w, "peer".getBytes(StandardCharsets.UTF_8), 9, 50, new long[] {52, 55, 60, 60}, 2);
        p = packet(w);
        r = new PacketReader(p, 0, p.length);
        PacketBody.Ack a = (PacketBody.Ack) PacketBody.read(FrameHeader.read(r).type(), r);
        assertEquals(50, a.cumulative());
        assertArrayEquals(new long[] {52, 55, 60, 60}, a.ranges());

        FrameHeader.write(w, FrameHeader.TYPE_LEAVE, CLUSTER, NAME, 1, 4, 1);
        p = packet(w);
        r = new PacketReader(p, 0, p.length);
        assertSame(PacketBody.Leave.INSTANCE, PacketBody.read(FrameHeader.read(r).type(), r));
    }

    @Test
    void everyTruncationIsMalformed() {
        PacketWriter w = new PacketWriter(1400);
        FrameHeader.write(w, FrameHeader.TYPE_DATA, CLUSTER, NAME, 1, 2, 1);
        PacketBody.writeData(w, "peer".getBytes(StandardCharsets.UTF_8), 9, 100, 3, new byte[20], 0, 20);
        byte[] p = packet(w);
        for (int len = 0; len < p.length; len++) {
            int n = len;
            assertThrows(MalformedPacketException.class, () -> {
                PacketReader r = new PacketReader(p, 0, n);
                PacketBody.read(FrameHeader.read(r).type(), r);
            }, "truncated to " + n);
        }
    }

    @Test
    void badMagicVersionTypeAndTrailingBytesAreMalformed() {
        PacketWriter w = new PacketWriter(1400);
        FrameHeader.write(w, FrameHeader.TYPE_LEAVE, CLUSTER, NAME, 1, 2, 1);
        byte[] good = packet(w);
        for (int index : new int[] {0, 4, 5}) {
            byte[] bad = good.clone();
            bad[index] = (byte) 0x7f;
            assertThrows(MalformedPacketException.class, () -> FrameHeader.read(new PacketReader(bad, 0, bad.length)),
                    "byte " + index);
        }
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThrows(MalformedPacketException.class, () -> {
            PacketReader r = new PacketReader(longer, 0, longer.length);
            PacketBody.read(FrameHeader.read(r).type(), r);
        });
    }

    @Test
    void clusterIdsDifferByName() {
        assertEquals(FrameHeader.clusterId("tandem"), FrameHeader.clusterId("tandem"));
        assertNotEquals(FrameHeader.clusterId("tandem"), FrameHeader.clusterId("tandem2"));
    }
}
