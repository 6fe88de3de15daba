package io.tandem.scheduler.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** A location constraint expanded to per-node scores (pe__location_t). */
final class Location {
    final String id;
    final Resource rsc;
    final Role roleFilter;
    final Map<Node, Integer> nodes = new LinkedHashMap<>();
    final String discovery;

    Location(String id, Resource rsc, Role roleFilter, String discovery) {
        this.id = id;
        this.rsc = rsc;
        this.roleFilter = roleFilter;
        this.discovery = discovery;
    }
}
