package io.tandem.ipc;

/** Pacemaker's tool exit codes ({@code crm_exit_t}) that Tandem's handlers and tools use. */
public final class CrmExit {
    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int INVALID_PARAM = 2;
    public static final int UNIMPLEMENT_FEATURE = 3;
    public static final int INSUFFICIENT_PRIV = 4;
    public static final int USAGE = 64;
    public static final int DATAERR = 65;
    public static final int NOHOST = 68;
    public static final int SOFTWARE = 70;
    public static final int PROTOCOL = 76;
    public static final int DISCONNECT = 102;
    public static final int NOSUCH = 105;
    public static final int QUORUM = 106;

    private CrmExit() {
    }
}
