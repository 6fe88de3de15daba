package io.tandem.cli;

import io.tandem.scheduler.SimulationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Lays a {@link SimulationReport} out as crm_simulate 2.1.5 prints it for a set of options: no option shows the
 * current status, {@code -R} adds the Transition Summary, {@code -S} the executed actions and the revised status,
 * {@code -Q} prints only the scores, and {@code -t} announces the forced time (before the status, and with
 * {@code -S} again before the revised status) in place of the CIB's execution date.
 *
 * <p>2.1.5 quirk, reproduced because scripts parse it: with {@code -s} and without {@code -Q} the text loses its
 * section headings, list headings ("Node List:", "Clone Set: ... :"), the "* " markers, the indentation and the
 * "Online:"-style node-list labels, and the scores appear where the "Transition Summary:" heading was.
 */
public final class CrmSimulateLayout {
    static final String CURRENT = "Current cluster status:";
    static final String TRANSITION = "Transition Summary:";
    static final String EXECUTING = "Executing Cluster Transition:";
    static final String REVISED = "Revised Cluster Status:";
    private static final Set<String> HEADINGS = Set.of(CURRENT, TRANSITION, EXECUTING, REVISED);
    private static final Pattern NODE_LIST_LABEL = Pattern.compile("^(Online|OFFLINE|RemoteOnline|RemoteOFFLINE|GuestOnline|GuestOFFLINE): (\\[.*)$");

    private CrmSimulateLayout() {
    }

    public static String render(SimulationReport report, SimulateOptions o) {
        if (o.quiet()) {
            if (!o.showScores()) {
                return "";
            }
            StringBuilder sb = new StringBuilder();
            report.scoreLines().forEach(l -> sb.append(l).append('\n'));
            if (o.simulate()) {
                sb.append('\n');
            }
            return sb.toString();
        }
        List<String> lines = new ArrayList<>();
        Optional<String> forced = o.dateTime();
        boolean inScheduled = false;
        boolean stop = false;
        boolean scheduling = o.run() || o.simulate() || o.showScores();
        for (String line : split(report.text())) {
            if (stop) {
                break;
            }
            if (line.startsWith("Using the original execution date of:") && forced.isPresent()) {
                continue;
            }
            if (line.equals(CURRENT) && forced.isPresent()) {
                lines.add("Setting effective cluster time: " + forced.get());
            }
            if (line.equals(TRANSITION)) {
                if (!scheduling) {
                    stop = true;
                    continue;
                }
                inScheduled = true;
            } else if (line.equals(EXECUTING) && !o.simulate()) {
                stop = true;
                continue;
            } else if (line.equals(REVISED) && forced.isPresent()) {
                // crm_simulate announces the time again when it loads the simulated result
                int last = lines.size() - 1;
                while (last >= 0 && lines.get(last).isEmpty()) {
                    last--;
                }
                lines.add(last + 1, "Setting effective cluster time: " + forced.get());
            }
            lines.add(line);
        }
        if (!scheduling || !o.simulate()) {
            // the section before the one cut off ends with the blank line that separated them
            while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
        }
        if (inScheduled && o.showScores()) {
            lines = withoutHeadings(lines, report.scoreLines());
        }
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }

    private static List<String> withoutHeadings(List<String> lines, List<String> scores) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            if (line.equals(TRANSITION)) {
                out.addAll(scores);
                out.add("");
                continue;
            }
            if (HEADINGS.contains(line)) {
                continue;
            }
            if (line.isBlank()) {
                out.add("");
                continue;
            }
            String s = line.strip();
            if (s.startsWith("* ")) {
                s = s.substring(2);
            }
            if (s.endsWith(":")) {
                continue;
            }
            out.add(NODE_LIST_LABEL.matcher(s).replaceFirst("$2"));
        }
        return out;
    }

    private static List<String> split(String text) {
        List<String> out = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }
}
