package io.tandem.scheduler.internal;

import java.util.List;
import java.util.Map;

/** Writes the transition graph as Pacemaker's {@code <transition_graph>}: one synapse per action with its inputs. */
final class GraphXml {
    private GraphXml() {
    }

    /** @param inputs each action's graph inputs, as {@link GraphSimulation#plan()} computed them */
    static String write(WorkingSet ws, List<Action> graph, Map<Action, List<Action>> inputs) {
        StringBuilder s = new StringBuilder();
        s.append("<transition_graph cluster-delay=\"").append(duration(GraphActions.clusterDelay(ws)))
                .append("\" stonith-timeout=\"").append(duration(GraphActions.stonithTimeout(ws)))
                .append("\" failed-stop-offset=\"INFINITY\" failed-start-offset=\"INFINITY\" batch-limit=\"")
                .append(GraphActions.batchLimit(ws)).append("\" transition_id=\"0\">\n");
        int synapse = 0;
        for (Action a : graph) {
            s.append("  <synapse id=\"").append(synapse++).append("\">\n    <action_set>\n");
            String tag = tag(a);
            s.append("      <").append(tag).append(" id=\"").append(a.id).append("\" operation=\"").append(esc(a.task))
                    .append("\" operation_key=\"").append(esc(a.key)).append("\"");
            if (a.node != null && !a.pseudo) {
                s.append(" on_node=\"").append(esc(a.node.uname)).append("\" on_node_uuid=\"").append(esc(a.node.id)).append("\"");
            }
            s.append(">\n");
            if (a.rsc != null && !a.pseudo) {
                String name = GraphActions.resourceName(a);
                s.append("        <primitive id=\"").append(esc(name)).append("\"");
                if (!name.equals(a.rsc.id)) {
                    s.append(" long-id=\"").append(esc(a.rsc.id)).append("\"");
                }
                s.append(" class=\"").append(esc(String.valueOf(a.rsc.cls))).append("\"");
                if (a.rsc.provider != null) {
                    s.append(" provider=\"").append(esc(a.rsc.provider)).append("\"");
                }
                s.append(" type=\"").append(esc(String.valueOf(a.rsc.type))).append("\"/>\n");
            }
            s.append("        <attributes CRM_meta_interval=\"").append(a.intervalMs).append("\"");
            // the notify_* meta reach the agent as OCF_RESKEY_CRM_meta_notify_* variables
            for (java.util.Map.Entry<String, String> m : new java.util.TreeMap<>(a.meta).entrySet()) {
                if (m.getKey().startsWith("notify_")) {
                    s.append(" CRM_meta_").append(m.getKey()).append("=\"").append(esc(m.getValue())).append("\"");
                }
            }
            s.append("/>\n");
            s.append("      </").append(tag).append(">\n    </action_set>\n    <inputs>\n");
            for (Action first : inputs.getOrDefault(a, List.of())) {
                s.append("      <trigger>\n        <").append(tag(first))
                        .append(" id=\"").append(first.id).append("\" operation_key=\"").append(esc(first.key)).append("\"/>\n      </trigger>\n");
            }
            s.append("    </inputs>\n  </synapse>\n");
        }
        s.append("</transition_graph>\n");
        return s.toString();
    }

    /** action2xml: fencing, shutdown, fail-count clearing and history deletion are crm_events run by the DC. */
    private static String tag(Action a) {
        switch (GraphActions.kind(a)) {
            case PSEUDO:
                return "pseudo_event";
            case CLUSTER:
                return "crm_event";
            default:
                return "rsc_op";
        }
    }

    private static String duration(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static String esc(String v) {
        return v.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }
}
