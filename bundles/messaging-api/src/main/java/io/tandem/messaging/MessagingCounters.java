package io.tandem.messaging;

import java.util.Map;

/** Cumulative counters since the messenger started. */
public record MessagingCounters(long packetsSent, long packetsReceived, long bytesSent, long bytesReceived,
                                long messagesSent, long messagesDelivered, long retransmissions,
                                Map<DropReason, Long> dropped) {
    public MessagingCounters {
        dropped = Map.copyOf(dropped);
    }

    public long dropped(DropReason reason) {
        return dropped.getOrDefault(reason, 0L);
    }
}
