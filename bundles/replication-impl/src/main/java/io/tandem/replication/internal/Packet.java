package io.tandem.replication.internal;

import java.nio.ByteBuffer;

/** The messages two engines exchange on their TCP connection after authentication. */
sealed interface Packet {
    /** Handshake: parameters, generation ids and state of one node; {@code round} numbers re-handshakes. */
    record Report(int round, int protocol, boolean allowTwoPrimaries, long dataBytes, long current, long bitmap,
            long history0, long history1, int role, int disk, boolean crashedPrimary, boolean discardMyData,
            long changedBlocks, int sb0, int sb1, int sb2) implements Packet { }

    /** A slice of the sender's bitmap during WFBitMapS/T; {@code last} ends it. */
    record BitmapChunk(int firstWord, long[] words, boolean last) implements Packet { }

    /** A replicated application write, applied by the peer in stream order. */
    record Data(long seq, long offset, ByteBuffer data) implements Packet { }

    record RecvAck(long seq) implements Packet { }

    record WriteAck(long seq) implements Packet { }

    /** The peer could not write: the blocks stay out of sync. */
    record NegAck(long seq) implements Packet { }

    /** Resync data: {@code data} holds whole blocks starting at {@code firstBlock}. */
    record RsData(long firstBlock, ByteBuffer data) implements Packet { }

    record RsAck(long firstBlock, int blocks, boolean ok) implements Packet { }

    record Flush(long seq) implements Packet { }

    record FlushAck(long seq) implements Packet { }

    record State(int role, int disk) implements Packet { }

    record PromoteRequest(long id) implements Packet { }

    record PromoteReply(long id, boolean granted) implements Packet { }

    /** The source's generation ids after a finished resync; the target adopts them. */
    record SyncDone(long current, long bitmap, long history0, long history1) implements Packet { }

    record VerifyRequest(long firstBlock, long[] digests) implements Packet { }

    record VerifyReply(long firstBlock, int blocks, long[] mismatched) implements Packet { }

    record VerifyDone(long checked, long outOfSync) implements Packet { }

    record ReadRequest(long seq, long offset, int length) implements Packet { }

    record ReadReply(long seq, boolean ok, ByteBuffer data) implements Packet { }

    record Ping() implements Packet { }

    record PingAck() implements Packet { }

    /** The sender is disconnecting on purpose (reason for the log). */
    record Disconnect(String reason) implements Packet { }
}
