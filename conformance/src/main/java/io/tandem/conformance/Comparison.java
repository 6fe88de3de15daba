package io.tandem.conformance;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Compares one case's actual crm_simulate output with the expected files, level by level. */
public final class Comparison {
    static final int DIFF_LINES = 8;

    private Comparison() {
    }

    /**
     * @param expectedSummary the expected {@code summary/NAME.summary}
     * @param expectedScores  the expected {@code scores/NAME.scores}
     * @param actualSummary   the actual {@code crm_simulate -S} text
     * @param actualScores    the actual score lines, in any order
     * @return per level: empty when it passes, else a short diff (never empty)
     */
    public static Map<Level, Optional<List<String>>> compare(String expectedSummary, String expectedScores,
                                                              String actualSummary, List<String> actualScores) {
        Map<Level, Optional<List<String>>> out = new EnumMap<>(Level.class);
        out.put(Level.TRANSITION_SUMMARY, transitionSummary(expectedSummary, actualSummary));
        out.put(Level.EXECUTED_ACTIONS, executedActions(expectedSummary, actualSummary));
        out.put(Level.SCORES, scores(CrmSimulateText.lines(expectedScores), actualScores));
        out.put(Level.WHOLE_SUMMARY, wholeSummary(expectedSummary, actualSummary));
        return out;
    }

    static Optional<List<String>> transitionSummary(String expected, String actual) {
        return sectionInOrder(expected, actual, CrmSimulateText.TRANSITION_SUMMARY);
    }

    static Optional<List<String>> executedActions(String expected, String actual) {
        Optional<List<String>> e = CrmSimulateText.section(expected, CrmSimulateText.EXECUTING);
        Optional<List<String>> a = CrmSimulateText.section(actual, CrmSimulateText.EXECUTING);
        if (e.isPresent() != a.isPresent()) {
            return Optional.of(List.of(missingHeading(CrmSimulateText.EXECUTING, e.isPresent())));
        }
        if (e.isEmpty()) {
            return Optional.empty();
        }
        if (keys(e.get()).equals(keys(a.get()))) {
            return Optional.empty();
        }
        return Optional.of(LineDiff.asSets(e.get(), a.get(), CrmSimulateText::canonical, DIFF_LINES));
    }

    static Optional<List<String>> scores(List<String> expected, List<String> actual) {
        List<String> e = CrmSimulateText.sortedScores(expected);
        List<String> a = CrmSimulateText.sortedScores(actual);
        if (canonicalList(e).equals(canonicalList(a))) {
            return Optional.empty();
        }
        return Optional.of(nonEmpty(LineDiff.unordered(e, a, CrmSimulateText::canonical, DIFF_LINES)));
    }

    static Optional<List<String>> wholeSummary(String expected, String actual) {
        List<String> e = CrmSimulateText.nonBlankLines(expected);
        List<String> a = CrmSimulateText.nonBlankLines(actual);
        if (canonicalList(e).equals(canonicalList(a))) {
            return Optional.empty();
        }
        return Optional.of(nonEmpty(LineDiff.ordered(e, a, CrmSimulateText::canonical, DIFF_LINES)));
    }

    private static Optional<List<String>> sectionInOrder(String expected, String actual, String heading) {
        Optional<List<String>> e = CrmSimulateText.section(expected, heading);
        Optional<List<String>> a = CrmSimulateText.section(actual, heading);
        if (e.isPresent() != a.isPresent()) {
            return Optional.of(List.of(missingHeading(heading, e.isPresent())));
        }
        if (e.isEmpty() || canonicalList(e.get()).equals(canonicalList(a.get()))) {
            return Optional.empty();
        }
        List<String> diff = LineDiff.ordered(e.get(), a.get(), CrmSimulateText::canonical, DIFF_LINES);
        if (LineDiff.unordered(e.get(), a.get(), CrmSimulateText::canonical, 1).isEmpty()) {
            List<String> withNote = new ArrayList<>();
            withNote.add("(same lines, different order)");
            withNote.addAll(diff);
            return Optional.of(withNote);
        }
        return Optional.of(nonEmpty(diff));
    }

    private static String missingHeading(String heading, boolean expectedHasIt) {
        return expectedHasIt ? "- " + heading + " (missing from the actual output)" : "+ " + heading + " (not expected)";
    }

    private static List<String> nonEmpty(List<String> diff) {
        return diff.isEmpty() ? List.of("(differs only in line order)") : diff;
    }

    private static List<String> canonicalList(List<String> lines) {
        List<String> out = new ArrayList<>(lines.size());
        for (String l : lines) {
            out.add(CrmSimulateText.canonical(l));
        }
        return out;
    }

    private static Set<String> keys(List<String> lines) {
        return new HashSet<>(canonicalList(lines));
    }
}
