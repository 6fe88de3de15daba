package io.tandem.common;

/**
 * A Pacemaker score: an integer clamped to [-INFINITY, +INFINITY] where INFINITY is 1,000,000.
 *
 * <p>Addition follows Pacemaker's rules: anything plus -INFINITY is -INFINITY (a ban always wins, even
 * over +INFINITY), anything else plus +INFINITY is +INFINITY, and finite sums saturate at the bounds.
 */
public record Score(int value) implements Comparable<Score> {
    public static final int INFINITY_VALUE = 1_000_000;
    public static final Score INFINITY = new Score(INFINITY_VALUE);
    public static final Score MINUS_INFINITY = new Score(-INFINITY_VALUE);
    public static final Score ZERO = new Score(0);

    public Score {
        if (value > INFINITY_VALUE || value < -INFINITY_VALUE) {
            throw new IllegalArgumentException("score " + value + " is outside [-INFINITY, +INFINITY]; use Score.of to clamp");
        }
    }

    /** A score from any integer, clamped to +/-INFINITY as Pacemaker's char2score does. */
    public static Score of(long value) {
        if (value >= INFINITY_VALUE) {
            return INFINITY;
        }
        if (value <= -INFINITY_VALUE) {
            return MINUS_INFINITY;
        }
        return new Score((int) value);
    }

    /**
     * Parses a score as written in CIB XML and crm shell: an integer, {@code INFINITY}, {@code +INFINITY},
     * {@code -INFINITY}, or the aliases {@code red}/{@code yellow}/{@code green} are not scores and are rejected.
     */
    public static Score parse(String text) {
        String t = text.trim();
        switch (t) {
            case "INFINITY":
            case "+INFINITY":
            case "inf":
            case "+inf":
                return INFINITY;
            case "-INFINITY":
            case "-inf":
                return MINUS_INFINITY;
            default:
                try {
                    return of(Long.parseLong(t.startsWith("+") ? t.substring(1) : t));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + text + "' is not a score (an integer or [+-]INFINITY)");
                }
        }
    }

    /** Pacemaker's score addition (pcmk__add_scores). */
    public Score plus(Score other) {
        if (value == -INFINITY_VALUE || other.value == -INFINITY_VALUE) {
            return MINUS_INFINITY;
        }
        if (value == INFINITY_VALUE || other.value == INFINITY_VALUE) {
            return INFINITY;
        }
        return of((long) value + other.value);
    }

    public boolean isInfinite() {
        return value == INFINITY_VALUE || value == -INFINITY_VALUE;
    }

    @Override
    public int compareTo(Score other) {
        return Integer.compare(value, other.value);
    }

    @Override
    public String toString() {
        if (value == INFINITY_VALUE) {
            return "INFINITY";
        }
        if (value == -INFINITY_VALUE) {
            return "-INFINITY";
        }
        return Integer.toString(value);
    }
}
