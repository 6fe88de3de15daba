package io.tandem.scheduler;

import io.tandem.cib.Cib;
import java.time.Instant;

/**
 * Renders a CIB as {@code crm_mon --one-shot} (Pacemaker 2.1.5) prints it: "Cluster Summary" (stack, current DC
 * from the root's {@code dc-uuid} and {@code have-quorum}, last updated/last change, counts), "Node List",
 * "Full List of Resources", and with the options node attributes, fail counts ("Migration Summary"), failed
 * actions and inactive resources. Pure, like the scheduler.
 *
 * @since 1.1
 */
public interface StatusRenderer {
    /**
     * @param showInactive    crm_mon {@code -r}: list stopped resources too
     * @param showFailCounts  crm_mon {@code -f}: the "Migration Summary" with fail counts
     * @param showAttributes  crm_mon {@code -A}: the "Node Attributes" section
     * @param stack           what the Stack line says (Tandem says its own name and version)
     */
    record Options(boolean showInactive, boolean showFailCounts, boolean showAttributes, String stack) {
        public Options {
            stack = stack == null ? "tandem" : stack;
        }

        public static Options defaults() {
            return new Options(false, false, false, "tandem");
        }
    }

    String render(Cib cib, Instant now, Options options);
}
