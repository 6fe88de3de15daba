package io.tandem.replication.internal;

import io.tandem.replication.ReplicationService;
import java.nio.file.Path;
import java.util.Optional;

/** Opens the replication service's test constructor to the agent's tests (same package, test class path only). */
public final class TestServices {
    private TestServices() {
    }

    /** A service for {@code node} reading {@code drbdConf}, keeping its state (and relative disks) in {@code state}. */
    public static ReplicationServiceImpl start(Path drbdConf, String node, Path state) {
        return new ReplicationServiceImpl(new ReplicationServiceImpl.Settings(Optional.of(drbdConf), node), state,
                p -> { }, () -> node);
    }

    public static void close(ReplicationService s) {
        ((ReplicationServiceImpl) s).close();
    }
}
