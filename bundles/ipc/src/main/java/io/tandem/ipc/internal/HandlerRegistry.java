package io.tandem.ipc.internal;

import io.tandem.ipc.spi.IpcHandler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Verb to handler, fed by the whiteboard; several claimants of a verb are ordered by ranking, then age. */
final class HandlerRegistry {
    record Registration(IpcHandler handler, int ranking, long serviceId) {
    }

    private static final Comparator<Registration> BEST_FIRST = Comparator.comparingInt(Registration::ranking).reversed()
            .thenComparingLong(Registration::serviceId);

    private final Map<String, List<Registration>> byVerb = new ConcurrentHashMap<>();

    /** The verbs a service declares in its {@value IpcHandler#VERB_PROPERTY} property (string or array). */
    static List<String> verbs(Object property) {
        List<String> verbs = new ArrayList<>();
        if (property instanceof String s) {
            verbs.add(s);
        } else if (property instanceof String[] array) {
            verbs.addAll(List.of(array));
        } else if (property instanceof Iterable<?> iterable) {
            iterable.forEach(v -> verbs.add(String.valueOf(v)));
        }
        verbs.removeIf(v -> v == null || v.isBlank());
        return verbs;
    }

    /** @return the verbs that now have more than one claimant (worth a warning) */
    List<String> add(List<String> verbs, Registration registration) {
        List<String> contested = new ArrayList<>();
        for (String verb : verbs) {
            List<Registration> list = byVerb.computeIfAbsent(verb, v -> new CopyOnWriteArrayList<>());
            synchronized (list) {
                list.add(registration);
                List<Registration> sorted = new ArrayList<>(list);
                sorted.sort(BEST_FIRST);
                list.clear();
                list.addAll(sorted);
                if (list.size() > 1) {
                    contested.add(verb);
                }
            }
        }
        return contested;
    }

    void remove(IpcHandler handler) {
        for (List<Registration> list : byVerb.values()) {
            list.removeIf(r -> r.handler == handler);
        }
    }

    Optional<IpcHandler> handler(String verb) {
        List<Registration> list = byVerb.get(verb);
        if (list == null || list.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(list.get(0).handler);
    }
}
