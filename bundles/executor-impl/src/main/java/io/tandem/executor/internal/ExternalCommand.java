package io.tandem.executor.internal;

import io.tandem.common.OcfExitCode;
import io.tandem.executor.AgentId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * An external program to run for one action.
 *
 * @param agent          for messages
 * @param executable     the agent (or systemctl), checked before anything is forked
 * @param arguments      what follows the executable on the command line (the action for OCF and LSB)
 * @param environment    the complete environment
 * @param timeout        the action's timeout, for the timeout message
 * @param normalise      raw exit status to OCF code
 * @param parseExitReason whether stderr carries {@code ocf-exit-reason:} lines (OCF only)
 * @param killGroup      whether a timeout kills the whole process group (false only for {@code on-fail=block})
 */
record ExternalCommand(AgentId agent, Path executable, List<String> arguments, Map<String, String> environment,
                       Duration timeout, IntFunction<OcfExitCode> normalise, boolean parseExitReason,
                       boolean killGroup) {
    ExternalCommand {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(executable, "executable");
        arguments = List.copyOf(arguments);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(normalise, "normalise");
    }
}
