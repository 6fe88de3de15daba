package io.tandem.shell.internal;

import java.util.function.LongSupplier;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "ha", name = "quorum", description = "Shows whether this node's partition has quorum, and the ping nodes.",
        detailedDescription = """
                Quorum of the current view:
                  Quorate           whether the resource manager may run resources in this partition
                  Votes             votes present (one per member) of the votes expected (configured nodes, or \
                expectedVotes)
                  Needed            votes needed: a strict majority, or 1 in two-node mode
                  Two-node          one surviving node of two keeps quorum (twoNode, applies with 2 expected votes)
                  Wait-for-all      with two-node mode, no quorum at first start until every node has been seen together
                  No-quorum-policy  what the resource manager does without quorum: ignore, freeze, stop, suicide, demote

                Then the ping nodes and ping groups (ha.cf ping and ping_group, which replace heartbeat's ipfail) with their \
                status, and the node attribute ping-connectivity that membership publishes for the resource manager \
                (reachable ping nodes and groups times pingMultiplier).""")
@Service
public final class QuorumCommand extends StatusCommand {
    LongSupplier wallClock = System::currentTimeMillis;

    @Override
    String output() {
        Optional<String> unavailable = Unavailable.explain(scr, messenger, membership);
        if (unavailable.isPresent()) {
            return unavailable.get();
        }
        return TextRenderer.quorum(membership.quorum(), membership.pingNodes(),
                membership.nodeAttributes(membership.localNode()), wallClock.getAsLong());
    }
}
