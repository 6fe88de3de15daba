package io.tandem.cli;

import io.tandem.cib.CibElement;
import io.tandem.cib.CibParseException;
import io.tandem.cib.CibXml;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Draws a {@code <transition_graph>} in crm_simulate's dot layout: one line per action, one per ordering, body
 * sorted. Only actions in the graph are drawn (crm_simulate also draws optional and unrunnable ones, dashed),
 * and a pseudo-action carries its node only when the graph names it.
 */
public final class GraphDot {
    private GraphDot() {
    }

    public static String render(String graphXml) throws CibParseException {
        CibElement graph = CibXml.parse(graphXml, "transition graph");
        Map<String, String> labels = new HashMap<>();
        Map<String, String> kinds = new HashMap<>();
        graph.walk(e -> {
            if (isAction(e) && e.attr("id") != null) {
                labels.putIfAbsent(e.attr("id"), label(e));
                kinds.putIfAbsent(e.attr("id"), e.name());
            }
        });
        TreeSet<String> body = new TreeSet<>();
        for (CibElement synapse : graph.children("synapse")) {
            for (CibElement set : synapse.children("action_set")) {
                for (CibElement action : set.children()) {
                    String id = action.attr("id");
                    String to = labels.get(id);
                    String font = "pseudo_event".equals(action.name()) ? "orange" : "black";
                    body.add("\"" + to + "\" [ style=bold color=\"green\" fontcolor=\"" + font + "\"]");
                    for (CibElement inputs : synapse.children("inputs")) {
                        for (CibElement trigger : inputs.children("trigger")) {
                            for (CibElement in : trigger.children()) {
                                String from = labels.getOrDefault(in.attr("id"), label(in));
                                body.add("\"" + from + "\" -> \"" + to + "\" [ style = bold]");
                            }
                        }
                    }
                }
            }
        }
        StringBuilder sb = new StringBuilder(" digraph \"g\" {\n");
        body.forEach(l -> sb.append(l).append('\n'));
        return sb.append("}\n").toString();
    }

    private static boolean isAction(CibElement e) {
        return e.name().equals("rsc_op") || e.name().equals("pseudo_event") || e.name().equals("crm_event");
    }

    private static String label(CibElement e) {
        String node = e.attr("on_node");
        if (e.name().equals("crm_event") && "stonith".equals(e.attr("operation"))) {
            String action = "reboot";
            for (CibElement a : e.children("attributes")) {
                action = a.attr("CRM_meta_stonith_action", action);
            }
            return "stonith '" + action + "' " + node;
        }
        String key = e.attr("operation_key", e.attr("operation", "?"));
        return node == null ? key : key + " " + node;
    }
}
