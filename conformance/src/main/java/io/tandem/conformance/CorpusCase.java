package io.tandem.conformance;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One regression case.
 *
 * @param dateOption the {@code -t} value upstream gives the scores run, if any
 */
public record CorpusCase(String name, byte[] xml, String expectedSummary, String expectedScores,
                         Optional<String> dateOption, Map<String, Boolean> features) {
    public CorpusCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(xml, "xml");
        Objects.requireNonNull(expectedSummary, "expectedSummary");
        Objects.requireNonNull(expectedScores, "expectedScores");
        Objects.requireNonNull(dateOption, "dateOption");
        features = Map.copyOf(features);
    }

    public boolean has(String feature) {
        return features.getOrDefault(feature, false);
    }

    /** Uses none of {@link Corpus#ADVANCED_FEATURES}. */
    public boolean simple() {
        for (String f : Corpus.ADVANCED_FEATURES) {
            if (has(f)) {
                return false;
            }
        }
        return true;
    }
}
