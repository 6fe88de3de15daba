package io.tandem.attributes.internal;

import io.tandem.attributes.internal.TransientState.Entry;
import io.tandem.common.NodeId;
import io.tandem.attributes.internal.TransientState.NodeBatch;
import io.tandem.attributes.internal.TransientState.Version;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One message of the attribute protocol on channel {@value #CHANNEL}.
 *
 * <p>Wire format (big-endian): byte {@value #FORMAT}; byte kind (1 update, 2 sync); int node count; per node:
 * string node, long epoch, int entry count; per entry: string name, byte present (1) or deleted (0),
 * [string value], long stamp, string writer. A string is an int byte count and UTF-8.
 *
 * @param kind {@link Kind#UPDATE}: new writes, merged and never answered; {@link Kind#SYNC}: the sender's whole
 *             table, merged and answered with an update holding whatever the sender lacks
 */
record AttrdMessage(Kind kind, List<NodeBatch> nodes) {
    static final String CHANNEL = "attrd";
    static final int FORMAT = 1;
    private static final int MAX_COUNT = 1 << 20;

    enum Kind {
        UPDATE(1), SYNC(2);

        final int code;

        Kind(int code) {
            this.code = code;
        }

        static Kind of(int code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown attrd message kind " + code);
        }
    }

    AttrdMessage {
        Objects.requireNonNull(kind, "kind");
        nodes = List.copyOf(nodes);
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeByte(kind.code);
            out.writeInt(nodes.size());
            for (NodeBatch b : nodes) {
                writeString(out, b.node());
                out.writeLong(b.epoch());
                out.writeInt(b.entries().size());
                for (Entry e : b.entries()) {
                    writeString(out, e.name());
                    out.writeByte(e.value() == null ? 0 : 1);
                    if (e.value() != null) {
                        writeString(out, e.value());
                    }
                    out.writeLong(e.version().stamp());
                    writeString(out, e.version().writer());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException naming what is wrong with a malformed message */
    static AttrdMessage decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unsupported attrd message format " + format + " (this node speaks " + FORMAT + ")");
            }
            Kind kind = Kind.of(in.readUnsignedByte());
            int nodeCount = count(in, "node");
            List<NodeBatch> nodes = new ArrayList<>(Math.min(nodeCount, 64));
            for (int i = 0; i < nodeCount; i++) {
                String node = readString(in, "node name");
                try {
                    NodeId.of(node);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("attrd message names an invalid node: " + e.getMessage());
                }
                long epoch = in.readLong();
                int entryCount = count(in, "entry");
                List<Entry> entries = new ArrayList<>(Math.min(entryCount, 256));
                for (int j = 0; j < entryCount; j++) {
                    String name = readString(in, "attribute name");
                    int present = in.readUnsignedByte();
                    if (present > 1) {
                        throw new IllegalArgumentException("bad presence flag " + present + " for attribute " + name + " of " + node);
                    }
                    String value = present == 1 ? readString(in, "value") : null;
                    long stamp = in.readLong();
                    String writer = readString(in, "writer");
                    entries.add(new Entry(name, value, new Version(stamp, writer)));
                }
                nodes.add(new NodeBatch(node, epoch, entries));
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException("trailing bytes after the attrd message");
            }
            return new AttrdMessage(kind, nodes);
        } catch (EOFException e) {
            throw new IllegalArgumentException("truncated attrd message (" + payload.length + " bytes)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int count(DataInputStream in, String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_COUNT) {
            throw new IllegalArgumentException("bad " + what + " count " + n);
        }
        return n;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in, String what) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IllegalArgumentException("bad length " + n + " of " + what);
        }
        if (n > in.available()) {
            throw new IllegalArgumentException("truncated attrd message: " + what + " of " + n + " bytes, " + in.available() + " left");
        }
        byte[] b = in.readNBytes(n);
        return new String(b, StandardCharsets.UTF_8);
    }
}
