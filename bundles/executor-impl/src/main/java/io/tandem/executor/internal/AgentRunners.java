package io.tandem.executor.internal;

import io.tandem.common.ActionResult;
import io.tandem.common.ExecStatus;
import io.tandem.common.OcfExitCode;
import io.tandem.executor.AgentId;
import io.tandem.executor.AgentMetadataException;
import io.tandem.executor.OperationSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Picks how to run an action from where the agent lives: a Java agent, an external program, or nowhere. */
final class AgentRunners implements ActionRunner {
    private final ExecutorSettings settings;
    private final AgentDirectory directory;
    private final ExternalAgentRunner external;
    private final JavaAgentRunner java;

    AgentRunners(ExecutorSettings settings, AgentDirectory directory, ExternalAgentRunner external, JavaAgentRunner java) {
        this.settings = settings;
        this.directory = directory;
        this.external = external;
        this.java = java;
    }

    @Override
    public Running start(Invocation inv, Consumer<RawOutcome> done) {
        AgentId agent = inv.resource().agent();
        AgentDirectory.Resolution where = directory.resolve(agent);
        if (where instanceof AgentDirectory.Missing m) {
            done.accept(RawOutcome.of(new ActionResult(ExecStatus.NOT_INSTALLED, OcfExitCode.ERR_INSTALLED, m.reason())));
            return NOTHING;
        }
        if (where instanceof AgentDirectory.JavaAgent j) {
            return java.start(j.agent(), inv, done);
        }
        Path exe = ((AgentDirectory.ExternalAgent) where).executable();
        OperationSpec op = inv.operation();
        boolean killGroup = !"block".equals(op.meta().get("on_fail")) && !"block".equals(op.meta().get("on-fail"));
        if (!AgentId.OCF.equals(agent.standard()) && "meta-data".equals(op.action())) {
            try {
                String xml = directory.metadata(agent).orElseThrow().xml();
                done.accept(new RawOutcome(ActionResult.ok(), 0, xml, "", false));
            } catch (AgentMetadataException e) {
                done.accept(RawOutcome.of(new ActionResult(ExecStatus.ERROR, OcfExitCode.ERR_GENERIC, e.getMessage())));
            }
            return NOTHING;
        }
        ExternalCommand command = switch (agent.standard()) {
            case AgentId.OCF -> new ExternalCommand(agent, exe, List.of(op.action()),
                    AgentEnvironment.ocf(settings, agent, inv.resource(), op), op.timeout(), ExitCodes::ocf, true, killGroup);
            case AgentId.LSB -> {
                // Pacemaker runs monitor as status on LSB scripts and maps the status codes.
                String lsbAction = "monitor".equals(op.action()) ? "status" : op.action();
                yield new ExternalCommand(agent, exe, List.of(lsbAction), AgentEnvironment.base(settings), op.timeout(),
                        raw -> ExitCodes.lsb(lsbAction, raw), false, killGroup);
            }
            case AgentId.SYSTEMD -> systemd(agent, exe, op, killGroup);
            default -> null;
        };
        if (command == null) {
            done.accept(RawOutcome.of(new ActionResult(ExecStatus.NOT_SUPPORTED, OcfExitCode.ERR_UNIMPLEMENTED,
                    agent + ": action " + op.action() + " is not supported for class " + agent.standard())));
            return NOTHING;
        }
        return external.start(command, done);
    }

    private ExternalCommand systemd(AgentId agent, Path systemctl, OperationSpec op, boolean killGroup) {
        String unit = AgentDirectory.unitName(agent.type());
        return switch (op.action()) {
            case "start", "stop" -> new ExternalCommand(agent, systemctl, List.of(op.action(), unit),
                    AgentEnvironment.base(settings), op.timeout(), raw -> raw == 0 ? OcfExitCode.OK : OcfExitCode.ERR_GENERIC,
                    false, killGroup);
            // is-active says 0 only for active (and reloading) units: Pacemaker's "active = running".
            case "monitor", "status" -> new ExternalCommand(agent, systemctl, List.of("is-active", unit),
                    AgentEnvironment.base(settings), op.timeout(), raw -> raw == 0 ? OcfExitCode.OK : OcfExitCode.NOT_RUNNING,
                    false, killGroup);
            default -> null;
        };
    }

    private static final Running NOTHING = new Running() {
        @Override
        public void timeout() {
        }

        @Override
        public void cancel() {
        }
    };
}
