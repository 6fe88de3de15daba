package io.tandem.conformance;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How one case went.
 *
 * @param passed  the levels whose comparison matched
 * @param diffs   for each failed level a short diff (empty when the case failed as a whole)
 * @param error   the first line of the exception, or the timeout, when the simulator did not return
 */
public record CaseResult(String name, Set<Level> passed, Map<Level, List<String>> diffs, Optional<String> error,
                         long millis) {
    public CaseResult {
        Objects.requireNonNull(name, "name");
        passed = passed.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(passed));
        diffs = Map.copyOf(diffs);
        Objects.requireNonNull(error, "error");
        if (error.isPresent() && !passed.isEmpty()) {
            throw new IllegalArgumentException(name + ": a case that did not complete passes no level");
        }
    }

    public static CaseResult failed(String name, String error, long millis) {
        return new CaseResult(name, Set.of(), Map.of(), Optional.of(error), millis);
    }

    public boolean passes(Level level) {
        return passed.contains(level);
    }
}
