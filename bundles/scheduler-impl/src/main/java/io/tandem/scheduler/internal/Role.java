package io.tandem.scheduler.internal;

/** Resource roles in Pacemaker's order (enum rsc_role_e): comparisons such as role > STARTED matter. */
enum Role {
    UNKNOWN("Unknown"), STOPPED("Stopped"), STARTED("Started"), UNPROMOTED("Unpromoted"), PROMOTED("Promoted");

    final String text;

    Role(String text) {
        this.text = text;
    }

    static Role parse(String s) {
        if (s == null) {
            return UNKNOWN;
        }
        switch (s.toLowerCase()) {
            case "stopped":
                return STOPPED;
            case "started":
                return STARTED;
            case "slave":
            case "unpromoted":
                return UNPROMOTED;
            case "master":
            case "promoted":
                return PROMOTED;
            default:
                return UNKNOWN;
        }
    }

    boolean above(Role o) {
        return ordinal() > o.ordinal();
    }

    boolean below(Role o) {
        return ordinal() < o.ordinal();
    }
}
