package io.tandem.membership.internal;

import io.tandem.common.NodeId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The view agreement protocol on channel {@value MembershipEngine#CHANNEL}: propose, ack or nack, commit. */
public sealed interface ViewMessage {
    long viewId();

    /** The coordinator proposes view {@code viewId} with {@code members} (sorted, the coordinator first). */
    record Propose(long viewId, List<NodeId> members) implements ViewMessage {
        public Propose {
            members = List.copyOf(members);
            if (members.isEmpty()) {
                throw new IllegalArgumentException("a proposal needs members");
            }
        }
    }

    /** A member accepts the proposal: it considers the sender the right coordinator. */
    record Ack(long viewId) implements ViewMessage {
    }

    /** A member refuses the proposal; {@code maxViewIdSeen} lets the coordinator choose a higher id next time. */
    record Nack(long viewId, NackReason reason, long maxViewIdSeen) implements ViewMessage {
        public Nack {
            java.util.Objects.requireNonNull(reason, "reason");
        }
    }

    /** Every proposed member acknowledged: install the view. */
    record Commit(long viewId, List<NodeId> members) implements ViewMessage {
        public Commit {
            members = List.copyOf(members);
        }
    }

    enum NackReason {
        /** The member considers another (lower-named, live) node the coordinator. */
        NOT_COORDINATOR,
        /** The member has already seen this view id or a higher one. */
        STALE
    }

    static byte[] encode(ViewMessage message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (message instanceof Propose p) {
                out.writeByte(1);
                out.writeLong(p.viewId());
                writeNodes(out, p.members());
            } else if (message instanceof Ack a) {
                out.writeByte(2);
                out.writeLong(a.viewId());
            } else if (message instanceof Nack n) {
                out.writeByte(3);
                out.writeLong(n.viewId());
                out.writeByte(n.reason().ordinal());
                out.writeLong(n.maxViewIdSeen());
            } else if (message instanceof Commit c) {
                out.writeByte(4);
                out.writeLong(c.viewId());
                writeNodes(out, c.members());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException for anything malformed */
    static ViewMessage decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int type = in.readUnsignedByte();
            long viewId = in.readLong();
            ViewMessage message = switch (type) {
                case 1 -> new Propose(viewId, readNodes(in));
                case 2 -> new Ack(viewId);
                case 3 -> {
                    int reason = in.readUnsignedByte();
                    if (reason >= NackReason.values().length) {
                        throw new IllegalArgumentException("unknown nack reason " + reason);
                    }
                    yield new Nack(viewId, NackReason.values()[reason], in.readLong());
                }
                case 4 -> new Commit(viewId, readNodes(in));
                default -> throw new IllegalArgumentException("unknown membership message type " + type);
            };
            if (in.available() != 0) {
                throw new IllegalArgumentException("trailing bytes in membership message");
            }
            return message;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated membership message", e);
        }
    }

    private static void writeNodes(DataOutputStream out, List<NodeId> nodes) throws IOException {
        out.writeShort(nodes.size());
        for (NodeId node : nodes) {
            out.writeUTF(node.name());
        }
    }

    private static List<NodeId> readNodes(DataInputStream in) throws IOException {
        int count = in.readUnsignedShort();
        List<NodeId> nodes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            nodes.add(NodeId.of(in.readUTF()));
        }
        return nodes;
    }
}
