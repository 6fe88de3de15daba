package io.tandem.shell.internal;

import io.tandem.membership.Membership;
import io.tandem.messaging.ClusterMessenger;
import java.util.Arrays;
import java.util.Optional;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Says why a status command has nothing to show: the subsystem is not configured yet, or its component
 * refused to start (a bad authkeys file, a media line naming a missing device...), in which case the
 * component's own error message is the most useful thing an operator can see.
 */
final class Unavailable {
    static final String MESSAGING_COMPONENT = "io.tandem.messaging.udp.internal.UdpMessenger";
    static final String MEMBERSHIP_COMPONENT = "io.tandem.membership.internal.MembershipService";

    private Unavailable() {
    }

    /** The text for a node without a membership service (and maybe without a messenger), or empty if membership runs. */
    static Optional<String> explain(ServiceComponentRuntime scr, ClusterMessenger messenger, Membership membership) {
        if (membership != null) {
            return Optional.empty(); // membership cannot run without a messenger
        }
        if (messenger == null) {
            return Optional.of(failure(scr, MESSAGING_COMPONENT)
                    .map(why -> "messaging did not start: " + why + "\nfix etc/io.tandem.messaging.config (or run"
                            + " ha:import-hacf): a configuration change restarts it; after fixing only etc/authkeys,"
                            + " run bundle:restart io.tandem.messaging.udp")
                    .orElse(TextRenderer.MESSAGING_NOT_CONFIGURED) + "\n");
        }
        return Optional.of(failure(scr, MEMBERSHIP_COMPONENT)
                .map(why -> "membership did not start: " + why + "\nfix etc/io.tandem.membership.config (or run"
                        + " ha:import-hacf): a configuration change restarts it")
                .orElse(TextRenderer.MEMBERSHIP_NOT_CONFIGURED) + "\n");
    }

    /** The failure SCR recorded for the named component's configuration, if it failed to activate. */
    static Optional<String> failure(ServiceComponentRuntime scr, String componentName) {
        if (scr == null) {
            return Optional.empty();
        }
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (!componentName.equals(description.name)) {
                continue;
            }
            for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION && configuration.failure != null) {
                    return Optional.of(rootMessage(configuration.failure));
                }
                if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                    return Optional.of("waiting for " + Arrays.stream(configuration.unsatisfiedReferences)
                            .map(r -> r.name).toList());
                }
            }
        }
        return Optional.empty();
    }

    /** SCR's failure text is a stack trace; the innermost "Caused by" line carries the component's own words. */
    static String rootMessage(String failure) {
        String message = failure.lines().findFirst().orElse(failure);
        for (String line : failure.lines().toList()) {
            if (line.startsWith("Caused by: ")) {
                message = line.substring("Caused by: ".length());
            }
        }
        int colon = message.indexOf(": ");
        boolean exceptionPrefix = colon > 0 && message.substring(0, colon).matches("[\\w.$]+(Exception|Error)");
        return exceptionPrefix ? message.substring(colon + 2) : message;
    }
}
