package io.tandem.executor;

import io.tandem.common.ParameterDigest;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pacemaker's operation digest ({@code op-digest} of an {@code lrm_rsc_op}): md5 over the text
 * {@code " <parameters k=\"v\" .../>\n"} with the attributes sorted by name, after dropping every
 * {@code CRM_meta_*} key and {@code crm_feature_set}; recurring operations keep {@code CRM_meta_timeout}.
 * Values are escaped as Pacemaker's XML dumper does. Checked against Pacemaker's regression corpus:
 * no parameters gives {@code f2317cad3d54cec5d7d7aa7d0bf35cf8}.
 */
public final class OperationDigest {
    private OperationDigest() {
    }

    /** The digest of exactly these attributes (already filtered). */
    public static String of(Map<String, String> attributes) {
        return ParameterDigest.of(attributes);
    }

    /**
     * The digest the controller records for an operation: the resource's instance parameters (without meta
     * attributes), {@code OCF_CHECK_LEVEL} when the operation sets a depth, and {@code CRM_meta_timeout} in ms for
     * recurring operations.
     */
    public static String forOperation(Map<String, String> parameters, OperationSpec operation) {
        Map<String, String> filtered = new TreeMap<>();
        parameters.forEach((k, v) -> {
            if (!k.startsWith("CRM_meta_") && !k.equals("crm_feature_set")) {
                filtered.put(k, v);
            }
        });
        if (operation.checkLevel() != 0) {
            filtered.put("OCF_CHECK_LEVEL", Integer.toString(operation.checkLevel()));
        }
        if (operation.isRecurring()) {
            filtered.put("CRM_meta_timeout", Long.toString(operation.timeout().toMillis()));
        }
        return of(filtered);
    }

}
