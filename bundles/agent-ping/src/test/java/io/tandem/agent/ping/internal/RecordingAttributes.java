package io.tandem.agent.ping.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Applies writes at once and remembers the dampening each write asked for. */
final class RecordingAttributes implements AttributeSink {
    record Write(String name, String value, Duration dampening) {}

    final List<Write> writes = new ArrayList<>();
    private final Map<String, String> values = new ConcurrentHashMap<>();

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    @Override
    public synchronized void set(String name, String value, Duration dampening) {
        writes.add(new Write(name, value, dampening));
        values.put(name, value);
    }

    @Override
    public void delete(String name) {
        values.remove(name);
    }
}
