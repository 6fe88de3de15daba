package io.tandem.replication.device.internal;

import io.tandem.replication.Volume;
import java.io.IOException;
import java.nio.ByteBuffer;

/** The bytes a FUSE file serves: a replicated volume, or (for the benchmark's baseline) a plain local file. */
interface BlockTarget {
    long sizeBytes();

    void read(long offset, ByteBuffer dst) throws IOException;

    void write(long offset, ByteBuffer src) throws IOException;

    /** Durable when this returns (for a volume: on both nodes under protocol C). */
    void flush() throws IOException;

    static BlockTarget of(Volume volume) {
        return new BlockTarget() {
            @Override
            public long sizeBytes() {
                return volume.sizeBytes();
            }

            @Override
            public void read(long offset, ByteBuffer dst) throws IOException {
                volume.read(offset, dst);
            }

            @Override
            public void write(long offset, ByteBuffer src) throws IOException {
                volume.write(offset, src);
            }

            @Override
            public void flush() throws IOException {
                volume.flush();
            }

            @Override
            public String toString() {
                return "volume " + volume.name();
            }
        };
    }
}
