package io.tandem.membership.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.NodeId;
import io.tandem.messaging.HeartbeatPayloadProvider;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodecTest {
    @Test
    void heartbeatPayloadRoundTripsAndStaysSmall() {
        HeartbeatPayload payload = new HeartbeatPayload(17, NodeId.of("prmdbbk01"), 19, Map.of("ping-connectivity", "200"));
        byte[] bytes = payload.encode();
        assertEquals(payload, HeartbeatPayload.decode(bytes));
        assertTrue(bytes.length < 64, bytes.length + " bytes");
    }

    @Test
    void heartbeatPayloadRefusesToOutgrowTheHeartbeat() {
        HeartbeatPayload big = new HeartbeatPayload(1, NodeId.of("a"), 1, Map.of("k", "x".repeat(HeartbeatPayloadProvider.MAX_BYTES)));
        assertThrows(IllegalArgumentException.class, big::encode);
    }

    @Test
    void malformedPayloadsAreRejected() {
        byte[] good = new HeartbeatPayload(1, NodeId.of("a"), 2, Map.of()).encode();
        assertThrows(IllegalArgumentException.class, () -> HeartbeatPayload.decode(Arrays.copyOf(good, good.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> HeartbeatPayload.decode(Arrays.copyOf(good, good.length + 1)));
        byte[] otherFormat = good.clone();
        otherFormat[0] = 9;
        assertThrows(IllegalArgumentException.class, () -> HeartbeatPayload.decode(otherFormat));
        assertThrows(IllegalArgumentException.class, () -> new HeartbeatPayload(5, NodeId.of("a"), 4, Map.of()));
    }

    @Test
    void viewMessagesRoundTrip() {
        List<NodeId> members = List.of(NodeId.of("a"), NodeId.of("b"));
        for (ViewMessage message : List.of(new ViewMessage.Propose(3, members), new ViewMessage.Ack(3),
                new ViewMessage.Nack(3, ViewMessage.NackReason.STALE, 9), new ViewMessage.Commit(3, members))) {
            byte[] bytes = ViewMessage.encode(message);
            assertEquals(message, ViewMessage.decode(bytes));
            assertArrayEquals(bytes, ViewMessage.encode(ViewMessage.decode(bytes)));
        }
    }

    @Test
    void malformedViewMessagesAreRejected() {
        byte[] commit = ViewMessage.encode(new ViewMessage.Commit(3, List.of(NodeId.of("a"))));
        assertThrows(IllegalArgumentException.class, () -> ViewMessage.decode(Arrays.copyOf(commit, 5)));
        assertThrows(IllegalArgumentException.class, () -> ViewMessage.decode(new byte[] {7, 0, 0, 0, 0, 0, 0, 0, 1}));
        byte[] nack = ViewMessage.encode(new ViewMessage.Nack(3, ViewMessage.NackReason.STALE, 9));
        nack[9] = 42;
        assertThrows(IllegalArgumentException.class, () -> ViewMessage.decode(nack));
    }
}
