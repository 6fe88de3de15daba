package io.tandem.scheduler.internal;

import java.util.ArrayList;
import java.util.List;

/** Cuts a section out of crm_simulate -S text for assertions: its non-blank lines with all whitespace removed. */
final class SimulateText {
    private SimulateText() {
    }

    /** The lines after the one starting with {@code start} and before the one starting with {@code end} (null: to the end). */
    static List<String> section(String text, String start, String end) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String l : text.split("\n", -1)) {
            if (l.startsWith(start)) {
                in = true;
                continue;
            }
            if (in && end != null && l.startsWith(end)) {
                break;
            }
            if (in) {
                String n = l.replaceAll("\\s+", "");
                if (!n.isEmpty()) {
                    out.add(n);
                }
            }
        }
        return out;
    }
}
