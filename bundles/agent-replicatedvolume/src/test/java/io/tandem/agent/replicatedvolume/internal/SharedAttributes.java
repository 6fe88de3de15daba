package io.tandem.agent.replicatedvolume.internal;

import io.tandem.attributes.AttributeLifetime;
import io.tandem.attributes.AttributeListener;
import io.tandem.attributes.NodeAttributes;
import io.tandem.common.Score;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The cluster's attribute store as every node sees it (one map, committed at once, listeners told synchronously);
 * {@link #on(String)} is one node's view. Dampening, failure counting and clone lookups are not needed here.
 */
final class SharedAttributes {
    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final List<AttributeListener> listeners = new CopyOnWriteArrayList<>();

    private static String key(String node, String name, AttributeLifetime lifetime) {
        return node + "\u0000" + name + "\u0000" + lifetime;
    }

    Optional<String> get(String node, String name, AttributeLifetime lifetime) {
        return Optional.ofNullable(values.get(key(node, name, lifetime)));
    }

    NodeAttributes on(String localNode) {
        return new NodeAttributes() {
            @Override
            public Optional<String> get(String node, String name, AttributeLifetime lifetime) {
                return SharedAttributes.this.get(node, name, lifetime);
            }

            @Override
            public Map<String, String> all(String node, AttributeLifetime lifetime) {
                Map<String, String> out = new HashMap<>();
                values.forEach((k, v) -> {
                    String[] parts = k.split("\u0000");
                    if (parts[0].equals(node) && parts[2].equals(lifetime.name())) {
                        out.put(parts[1], v);
                    }
                });
                return out;
            }

            @Override
            public void set(String node, String name, String value, AttributeLifetime lifetime, Duration dampening) {
                values.put(key(node, name, lifetime), value);
                listeners.forEach(l -> l.attributeChanged(node, name, value, lifetime));
            }

            @Override
            public void delete(String node, String name, AttributeLifetime lifetime) {
                if (values.remove(key(node, name, lifetime)) != null) {
                    listeners.forEach(l -> l.attributeChanged(node, name, null, lifetime));
                }
            }

            @Override
            public String localNode() {
                return localNode;
            }

            @Override
            public void addListener(AttributeListener listener) {
                listeners.add(listener);
            }

            @Override
            public void removeListener(AttributeListener listener) {
                listeners.remove(listener);
            }

            @Override
            public Optional<String> latest(String node, String name, AttributeLifetime lifetime) {
                return get(node, name, lifetime);
            }

            @Override
            public Score recordFailure(String node, String resource, String operation, long intervalMillis) {
                throw new UnsupportedOperationException("not used by the agent");
            }

            @Override
            public Score failCount(String node, String resource) {
                throw new UnsupportedOperationException("not used by the agent");
            }

            @Override
            public void clearFailures(String node, String resource) {
                throw new UnsupportedOperationException("not used by the agent");
            }

            @Override
            public Optional<Score> promotionScore(String node, String resourceInstance) {
                throw new UnsupportedOperationException("not used by the agent");
            }
        };
    }
}
