package io.tandem.scheduler.internal;

/** Pacemaker's integer score arithmetic (pcmk__add_scores, char2score, score2char) on plain ints for speed. */
final class Scores {
    static final int INFINITY = 1_000_000;
    /** Pacemaker's INFINITY_HACK: marks a node as unusable while merging optional colocation scores. */
    static final int INFINITY_HACK = INFINITY * -100;

    private Scores() {
    }

    static int add(int a, int b) {
        if (a <= -INFINITY || b <= -INFINITY) {
            return -INFINITY;
        }
        if (a >= INFINITY || b >= INFINITY) {
            return INFINITY;
        }
        long r = (long) a + b;
        if (r >= INFINITY) {
            return INFINITY;
        }
        if (r <= -INFINITY) {
            return -INFINITY;
        }
        return (int) r;
    }

    /** char2score: unknown text is 0, red/yellow/green use the cluster's node-score-* options (defaults). */
    static int parse(String text) {
        if (text == null) {
            return 0;
        }
        String t = text.trim();
        switch (t) {
            case "INFINITY":
            case "+INFINITY":
                return INFINITY;
            case "-INFINITY":
                return -INFINITY;
            case "red":
                return -INFINITY;
            case "yellow":
            case "green":
                return 0;
            default:
                break;
        }
        try {
            long v = Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
            return (int) Math.max(-INFINITY, Math.min(INFINITY, v));
        } catch (NumberFormatException e) {
            // strtol semantics: leading digits count, the rest is ignored
            int i = 0;
            boolean neg = false;
            if (i < t.length() && (t.charAt(i) == '-' || t.charAt(i) == '+')) {
                neg = t.charAt(i) == '-';
                i++;
            }
            long v = 0;
            while (i < t.length() && Character.isDigit(t.charAt(i)) && v < INFINITY) {
                v = v * 10 + (t.charAt(i) - '0');
                i++;
            }
            v = neg ? -v : v;
            return (int) Math.max(-INFINITY, Math.min(INFINITY, v));
        }
    }

    static String format(int score) {
        if (score >= INFINITY) {
            return "INFINITY";
        }
        if (score <= -INFINITY) {
            return "-INFINITY";
        }
        return Integer.toString(score);
    }
}
