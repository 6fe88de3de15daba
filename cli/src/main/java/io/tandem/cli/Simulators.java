package io.tandem.cli;

import io.tandem.scheduler.Simulator;
import io.tandem.scheduler.internal.PacemakerSimulator;
import java.util.ServiceLoader;

/**
 * Creates the scheduler without a framework: a ServiceLoader provider if one is on the class path, else the class
 * named by {@code -Dtandem.simulator}, else Tandem's own ({@link PacemakerSimulator}, a plain class outside OSGi).
 */
final class Simulators {
    static final String PROPERTY = "tandem.simulator";

    private Simulators() {
    }

    static Simulator create() {
        String name = System.getProperty(PROPERTY, "");
        if (!name.isBlank()) {
            try {
                return Class.forName(name).asSubclass(Simulator.class).getConstructor().newInstance();
            } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
                throw new IllegalStateException("cannot create the scheduler -D" + PROPERTY + "=" + name + ": " + e, e);
            }
        }
        for (Simulator s : ServiceLoader.load(Simulator.class)) {
            return s;
        }
        return new PacemakerSimulator();
    }
}
