package io.tandem.shell.internal.admin;

import io.tandem.controller.AdminException;
import io.tandem.ipc.CrmExit;

/**
 * The exit codes of the admin verbs: Pacemaker's {@code crm_exit_t}, chosen as crm_resource 2.1.5 chooses them
 * (checked by running it on a CIB file: a resource or node that does not exist gives 105, moving a resource to the
 * node it is on 108, a malformed lifetime 64).
 */
final class ExitCodes {
    static final int OK = CrmExit.OK;
    static final int USAGE = CrmExit.USAGE;
    static final int DATAERR = CrmExit.DATAERR;
    static final int NOINPUT = CrmExit.NOINPUT;
    static final int CANTCREAT = CrmExit.CANTCREAT;
    static final int DISCONNECT = CrmExit.DISCONNECT;
    static final int OLD = CrmExit.OLD;
    static final int NOSUCH = CrmExit.NOSUCH;
    static final int EXISTS = CrmExit.EXISTS;

    private ExitCodes() {
    }

    static int of(AdminException.Reason reason) {
        return switch (reason) {
            case INVALID -> USAGE;
            case NOT_FOUND -> NOSUCH;
            case CONFLICT -> EXISTS;
            case UNAVAILABLE -> DISCONNECT;
            case STALE -> OLD;
        };
    }
}
