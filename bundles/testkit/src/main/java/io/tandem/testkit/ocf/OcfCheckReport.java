package io.tandem.testkit.ocf;

import java.util.List;

/**
 * The outcome of an {@link OcfChecker} run: ocf-tester's error lines ({@code * rc=N: message}), its notes on
 * optional actions, and whether the run was aborted.
 */
public record OcfCheckReport(String agent, List<String> errors, List<String> notes, List<String> steps, boolean aborted) {
    public OcfCheckReport {
        errors = List.copyOf(errors);
        notes = List.copyOf(notes);
        steps = List.copyOf(steps);
    }

    public boolean passed() {
        return errors.isEmpty() && !aborted;
    }

    /** As ocf-tester prints it. */
    public String render() {
        StringBuilder sb = new StringBuilder("Beginning tests for " + agent + "...\n");
        errors.forEach(e -> sb.append(e).append('\n'));
        notes.forEach(n -> sb.append(n).append('\n'));
        if (aborted) {
            sb.append("Aborting tests\n");
        }
        sb.append(passed() ? agent + " passed all tests\n" : "Tests failed: " + agent + " failed " + errors.size() + " tests\n");
        return sb.toString();
    }
}
