package io.tandem.controller.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Tandem controller", description = "The DC: join, CIB replication, transitions, admin API")
public @interface ControllerConfig {
    @AttributeDefinition(description = "How long the DC waits for a member's join reply before treating it as pending")
    long joinTimeoutMillis() default 3000;

    @AttributeDefinition(description = "How long an admin change sent to the DC may take")
    long adminTimeoutMillis() default 10000;

    @AttributeDefinition(description = "How long the DC waits before trying fencing again after it failed")
    long fencingRetryMillis() default 5000;

    @AttributeDefinition(description = "How long a clean stop of the node waits for its resources to move away (0: do not wait)")
    long shutdownTimeoutMillis() default 60000;
}
