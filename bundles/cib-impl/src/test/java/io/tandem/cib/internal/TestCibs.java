package io.tandem.cib.internal;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import io.tandem.cib.CibUpdate;

/** Small valid CIBs and edits of them. */
final class TestCibs {
    private TestCibs() {
    }

    static CibUpdate addPrimitive(String id) {
        return CibUpdate.of("add " + id, cib -> {
            CibElement resources = cib.configuration().child("resources").orElseThrow();
            CibElement primitive = CibElement.of("primitive", "id", id, "class", "ocf", "provider", "heartbeat", "type", "Dummy");
            return withConfigurationSection(cib, resources.withChild(primitive));
        });
    }

    /** A status change: the node's state element gets attribute {@code key=value} (created when missing). */
    static CibUpdate setNodeState(String node, String key, String value) {
        return CibUpdate.of("node " + node + " " + key, cib -> {
            CibElement status = cib.status();
            CibElement state = status.findById(node).orElse(CibElement.of("node_state", "id", node, "uname", node));
            CibElement updated = state.withAttribute(key, value);
            java.util.List<CibElement> children = new java.util.ArrayList<>(status.children());
            int i = children.indexOf(state);
            if (i >= 0) {
                children.set(i, updated);
            } else {
                children.add(updated);
            }
            return new Cib(cib.root().withReplacedChild(status.withChildren(children)));
        });
    }

    static Cib withConfigurationSection(Cib cib, CibElement section) {
        return new Cib(cib.root().withReplacedChild(cib.configuration().withReplacedChild(section)));
    }
}
