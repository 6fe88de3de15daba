package io.tandem.messaging.udp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    private final MessageCodec codec = new MessageCodec(2048, 64 * 1024 * 1024);
    private final byte[] channel = MessageCodec.channelBytes("cib");

    @Test
    void smallMessagesAreNotCompressed() throws Exception {
        byte[] payload = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] enc = codec.encode(channel, payload);
        MessageCodec.Decoded d = codec.decode(enc, 0, enc.length);
        assertEquals("cib", d.channel());
        assertArrayEquals(payload, d.payload());
        assertFalse(d.wasCompressed());
    }

    @Test
    void compressibleMessagesAboveTheThresholdAreDeflated() throws Exception {
        byte[] payload = "<cib>".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        byte[] enc = codec.encode(channel, payload);
        assertTrue(enc.length < payload.length / 10, "encoded " + enc.length);
        MessageCodec.Decoded d = codec.decode(enc, 0, enc.length);
        assertTrue(d.wasCompressed());
        assertArrayEquals(payload, d.payload());
    }

    @Test
    void incompressibleMessagesAreSentAsIs() throws Exception {
        byte[] payload = new byte[10_000];
        new Random(1).nextBytes(payload);
        byte[] enc = codec.encode(channel, payload);
        MessageCodec.Decoded d = codec.decode(enc, 0, enc.length);
        assertFalse(d.wasCompressed());
        assertArrayEquals(payload, d.payload());
    }

    @Test
    void corruptBodiesAreMalformed() {
        byte[] enc = codec.encode(channel, "<cib>".repeat(10_000).getBytes(StandardCharsets.UTF_8));
        enc[enc.length / 2] ^= 0x55;
        enc[enc.length / 2 + 1] ^= 0x55;
        assertThrows(MalformedPacketException.class, () -> codec.decode(enc, 0, enc.length));
        byte[] plain = codec.encode(channel, new byte[10]);
        assertThrows(MalformedPacketException.class, () -> codec.decode(plain, 0, plain.length - 1));
    }

    @Test
    void channelNamesAreBounded() {
        assertThrows(IllegalArgumentException.class, () -> MessageCodec.channelBytes(""));
        assertThrows(IllegalArgumentException.class, () -> MessageCodec.channelBytes("x".repeat(256)));
    }
}
