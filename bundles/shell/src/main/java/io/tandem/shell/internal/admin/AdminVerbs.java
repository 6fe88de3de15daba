package io.tandem.shell.internal.admin;

import io.tandem.controller.ClusterAdmin;
import io.tandem.ipc.IpcMessage;
import io.tandem.ipc.client.RemoteCommand;
import io.tandem.ipc.spi.IpcHandler;
import io.tandem.ipc.spi.IpcRequest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin verbs on the local socket ({@value RemoteCommand#VERB}, see {@link RemoteCommand} for the protocol):
 * {@code bin/tandem resource-move web node2} runs the same {@link AdminCommands} as {@code ha:resource-move web node2}.
 * The socket server admits only root and the allowed users and groups (haclient) before this sees a request.
 * Registered without a controller too, so that the CLI can say that the controller is not running.
 */
@Component(service = IpcHandler.class, property = IpcHandler.VERB_PROPERTY + "=" + RemoteCommand.VERB)
public final class AdminVerbs implements IpcHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AdminVerbs.class);

    private final AdminCommands commands;

    @Activate
    public AdminVerbs(@Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
                      ClusterAdmin admin) {
        this(new AdminCommands(admin, Clock.systemUTC()));
    }

    AdminVerbs(AdminCommands commands) {
        this.commands = commands;
    }

    @Override
    public IpcMessage handle(IpcRequest request) {
        List<String> args = request.message().getAll(RemoteCommand.ARG);
        FileAccess.Remote files = new FileAccess.Remote(RemoteCommand.files(request.message()));
        Result result;
        try {
            result = commands.run(args, files);
        } catch (FileAccess.FileNeeded e) {
            return IpcMessage.builder().put(IpcMessage.STATUS, "error").put(IpcMessage.EXIT, Integer.toString(ExitCodes.NOINPUT))
                    .put(IpcMessage.MESSAGE, e.getMessage()).put(RemoteCommand.NEED_FILE, e.name()).build();
        }
        if (!args.isEmpty() && changes(args.get(0))) {
            LOG.info("{} by {}: exit {}", String.join(" ", args), request.peer(), result.exit());
        }
        IpcMessage.Builder b = IpcMessage.builder().put(IpcMessage.STATUS, result.isOk() ? "ok" : "error")
                .put(IpcMessage.EXIT, Integer.toString(result.exit()));
        if (!result.isOk()) {
            b.put(IpcMessage.MESSAGE, result.err().stripTrailing());
        }
        b.put(RemoteCommand.STDOUT, result.out()).put(RemoteCommand.STDERR, result.err());
        for (Map.Entry<String, String> w : files.writes().entrySet()) {
            b.put(RemoteCommand.WRITE_NAME, w.getKey()).put(RemoteCommand.WRITE_CONTENT, w.getValue());
        }
        return b.build();
    }

    /** The verbs that may change the cluster, which are worth a line in the log with who asked. */
    private static boolean changes(String verb) {
        return !List.of("status", "resource-list", "resource-locate", "node-list", "cib-export", "help").contains(verb);
    }
}
