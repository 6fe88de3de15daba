package io.tandem.conformance;

/** What is compared per case, from the easiest to the strictest. The number is what {@code passing.tsv} stores. */
public enum Level {
    TRANSITION_SUMMARY(1, "transition summary lines"),
    EXECUTED_ACTIONS(2, "executed actions (as a set)"),
    SCORES(3, "scores (sorted lines)"),
    WHOLE_SUMMARY(4, "whole summary (normalised)");

    private final int number;
    private final String description;

    Level(int number, String description) {
        this.number = number;
        this.description = description;
    }

    public int number() {
        return number;
    }

    public String description() {
        return description;
    }

    public static Level ofNumber(int n) {
        for (Level l : values()) {
            if (l.number == n) {
                return l;
            }
        }
        throw new IllegalArgumentException("no conformance level " + n + " (levels are 1 to 4)");
    }
}
