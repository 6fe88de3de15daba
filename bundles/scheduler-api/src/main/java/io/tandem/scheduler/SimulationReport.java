package io.tandem.scheduler;

import java.util.List;
import java.util.Objects;

/**
 * What {@code crm_simulate} would print for a CIB.
 *
 * @param text       the {@code crm_simulate -S} output: "Current cluster status:", "Transition Summary:",
 *                   "Executing Cluster Transition:" and "Revised Cluster Status:" sections
 * @param scoreLines the {@code crm_simulate -sSQ} lines ("pcmk__primitive_assign: A allocation score on n1: 0",
 *                   "A promotion score on n1: 10"), in the order they were computed
 * @param graphXml   the transition graph as Pacemaker's {@code <transition_graph>} XML ({@code -G})
 */
public record SimulationReport(String text, List<String> scoreLines, String graphXml) {
    public SimulationReport {
        Objects.requireNonNull(text, "text");
        scoreLines = List.copyOf(scoreLines);
        Objects.requireNonNull(graphXml, "graphXml");
    }
}
