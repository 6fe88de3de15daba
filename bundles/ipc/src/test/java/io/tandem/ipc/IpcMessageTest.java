package io.tandem.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpcMessageTest {
    @Test
    void valuesWithNewlinesBackslashesAndEqualsSurviveTheRoundTrip() {
        IpcMessage m = IpcMessage.request("attr.set").put("value", "a=b\nc\\d\r").put("node", "n1").put("node", "n2").build();
        IpcMessage back = IpcMessage.decode(m.encode());
        assertEquals(m, back);
        assertEquals("a=b\nc\\d\r", back.get("value").orElseThrow());
        assertEquals(List.of("n1", "n2"), back.getAll("node"));
        assertEquals("verb=attr.set\nvalue=a=b\\nc\\\\d\\r\nnode=n1\nnode=n2\n", new String(m.encode(), StandardCharsets.UTF_8));
    }

    @Test
    void malformedTextNamesTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IpcMessage.decode("verb=x\nnot an entry\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("line 2:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IpcMessage.decode("v=a\\q\n".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> IpcMessage.decode("v=a".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> IpcMessage.builder().put("bad key", "x"));
    }

    @Test
    void responsesCarryStatusAndExitCodes() {
        assertTrue(IpcMessage.ok().isOk());
        assertEquals(0, IpcMessage.ok().exitCode());
        IpcMessage error = IpcMessage.error(CrmExit.NOSUCH, "No such device or address");
        assertFalse(error.isOk());
        assertEquals(105, error.exitCode());
        assertEquals("No such device or address", error.errorMessage());
        assertEquals(CrmExit.PROTOCOL, IpcMessage.builder().put("x", "y").build().exitCode());
    }

    @Test
    void framesAreLengthPrefixedAndBounded() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        IpcMessage m = IpcMessage.request("node.name").build();
        IpcFrames.write(Channels.newChannel(bytes), m);
        IpcFrames.write(Channels.newChannel(bytes), IpcMessage.ok());
        byte[] wire = bytes.toByteArray();
        assertEquals(m.encode().length, ((wire[0] & 0xff) << 24) | ((wire[1] & 0xff) << 16) | ((wire[2] & 0xff) << 8) | (wire[3] & 0xff));
        var in = Channels.newChannel(new java.io.ByteArrayInputStream(wire));
        assertEquals(m, IpcFrames.read(in).orElseThrow());
        assertEquals(IpcMessage.ok(), IpcFrames.read(in).orElseThrow());
        assertTrue(IpcFrames.read(in).isEmpty());

        byte[] huge = {0x7f, 0, 0, 0};
        assertThrows(IOException.class, () -> IpcFrames.read(Channels.newChannel(new java.io.ByteArrayInputStream(huge))));
        byte[] truncated = java.util.Arrays.copyOf(wire, 6);
        assertThrows(java.io.EOFException.class, () -> IpcFrames.read(Channels.newChannel(new java.io.ByteArrayInputStream(truncated))));
    }
}
