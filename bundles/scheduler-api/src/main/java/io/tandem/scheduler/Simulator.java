package io.tandem.scheduler;

import io.tandem.cib.Cib;
import java.time.Instant;

/**
 * Runs the scheduler on a CIB and simulates the resulting transition as {@code crm_simulate -S} does.
 * Pure: no I/O, no threads, and "now" comes from the caller (see {@link EffectiveTime}).
 */
public interface Simulator {
    SimulationReport simulate(Cib cib, Instant now);
}
