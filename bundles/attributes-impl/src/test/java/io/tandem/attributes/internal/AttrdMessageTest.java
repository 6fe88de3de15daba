package io.tandem.attributes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.attributes.internal.TransientState.Entry;
import io.tandem.attributes.internal.TransientState.NodeBatch;
import io.tandem.attributes.internal.TransientState.Version;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttrdMessageTest {
    private static final AttrdMessage SAMPLE = new AttrdMessage(AttrdMessage.Kind.SYNC, List.of(
            new NodeBatch("node1", 7, List.of(new Entry("pingd", "100", new Version(1_790_000_000_123L, "node2")),
                    new Entry("fail-count-db#monitor_10000", null, new Version(5, "node1")))),
            new NodeBatch("node2", 0, List.of(new Entry("note", "tab\there, ünïcode", new Version(9, "node1"))))));

    @Test
    void roundTripsEveryField() {
        assertEquals(SAMPLE, AttrdMessage.decode(SAMPLE.encode()));
        AttrdMessage empty = new AttrdMessage(AttrdMessage.Kind.UPDATE, List.of());
        assertEquals(empty, AttrdMessage.decode(empty.encode()));
    }

    @Test
    void malformedMessagesAreRejectedWithTheReason() {
        byte[] bytes = SAMPLE.encode();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AttrdMessage.decode(Arrays.copyOf(bytes, bytes.length - 3)))
                .getMessage().contains("truncated"));
        byte[] future = bytes.clone();
        future[0] = 9;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AttrdMessage.decode(future)).getMessage()
                .contains("unsupported attrd message format 9"));
        byte[] kind = bytes.clone();
        kind[1] = 3;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AttrdMessage.decode(kind)).getMessage()
                .contains("kind 3"));
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AttrdMessage.decode(longer)).getMessage()
                .contains("trailing"));
        byte[] badNode = new AttrdMessage(AttrdMessage.Kind.UPDATE, List.of(new NodeBatch("no good", 1, List.of()))).encode();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AttrdMessage.decode(badNode)).getMessage()
                .contains("invalid node"));
    }
}
