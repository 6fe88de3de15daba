package io.tandem.conformance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code crm_simulate} output the way upstream's regression driver compares it: every line goes through
 * the 2.0-compatibility spellings ({@code ocf::} to {@code ocf:}, Master/Slave to Promoted/Unpromoted) and then
 * loses all whitespace, and blank lines do not count ({@code diff --ignore-all-space --ignore-blank-lines}).
 */
public final class CrmSimulateText {
    public static final String CURRENT_STATUS = "Current cluster status:";
    public static final String TRANSITION_SUMMARY = "Transition Summary:";
    public static final String EXECUTING = "Executing Cluster Transition:";
    public static final String REVISED_STATUS = "Revised Cluster Status:";
    private static final Set<String> HEADINGS = Set.of(CURRENT_STATUS, TRANSITION_SUMMARY, EXECUTING, REVISED_STATUS);

    private CrmSimulateText() {
    }

    /** The comparison key of one line: upstream's replacements, then no whitespace at all. */
    public static String canonical(String line) {
        String s = line.replace("ocf::", "ocf:")
                .replace("Masters:", "Promoted:")
                .replace("Slaves:", "Unpromoted:")
                .replace(" Master ", " Promoted ")
                .replace(" Slave ", " Unpromoted ");
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isWhitespace(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The lines of a text without line terminators ({@code \n}, {@code \r\n}). */
    public static List<String> lines(String text) {
        List<String> out = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** The non-blank lines of a text, whitespace kept, for showing in diffs. */
    public static List<String> nonBlankLines(String text) {
        List<String> out = new ArrayList<>();
        for (String l : lines(text)) {
            if (!l.isBlank()) {
                out.add(l);
            }
        }
        return out;
    }

    /**
     * The non-blank lines under a section heading, up to the next of crm_simulate's four headings; empty when the
     * heading is missing. Lines at column 0 that are not headings ("1 of 2 resource instances DISABLED ...")
     * belong to the section.
     */
    public static Optional<List<String>> section(String text, String heading) {
        List<String> all = lines(text);
        int start = -1;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).strip().equals(heading)) {
                start = i + 1;
                break;
            }
        }
        if (start < 0) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (int i = start; i < all.size(); i++) {
            String l = all.get(i);
            if (HEADINGS.contains(l.strip())) {
                break;
            }
            if (!l.isBlank()) {
                out.add(l);
            }
        }
        return Optional.of(Collections.unmodifiableList(out));
    }

    /** Score lines as upstream compares them: non-blank and sorted (by their canonical form). */
    public static List<String> sortedScores(List<String> scoreLines) {
        List<String> out = new ArrayList<>();
        for (String l : scoreLines) {
            if (!l.isBlank()) {
                out.add(l.strip());
            }
        }
        out.sort((a, b) -> canonical(a).compareTo(canonical(b)));
        return out;
    }
}
