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
    /** An input file that cannot be read. */
    public static final int NOINPUT = 66;
    public static final int NOHOST = 68;
    public static final int SOFTWARE = 70;
    /** An output file that cannot be written. */
    public static final int CANTCREAT = 73;
    public static final int PROTOCOL = 76;
    public static final int DISCONNECT = 102;
    /** The update was older than the existing configuration (a concurrent change won). */
    public static final int OLD = 103;
    public static final int NOSUCH = 105;
    public static final int QUORUM = 106;
    /** The requested item already exists (crm_resource --move to the node the resource is on). */
    public static final int EXISTS = 108;

    private CrmExit() {
    }
}
