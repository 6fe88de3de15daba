package io.tandem.shell.internal;

import java.util.Locale;

/** How long ago, for people: "0.12s", "3m05s", "2h07m". */
final class Ages {
    private Ages() {
    }

    /** @param millis a duration, or negative for "never" */
    static String format(long millis) {
        if (millis < 0) {
            return "never";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.2fs", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
    }
}
