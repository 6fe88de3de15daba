package io.tandem.scheduler;

import io.tandem.cib.Cib;
import java.time.Instant;

/**
 * The policy engine as the controller uses it: a CIB and a time in, the transition graph to run out. Pure: no
 * I/O, no threads, no clock. The same pipeline as {@link Simulator}, without simulating the result.
 *
 * @since 1.1
 */
public interface Scheduler {
    TransitionGraph schedule(Cib cib, Instant now);
}
