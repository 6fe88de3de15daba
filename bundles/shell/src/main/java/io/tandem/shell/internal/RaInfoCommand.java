package io.tandem.shell.internal;

import io.tandem.executor.AgentId;
import io.tandem.executor.AgentMetadata;
import io.tandem.executor.AgentMetadataException;
import io.tandem.executor.Executor;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "ha", name = "ra-info", description = "Shows a resource agent's parameters and operation defaults.",
        detailedDescription = """
                Prints the agent's meta-data as crm ra info does: its description, each parameter as \
                name* (type, [default]): short description (* marks required parameters) followed by the long \
                description, and the operations with the timeouts and intervals the agent suggests. The meta-data \
                comes from running the agent's meta-data action (LSB: its INIT INFO block) and is cached until the \
                agent file changes. --xml prints the raw meta-data.""")
@Service
public final class RaInfoCommand implements Action {
    @Reference(optional = true)
    Executor executor;

    @Argument(index = 0, name = "agent", description = "CLASS:PROVIDER:TYPE or CLASS:TYPE, e.g. ocf:heartbeat:IPaddr2", required = true)
    @Completion(AgentCompleter.class)
    String agent;

    @org.apache.karaf.shell.api.action.Option(name = "--xml", description = "print the raw meta-data XML")
    boolean xml;

    @Override
    public Object execute() {
        if (executor == null) {
            System.out.print(RaText.NO_EXECUTOR);
            return null;
        }
        AgentId id;
        try {
            id = AgentId.parse(agent);
        } catch (IllegalArgumentException e) {
            System.out.println(e.getMessage());
            return null;
        }
        try {
            Optional<AgentMetadata> md = executor.agents().metadata(id);
            if (md.isEmpty()) {
                System.out.println(id + ": no such agent");
            } else {
                System.out.print(xml ? md.get().xml() : RaText.info(id, md.get()));
            }
        } catch (AgentMetadataException e) {
            System.out.println(e.getMessage());
        }
        return null;
    }
}
