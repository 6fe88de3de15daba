package io.tandem.messaging.udp.internal;

import io.tandem.messaging.DropReason;
import io.tandem.messaging.MessagingCounters;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** Counters written by the engine's thread and read by anyone. */
final class Counters {
    private static final int PACKETS_SENT = 0;
    private static final int PACKETS_RECEIVED = 1;
    private static final int BYTES_SENT = 2;
    private static final int BYTES_RECEIVED = 3;
    private static final int MESSAGES_SENT = 4;
    private static final int MESSAGES_DELIVERED = 5;
    private static final int RETRANSMISSIONS = 6;
    private static final int DROPS = 7;

    private final AtomicLongArray values = new AtomicLongArray(DROPS + DropReason.values().length);

    void packetSent(int bytes) {
        values.incrementAndGet(PACKETS_SENT);
        values.addAndGet(BYTES_SENT, bytes);
    }

    void packetReceived(int bytes) {
        values.incrementAndGet(PACKETS_RECEIVED);
        values.addAndGet(BYTES_RECEIVED, bytes);
    }

    void messageSent() {
        values.incrementAndGet(MESSAGES_SENT);
    }

    void messageDelivered() {
        values.incrementAndGet(MESSAGES_DELIVERED);
    }

    void retransmission() {
        values.incrementAndGet(RETRANSMISSIONS);
    }

    void dropped(DropReason reason) {
        values.incrementAndGet(DROPS + reason.ordinal());
    }

    MessagingCounters snapshot() {
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            long v = values.get(DROPS + r.ordinal());
            if (v != 0) {
                drops.put(r, v);
            }
        }
        return new MessagingCounters(values.get(PACKETS_SENT), values.get(PACKETS_RECEIVED), values.get(BYTES_SENT),
                values.get(BYTES_RECEIVED), values.get(MESSAGES_SENT), values.get(MESSAGES_DELIVERED),
                values.get(RETRANSMISSIONS), drops);
    }
}
