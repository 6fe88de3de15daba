package io.tandem.scheduler.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Writes the transition graph as Pacemaker's {@code <transition_graph>}: one synapse per action with its inputs. */
final class GraphXml {
    private GraphXml() {
    }

    static String write(WorkingSet ws, List<Action> graph) {
        Map<Action, Integer> ids = new HashMap<>();
        for (Action a : graph) {
            ids.put(a, a.id);
        }
        StringBuilder s = new StringBuilder();
        s.append("<transition_graph cluster-delay=\"60s\" stonith-timeout=\"60s\" failed-stop-offset=\"INFINITY\" failed-start-offset=\"INFINITY\" transition_id=\"0\">\n");
        int synapse = 0;
        for (Action a : graph) {
            s.append("  <synapse id=\"").append(synapse++).append("\">\n    <action_set>\n");
            String tag = a.pseudo ? "pseudo_event" : (a.rsc == null ? "crm_event" : "rsc_op");
            s.append("      <").append(tag).append(" id=\"").append(a.id).append("\" operation=\"").append(esc(a.task))
                    .append("\" operation_key=\"").append(esc(a.key)).append("\"");
            if (a.node != null && !a.pseudo) {
                s.append(" on_node=\"").append(esc(a.node.uname)).append("\" on_node_uuid=\"").append(esc(a.node.id)).append("\"");
            }
            s.append(">\n");
            if (a.rsc != null && !a.pseudo) {
                s.append("        <primitive id=\"").append(esc(GraphSimulation.rscName(a.rsc))).append("\"");
                if (!GraphSimulation.rscName(a.rsc).equals(a.rsc.id)) {
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
            for (Action.Edge e : a.before) {
                if (ids.containsKey(e.action)) {
                    s.append("      <trigger>\n        <").append(e.action.pseudo ? "pseudo_event" : (e.action.rsc == null ? "crm_event" : "rsc_op"))
                            .append(" id=\"").append(e.action.id).append("\" operation_key=\"").append(esc(e.action.key)).append("\"/>\n      </trigger>\n");
                }
            }
            s.append("    </inputs>\n  </synapse>\n");
        }
        s.append("</transition_graph>\n");
        return s.toString();
    }

    private static String esc(String v) {
        return v.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }
}
