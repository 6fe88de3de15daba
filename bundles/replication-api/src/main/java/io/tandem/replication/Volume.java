package io.tandem.replication;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One replicated volume on this node: a block store of {@link #sizeBytes()} bytes that is mirrored to the
 * peer, plus DRBD's administrative verbs. I/O is allowed on the Primary only; it may be called from many
 * threads. The verbs are {@code drbdadm}'s: {@link #primary(boolean)}, {@link #secondary()},
 * {@link #connect(boolean)}, {@link #disconnect()}, {@link #verify()}, {@link #close()} (down).
 */
@ProviderType
public interface Volume extends AutoCloseable {
    /** Largest single read or write. */
    int MAX_IO_BYTES = 8 << 20;

    String name();

    /** Usable bytes (the backing store minus internal metadata, or the configured size). */
    long sizeBytes();

    /**
     * Reads {@code dst.remaining()} bytes at {@code offset}; from the peer if this node is diskless.
     *
     * @throws IOException if not Primary, out of range, or the data cannot be read
     */
    void read(long offset, ByteBuffer dst) throws IOException;

    /**
     * Writes {@code src.remaining()} bytes at {@code offset}, returning when the protocol's guarantee holds
     * (A: written locally and sent, B: also received by the peer, C: also written by the peer). While the peer
     * is away the write is local only and its blocks are remembered as out of sync.
     *
     * @throws IOException if not Primary, out of range, or the disk failed under on-io-error pass_on
     */
    void write(long offset, ByteBuffer src) throws IOException;

    /** Makes every completed write durable: locally, and under protocol C on the peer's disk too. */
    void flush() throws IOException;

    VolumeStatus status();

    /** Becomes Primary; {@code force} also on an Inconsistent or Outdated disk (first sync: its data wins). */
    void primary(boolean force);

    /** Becomes Secondary; refused while {@link #open() opened}. */
    void secondary();

    /**
     * Marks the volume in use (a mounted file system, an exported device): it then refuses to become Secondary.
     * Close the handle to release it.
     */
    AutoCloseable open();

    /** Starts connecting (from StandAlone); {@code discardMyData} makes this node the loser of a split brain. */
    void connect(boolean discardMyData);

    /** Drops the connection and stays StandAlone. */
    void disconnect();

    /** Starts an online verify of every block against the peer (this node becomes VerifyS). */
    void verify();

    /** Marks the local disk Outdated (only while Secondary and not connected), as {@code drbdadm outdate}. */
    void outdate();

    AutoCloseable addListener(VolumeListener listener);

    /** Takes the volume down cleanly: disconnects, writes its metadata, closes the backing store. */
    @Override
    void close();
}
