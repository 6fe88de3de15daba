package io.tandem.ipc.client;

import java.io.PrintStream;
import java.util.Map;

/** What a tool run sees: its environment, its output streams and the way to the server. */
public record ToolContext(Map<String, String> env, PrintStream out, PrintStream err, Connector connector) {
    public ToolContext {
        env = Map.copyOf(env);
    }

    String env(String name) {
        String value = env.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * The node an attribute command is about, as Pacemaker's tools pick it (pcmk__node_attr_target): the
     * given name unless it is absent, "auto" or "localhost"; then, inside an agent, the node the cluster
     * runs the action on (the physical host for a container with container-attribute-target=host); else
     * null, which the server takes as the local node.
     */
    String nodeTarget(String given) {
        if (given != null && !given.equalsIgnoreCase("auto") && !given.equalsIgnoreCase("localhost")) {
            return given;
        }
        String physical = env("OCF_RESKEY_CRM_meta_physical_host");
        if (physical != null && "host".equalsIgnoreCase(env("OCF_RESKEY_CRM_meta_container_attribute_target"))) {
            return physical;
        }
        return env("OCF_RESKEY_CRM_meta_on_node");
    }
}
