package io.tandem.scheduler;

import io.tandem.cib.Cib;
import java.time.Instant;
import java.util.Optional;

/** Chooses "now" as crm_simulate does: {@code -t} first, then the CIB's {@code execution-date}, then the clock. */
public final class EffectiveTime {
    private EffectiveTime() {
    }

    public static Instant of(Cib cib, Optional<Instant> forced, Instant clock) {
        if (forced.isPresent()) {
            return forced.get();
        }
        String exec = cib.root().attr("execution-date");
        if (exec != null && !exec.isBlank()) {
            try {
                return Instant.ofEpochSecond(Long.parseLong(exec.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("<cib execution-date=\"" + exec + "\"> is not seconds since the epoch");
            }
        }
        return clock;
    }
}
