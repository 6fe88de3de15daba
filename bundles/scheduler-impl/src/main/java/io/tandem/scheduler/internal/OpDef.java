package io.tandem.scheduler.internal;

import io.tandem.cib.CibElement;
import java.util.Map;

/** A configured operation ({@code <op>} under a primitive) with its meta attributes resolved. */
record OpDef(String id, String name, long intervalMs, Role role, Map<String, String> meta, boolean enabled, CibElement xml) {
    String key(String rscId) {
        return rscId + "_" + name + "_" + intervalMs;
    }
}
