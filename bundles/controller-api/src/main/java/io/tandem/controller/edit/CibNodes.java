package io.tandem.controller.edit;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import io.tandem.controller.AdminException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster nodes a CIB knows by name. A node's uuid (the {@code id} of its {@code <node>} and {@code <node_state>})
 * names it in attribute ids, as crm_attribute does; its uname is what users type and constraints use.
 */
public final class CibNodes {
    private CibNodes() {
    }

    /** The unames of the nodes section, in document order (the nodes move/ban/clear accept). */
    public static List<String> names(Cib cib) {
        Set<String> out = new LinkedHashSet<>();
        cib.configuration().child("nodes").ifPresent(nodes -> {
            for (CibElement n : nodes.children("node")) {
                String uname = n.attr("uname", n.id());
                if (uname != null) {
                    out.add(uname);
                }
            }
        });
        return new ArrayList<>(out);
    }

    /** The {@code <node>} element of the nodes section with that uname. */
    public static Optional<CibElement> node(Cib cib, String uname) {
        Optional<CibElement> nodes = cib.configuration().child("nodes");
        if (nodes.isEmpty() || uname == null) {
            return Optional.empty();
        }
        for (CibElement n : nodes.get().children("node")) {
            if (uname.equals(n.attr("uname", n.id()))) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /**
     * The uuid of the node with that uname, from the nodes section or else from a status entry ({@code node_state}),
     * as crm_attribute maps a name to a uuid.
     *
     * @throws AdminException INVALID for an empty name, NOT_FOUND for an unknown one
     */
    public static String requireUuid(Cib cib, String uname) throws AdminException {
        requireName(uname);
        Optional<CibElement> n = node(cib, uname);
        if (n.isPresent() && n.get().id() != null) {
            return n.get().id();
        }
        for (CibElement s : cib.status().children("node_state")) {
            if (uname.equals(s.attr("uname")) && s.id() != null) {
                return s.id();
            }
        }
        throw new AdminException(AdminException.Reason.NOT_FOUND, "node '" + uname + "' not found");
    }

    /** Checks that {@code uname} is a configured node (for move, ban and clear, which name it in constraints). */
    public static void requireConfigured(Cib cib, String uname) throws AdminException {
        requireName(uname);
        if (node(cib, uname).isEmpty()) {
            throw new AdminException(AdminException.Reason.NOT_FOUND, "node '" + uname + "' not found");
        }
    }

    private static void requireName(String uname) throws AdminException {
        if (uname == null || uname.isBlank()) {
            throw new AdminException(AdminException.Reason.INVALID, "no node name given");
        }
    }
}
