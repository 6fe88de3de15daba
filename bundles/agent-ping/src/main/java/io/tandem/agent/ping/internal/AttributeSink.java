package io.tandem.agent.ping.internal;

import io.tandem.attributes.AttributeLifetime;
import io.tandem.attributes.NodeAttributes;
import java.time.Duration;

/** The two things the agent does with the local node's transient attributes (attrd_updater -v/-d and -D). */
interface AttributeSink {
    void set(String name, String value, Duration dampening);

    void delete(String name);

    static AttributeSink of(NodeAttributes attributes) {
        return new AttributeSink() {
            @Override
            public void set(String name, String value, Duration dampening) {
                attributes.set(attributes.localNode(), name, value, AttributeLifetime.REBOOT, dampening);
            }

            @Override
            public void delete(String name) {
                attributes.delete(attributes.localNode(), name, AttributeLifetime.REBOOT);
            }
        };
    }
}
