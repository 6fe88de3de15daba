package io.tandem.controller.internal;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;

/** Test shorthand: a location preference as {@code crm configure location} writes it. */
final class ConstraintCib {
    private ConstraintCib() {
    }

    static Cib prefer(Cib cib, String rsc, String node) {
        CibElement config = cib.configuration();
        CibElement constraints = config.child("constraints").orElse(CibElement.of("constraints"));
        CibElement loc = CibElement.of("rsc_location", "id", "loc-" + rsc + "-" + node, "rsc", rsc, "node", node, "score", "100");
        return StatusEdits.withConfiguration(cib, config.withReplacedChild(constraints.withChild(loc)));
    }
}
