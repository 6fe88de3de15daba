package io.tandem.replication.internal;

import io.tandem.replication.internal.Packet.*;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Framing of {@link Packet}s: {@code type:u8 length:u32 body}; bulk data is the tail of the body and is
 * written from the caller's buffer (gathering write) and read as a slice of the received body, no extra copy.
 */
final class Wire {
    static final int HEADER = 5;
    /** Larger than any legal packet: an 8 MiB write plus its header. */
    static final int MAX_BODY = (8 << 20) + 4096;

    private Wire() {
    }

    /** Header+fields buffer and optional bulk buffer, both ready to write. */
    static ByteBuffer[] encode(Packet p) {
        ByteBuffer f = ByteBuffer.allocate(256);
        ByteBuffer bulk = null;
        int type;
        if (p instanceof Report r) {
            type = 1;
            f.putInt(r.round()).putInt(r.protocol()).put((byte) (r.allowTwoPrimaries() ? 1 : 0)).putLong(r.dataBytes())
                    .putLong(r.current()).putLong(r.bitmap()).putLong(r.history0()).putLong(r.history1())
                    .putInt(r.role()).putInt(r.disk()).put((byte) (r.crashedPrimary() ? 1 : 0))
                    .put((byte) (r.discardMyData() ? 1 : 0)).putLong(r.changedBlocks()).putInt(r.sb0())
                    .putInt(r.sb1()).putInt(r.sb2());
        } else if (p instanceof BitmapChunk b) {
            type = 2;
            f.putInt(b.firstWord()).put((byte) (b.last() ? 1 : 0)).putInt(b.words().length);
            bulk = ByteBuffer.allocate(b.words().length * 8);
            bulk.asLongBuffer().put(b.words());
        } else if (p instanceof Data d) {
            type = 3;
            f.putLong(d.seq()).putLong(d.offset());
            bulk = d.data().duplicate();
        } else if (p instanceof RecvAck a) {
            type = 4;
            f.putLong(a.seq());
        } else if (p instanceof WriteAck a) {
            type = 5;
            f.putLong(a.seq());
        } else if (p instanceof NegAck a) {
            type = 6;
            f.putLong(a.seq());
        } else if (p instanceof RsData d) {
            type = 7;
            f.putLong(d.firstBlock());
            bulk = d.data().duplicate();
        } else if (p instanceof RsAck a) {
            type = 8;
            f.putLong(a.firstBlock()).putInt(a.blocks()).put((byte) (a.ok() ? 1 : 0));
        } else if (p instanceof Flush x) {
            type = 9;
            f.putLong(x.seq());
        } else if (p instanceof FlushAck x) {
            type = 10;
            f.putLong(x.seq());
        } else if (p instanceof State s) {
            type = 11;
            f.putInt(s.role()).putInt(s.disk());
        } else if (p instanceof PromoteRequest r) {
            type = 12;
            f.putLong(r.id());
        } else if (p instanceof PromoteReply r) {
            type = 13;
            f.putLong(r.id()).put((byte) (r.granted() ? 1 : 0));
        } else if (p instanceof SyncDone s) {
            type = 14;
            f.putLong(s.current()).putLong(s.bitmap()).putLong(s.history0()).putLong(s.history1());
        } else if (p instanceof VerifyRequest v) {
            type = 15;
            f.putLong(v.firstBlock()).putInt(v.digests().length);
            bulk = ByteBuffer.allocate(v.digests().length * 8);
            bulk.asLongBuffer().put(v.digests());
        } else if (p instanceof VerifyReply v) {
            type = 16;
            f.putLong(v.firstBlock()).putInt(v.blocks()).putInt(v.mismatched().length);
            bulk = ByteBuffer.allocate(v.mismatched().length * 8);
            bulk.asLongBuffer().put(v.mismatched());
        } else if (p instanceof VerifyDone v) {
            type = 17;
            f.putLong(v.checked()).putLong(v.outOfSync());
        } else if (p instanceof ReadRequest r) {
            type = 18;
            f.putLong(r.seq()).putLong(r.offset()).putInt(r.length());
        } else if (p instanceof ReadReply r) {
            type = 19;
            f.putLong(r.seq()).put((byte) (r.ok() ? 1 : 0));
            bulk = r.data() == null ? null : r.data().duplicate();
        } else if (p instanceof Ping x) {
            type = 20;
        } else if (p instanceof PingAck x) {
            type = 21;
        } else if (p instanceof Disconnect d) {
            type = 22;
            byte[] b = d.reason().getBytes(StandardCharsets.UTF_8);
            int n = Math.min(b.length, 200);
            f.putShort((short) n).put(b, 0, n);
        } else {
            throw new IllegalArgumentException("unknown packet " + p);
        }
        int fields = f.position();
        int body = fields + (bulk == null ? 0 : bulk.remaining());
        ByteBuffer head = ByteBuffer.allocate(HEADER + fields);
        head.put((byte) type).putInt(body).put(f.flip());
        head.flip();
        return bulk == null ? new ByteBuffer[] {head} : new ByteBuffer[] {head, bulk};
    }

    static int bodyLength(ByteBuffer header) throws IOException {
        int len = header.getInt(1);
        if (len < 0 || len > MAX_BODY) {
            throw new IOException("bad packet length " + len);
        }
        return len;
    }

    static Packet decode(int type, ByteBuffer b) throws IOException {
        try {
            return switch (type) {
                case 1 -> new Report(b.getInt(), b.getInt(), b.get() == 1, b.getLong(), b.getLong(), b.getLong(),
                        b.getLong(), b.getLong(), b.getInt(), b.getInt(), b.get() == 1, b.get() == 1, b.getLong(),
                        b.getInt(), b.getInt(), b.getInt());
                case 2 -> {
                    int first = b.getInt();
                    boolean last = b.get() == 1;
                    long[] words = new long[b.getInt()];
                    b.asLongBuffer().get(words);
                    yield new BitmapChunk(first, words, last);
                }
                case 3 -> new Data(b.getLong(), b.getLong(), b.slice());
                case 4 -> new RecvAck(b.getLong());
                case 5 -> new WriteAck(b.getLong());
                case 6 -> new NegAck(b.getLong());
                case 7 -> new RsData(b.getLong(), b.slice());
                case 8 -> new RsAck(b.getLong(), b.getInt(), b.get() == 1);
                case 9 -> new Flush(b.getLong());
                case 10 -> new FlushAck(b.getLong());
                case 11 -> new State(b.getInt(), b.getInt());
                case 12 -> new PromoteRequest(b.getLong());
                case 13 -> new PromoteReply(b.getLong(), b.get() == 1);
                case 14 -> new SyncDone(b.getLong(), b.getLong(), b.getLong(), b.getLong());
                case 15 -> {
                    long first = b.getLong();
                    long[] d = new long[b.getInt()];
                    b.asLongBuffer().get(d);
                    yield new VerifyRequest(first, d);
                }
                case 16 -> {
                    long first = b.getLong();
                    int blocks = b.getInt();
                    long[] m = new long[b.getInt()];
                    b.asLongBuffer().get(m);
                    yield new VerifyReply(first, blocks, m);
                }
                case 17 -> new VerifyDone(b.getLong(), b.getLong());
                case 18 -> new ReadRequest(b.getLong(), b.getLong(), b.getInt());
                case 19 -> {
                    long seq = b.getLong();
                    boolean ok = b.get() == 1;
                    yield new ReadReply(seq, ok, b.slice());
                }
                case 20 -> new Ping();
                case 21 -> new PingAck();
                case 22 -> {
                    byte[] s = new byte[b.getShort()];
                    b.get(s);
                    yield new Disconnect(new String(s, StandardCharsets.UTF_8));
                }
                default -> throw new IOException("unknown packet type " + type);
            };
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new IOException("malformed packet of type " + type, e);
        }
    }
}
