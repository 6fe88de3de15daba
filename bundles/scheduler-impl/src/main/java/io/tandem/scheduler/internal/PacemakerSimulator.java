package io.tandem.scheduler.internal;

import io.tandem.cib.Cib;
import io.tandem.scheduler.Scheduler;
import io.tandem.scheduler.SimulationReport;
import io.tandem.scheduler.Simulator;
import io.tandem.scheduler.TransitionGraph;
import java.time.Instant;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The scheduler as an OSGi service: {@link Simulator} runs the pipeline and simulates the transition like
 * crm_simulate -S; {@link Scheduler} runs the same pipeline and stops at the graph (no rendering, no simulation).
 */
@Component(service = {Simulator.class, Scheduler.class}, name = "io.tandem.scheduler")
public final class PacemakerSimulator implements Simulator, Scheduler {
    @Activate
    public PacemakerSimulator() {
    }

    @Override
    public SimulationReport simulate(Cib cib, Instant now) {
        PolicyEngine.Result r = PolicyEngine.run(cib, now);
        return new SimulationReport(r.text(), r.scoreLines(), r.graphXml());
    }

    @Override
    public TransitionGraph schedule(Cib cib, Instant now) {
        return GraphActions.graph(PolicyEngine.schedule(cib, now), now);
    }
}
