package io.tandem.scheduler.internal;

import java.util.Locale;
import java.util.Map;

/**
 * Node health (pe_health.c, pcmk__apply_node_health): "#health*" node attributes turned into a location score for
 * every resource on that node, according to the node-health-strategy cluster option.
 */
final class NodeHealth {
    enum Strategy { NONE, NO_RED, ONLY_GREEN, PROGRESSIVE, CUSTOM }

    private final Strategy strategy;
    private final int red;
    private final int yellow;
    private final int green;
    private final int base;

    private NodeHealth(WorkingSet ws) {
        strategy = strategy(ws.config.get("node-health-strategy"));
        switch (strategy) {
            case NONE:
                red = 0;
                yellow = 0;
                green = 0;
                break;
            case NO_RED:
                red = -Scores.INFINITY;
                yellow = 0;
                green = 0;
                break;
            case ONLY_GREEN:
                red = -Scores.INFINITY;
                yellow = -Scores.INFINITY;
                green = 0;
                break;
            default:
                red = option(ws, "node-health-red");
                yellow = option(ws, "node-health-yellow");
                green = option(ws, "node-health-green");
                break;
        }
        base = strategy == Strategy.PROGRESSIVE ? option(ws, "node-health-base") : 0;
    }

    static NodeHealth of(WorkingSet ws) {
        return new NodeHealth(ws);
    }

    private static Strategy strategy(String value) {
        if (value == null) {
            return Strategy.NONE;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "migrate-on-red":
                return Strategy.NO_RED;
            case "only-green":
                return Strategy.ONLY_GREEN;
            case "progressive":
                return Strategy.PROGRESSIVE;
            case "custom":
                return Strategy.CUSTOM;
            default:
                return Strategy.NONE;
        }
    }

    private static int option(WorkingSet ws, String name) {
        return Scores.parse(ws.config.getOrDefault(name, "0"));
    }

    /** char2score for a health attribute: the colours map to this strategy's scores. */
    private int score(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "red":
                return red;
            case "yellow":
                return yellow;
            case "green":
                return green;
            default:
                return Scores.parse(v);
        }
    }

    /** pe__sum_node_health_scores: the base plus every "#health*" attribute of the node. */
    int sum(Node node) {
        int health = base;
        for (Map.Entry<String, String> e : node.attrs.entrySet()) {
            if (e.getKey().startsWith("#health") && e.getValue() != null) {
                health = Scores.add(score(e.getValue()), health);
            }
        }
        return health;
    }

    /** pe__node_health: 1 green, 0 yellow, -1 red (always green without a strategy). */
    int state(Node node) {
        if (strategy == Strategy.NONE) {
            return 1;
        }
        int rc = 1;
        for (Map.Entry<String, String> e : node.attrs.entrySet()) {
            if (!e.getKey().startsWith("#health") || e.getValue() == null) {
                continue;
            }
            String v = e.getValue().trim().toLowerCase(Locale.ROOT);
            if ("red".equals(v)) {
                return -1;
            } else if ("yellow".equals(v)) {
                rc = 0;
            } else if (!"green".equals(v)) {
                int s = Scores.parse(v);
                if (red < 0 && s <= red) {
                    return -1;
                } else if (s < 0) {
                    rc = 0;
                }
            }
        }
        return rc;
    }

    /**
     * pcmk__apply_node_health: a non-zero overall health becomes a location preference of every top-level resource
     * for the node; negative health spares resources with allow-unhealthy-nodes=true.
     */
    static void apply(WorkingSet ws) {
        NodeHealth h = of(ws);
        if (h.strategy == Strategy.NONE) {
            return;
        }
        String id = ws.config.get("node-health-strategy");
        for (Node node : ws.nodes) {
            int health = h.sum(node);
            if (health == 0) {
                continue;
            }
            for (Resource rsc : ws.resources) {
                if (health < 0 && Rules.isTrue(rsc.meta.get("allow-unhealthy-nodes"))) {
                    continue;
                }
                Location l = new Location(id, rsc, Role.UNKNOWN, null);
                l.nodes.put(node, health);
                ws.locations.add(l);
            }
        }
    }
}
