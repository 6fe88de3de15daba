package io.tandem.shell.internal;

import java.util.Optional;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "ha", name = "nodes", description = "Shows the cluster's nodes as this node sees them, and the current view.",
        detailedDescription = """
                Shows the current membership view (its id, members and coordinator), then one line per node: every node \
                listed in etc/io.tandem.membership.config and every node heard from.

                Columns:
                  State           LOCAL (this node), ACTIVE (heartbeats on time), LATE (later than warntime), \
                DEAD (nothing for deadtime, or a clean shutdown), UNKNOWN (never heard since this node started)
                  In view         whether the node is a member of the current view
                  Links up        the heartbeat links the node is currently heard on; one link left means no redundancy
                  Last heartbeat  time since its last heartbeat
                  Incarnation     grows every time the node restarts
                  Declared dead   for a dead node, how long after its last heartbeat it was declared dead

                On a node without configuration there is no membership yet: run ha:import-hacf or edit \
                etc/io.tandem.messaging.config and etc/io.tandem.membership.config.""")
@Service
public final class NodesCommand extends StatusCommand {
    @Override
    String output() {
        Optional<String> unavailable = Unavailable.explain(scr, messenger, membership);
        if (unavailable.isPresent()) {
            return unavailable.get();
        }
        return TextRenderer.nodes(membership.currentView(), membership.nodes());
    }
}
