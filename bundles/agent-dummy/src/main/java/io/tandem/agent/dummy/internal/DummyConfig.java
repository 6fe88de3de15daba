package io.tandem.agent.dummy.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code io.tandem.agent.dummy}. */
@ObjectClassDefinition(id = "io.tandem.agent.dummy", name = "Tandem Dummy agent",
        description = "Where ocf:tandem:Dummy keeps the state files of resources without a 'state' parameter")
public @interface DummyConfig {
    @AttributeDefinition(description = "Directory of the default state files; should be on a tmpfs (like /run) so "
            + "that a rebooted node does not find its resources running")
    String stateDirectory() default "/run/tandem/resource-agents";
}
