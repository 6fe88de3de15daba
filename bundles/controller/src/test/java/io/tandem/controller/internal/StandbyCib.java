package io.tandem.controller.internal;

import io.tandem.cib.Cib;
import io.tandem.controller.edit.AttributeEdits;

/** Test shorthand for the admin edit that sets a node's permanent standby attribute. */
final class StandbyCib {
    private StandbyCib() {
    }

    static Cib standby(Cib cib, String node, boolean on) {
        try {
            return AttributeEdits.standby(cib, node, on, false);
        } catch (Exception e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
