package io.tandem.replication;

/** The connection state of a volume, spelled as DRBD 8 spells it in /proc/drbd ({@code cs:}). */
public enum ConnectionState {
    STAND_ALONE("StandAlone"),
    DISCONNECTING("Disconnecting"),
    UNCONNECTED("Unconnected"),
    TIMEOUT("Timeout"),
    BROKEN_PIPE("BrokenPipe"),
    NETWORK_FAILURE("NetworkFailure"),
    PROTOCOL_ERROR("ProtocolError"),
    TEAR_DOWN("TearDown"),
    WF_CONNECTION("WFConnection"),
    WF_REPORT_PARAMS("WFReportParams"),
    CONNECTED("Connected"),
    STARTING_SYNC_S("StartingSyncS"),
    STARTING_SYNC_T("StartingSyncT"),
    WF_BITMAP_S("WFBitMapS"),
    WF_BITMAP_T("WFBitMapT"),
    WF_SYNC_UUID("WFSyncUUID"),
    SYNC_SOURCE("SyncSource"),
    SYNC_TARGET("SyncTarget"),
    VERIFY_S("VerifyS"),
    VERIFY_T("VerifyT"),
    PAUSED_SYNC_S("PausedSyncS"),
    PAUSED_SYNC_T("PausedSyncT");

    private final String drbdName;

    ConnectionState(String drbdName) {
        this.drbdName = drbdName;
    }

    public String drbdName() {
        return drbdName;
    }

    /** True from Connected on: the peer is there and its state is known. */
    public boolean isConnected() {
        return ordinal() >= CONNECTED.ordinal();
    }

    /** True while a resync runs or is paused. */
    public boolean isSyncing() {
        return this == SYNC_SOURCE || this == SYNC_TARGET || this == PAUSED_SYNC_S || this == PAUSED_SYNC_T;
    }

    public static ConnectionState fromDrbdName(String name) {
        for (ConnectionState s : values()) {
            if (s.drbdName.equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown connection state: " + name);
    }

    @Override
    public String toString() {
        return drbdName;
    }
}
