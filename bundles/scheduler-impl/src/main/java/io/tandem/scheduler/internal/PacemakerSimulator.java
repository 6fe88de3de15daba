package io.tandem.scheduler.internal;

import io.tandem.cib.Cib;
import io.tandem.scheduler.SimulationReport;
import io.tandem.scheduler.Simulator;
import java.time.Instant;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** The scheduler as an OSGi service: runs the pipeline and simulates the transition like crm_simulate -S. */
@Component(service = Simulator.class, name = "io.tandem.scheduler")
public final class PacemakerSimulator implements Simulator {
    @Activate
    public PacemakerSimulator() {
    }

    @Override
    public SimulationReport simulate(Cib cib, Instant now) {
        PolicyEngine.Result r = PolicyEngine.run(cib, now);
        return new SimulationReport(r.text(), r.scoreLines(), r.graphXml());
    }
}
