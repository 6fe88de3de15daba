package io.tandem.agent.ping.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code io.tandem.agent.ping}. */
@ObjectClassDefinition(id = "io.tandem.agent.ping", name = "Tandem ping agent",
        description = "Where ocf:tandem:ping keeps the state files of resources without a 'pidfile' parameter")
public @interface PingConfig {
    @AttributeDefinition(description = "Directory of the default state files; should be on a tmpfs (like /run)")
    String stateDirectory() default "/run/tandem/resource-agents";

    @AttributeDefinition(description = "Hosts pinged at the same time, over all ping resources")
    int parallelPings() default 8;
}
