package io.tandem.membership.internal;

import io.tandem.common.NodeId;
import io.tandem.messaging.HeartbeatPayloadProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What membership adds to every heartbeat: the sender's installed view (id and coordinator), the highest view
 * id it has seen (so that ids keep growing across partitions and restarts) and its node attributes.
 */
public record HeartbeatPayload(long viewId, NodeId coordinator, long maxViewIdSeen, Map<String, String> attributes) {
    private static final int FORMAT = 1;

    public HeartbeatPayload {
        Objects.requireNonNull(coordinator, "coordinator");
        attributes = Map.copyOf(attributes);
        if (viewId < 0 || maxViewIdSeen < viewId) {
            throw new IllegalArgumentException("view id " + viewId + " / max seen " + maxViewIdSeen + " out of order");
        }
        if (attributes.size() > 255) {
            throw new IllegalArgumentException("too many attributes: " + attributes.size());
        }
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(viewId);
            out.writeUTF(coordinator.name());
            out.writeLong(maxViewIdSeen);
            out.writeByte(attributes.size());
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(attributes).entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] encoded = bytes.toByteArray();
        if (encoded.length > HeartbeatPayloadProvider.MAX_BYTES) {
            throw new IllegalArgumentException("heartbeat payload of " + encoded.length + " bytes exceeds "
                    + HeartbeatPayloadProvider.MAX_BYTES);
        }
        return encoded;
    }

    /** @throws IllegalArgumentException if {@code bytes} is not a payload this version understands */
    public static HeartbeatPayload decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown heartbeat payload format " + format);
            }
            long viewId = in.readLong();
            NodeId coordinator = NodeId.of(in.readUTF());
            long maxSeen = in.readLong();
            int count = in.readUnsignedByte();
            Map<String, String> attributes = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                attributes.put(in.readUTF(), in.readUTF());
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("trailing bytes in heartbeat payload");
            }
            return new HeartbeatPayload(viewId, coordinator, maxSeen, attributes);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated heartbeat payload", e);
        }
    }
}
