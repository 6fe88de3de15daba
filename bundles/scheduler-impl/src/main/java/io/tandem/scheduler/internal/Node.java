package io.tandem.scheduler.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A cluster node as the scheduler sees it (pe_node_t + its shared details). */
final class Node {
    final String id;
    final String uname;
    final String type;
    final Map<String, String> attrs = new LinkedHashMap<>();
    final Map<String, String> utilization = new LinkedHashMap<>();
    boolean online;
    boolean unclean;
    boolean shutdown;
    boolean standby;
    boolean standbyOnFail;
    boolean pending;
    boolean maintenance;
    boolean expectedUp;
    boolean unseen = true;
    boolean isDc;
    boolean remoteRequiresReset;
    /** Fixed base weight: -INFINITY for nodes that cannot run anything. */
    int weight;
    /** Resources assigned to this node so far (details->num_resources), used to break score ties. */
    int numResources;
    final List<Resource> running = new ArrayList<>();
    String fenceReason;
    int index;
    /** Failures' index of this node's fail-count attributes (a cache, rebuilt when attrs grow). */
    Failures.FailAttrs failAttrs;

    Node(String id, String uname, String type) {
        this.id = id;
        this.uname = uname;
        this.type = type;
    }

    /** pcmk__node_available without score: online, clean, not shutting down, not standby, not in maintenance. */
    boolean canRunResources() {
        return online && !shutdown && !unclean && !standby && !maintenance && !pending;
    }

    String attr(String name) {
        return attrs.get(name);
    }

    @Override
    public String toString() {
        return uname;
    }
}
