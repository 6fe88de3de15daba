package io.tandem.ipc.internal;

import io.tandem.ipc.CrmExit;
import io.tandem.ipc.IpcMessage;
import io.tandem.ipc.spi.IpcHandler;
import io.tandem.ipc.spi.IpcRequest;
import io.tandem.membership.Membership;
import io.tandem.membership.NodeStatus;
import io.tandem.membership.View;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * crm_node's membership questions (-l, -p, -q, -i, -N) answered from {@link Membership}. Node ids are the
 * 1-based position of the node among all known nodes in name order (Tandem has no corosync node ids); the
 * controller may replace these verbs with CIB node ids by registering a higher-ranked handler.
 */
@Component(service = IpcHandler.class, property = {
    IpcHandler.VERB_PROPERTY + "=node.list", IpcHandler.VERB_PROPERTY + "=node.partition",
    IpcHandler.VERB_PROPERTY + "=node.quorum", IpcHandler.VERB_PROPERTY + "=node.id",
    IpcHandler.VERB_PROPERTY + "=node.name-for-id"})
public final class MembershipVerbs implements IpcHandler {
    private final Membership membership;

    @Activate
    public MembershipVerbs(@Reference Membership membership) {
        this.membership = membership;
    }

    @Override
    public IpcMessage handle(IpcRequest request) {
        List<NodeStatus> nodes = membership.nodes();
        View view = membership.currentView();
        switch (request.verb()) {
            case "node.list": {
                IpcMessage.Builder answer = IpcMessage.okBuilder();
                for (int i = 0; i < nodes.size(); i++) {
                    NodeStatus n = nodes.get(i);
                    answer.put("node", (i + 1) + " " + n.node().name() + " " + (view.contains(n.node()) ? "member" : "lost"));
                }
                return answer.build();
            }
            case "node.partition": {
                IpcMessage.Builder answer = IpcMessage.okBuilder();
                view.members().forEach(m -> answer.put("member", m.name()));
                return answer.build();
            }
            case "node.quorum":
                return IpcMessage.okBuilder().put("quorate", Boolean.toString(membership.quorum().quorate())).build();
            case "node.id":
                for (int i = 0; i < nodes.size(); i++) {
                    if (nodes.get(i).node().equals(membership.localNode())) {
                        return IpcMessage.okBuilder().put("id", Integer.toString(i + 1)).build();
                    }
                }
                return IpcMessage.error(CrmExit.PROTOCOL, "the local node is not among the known nodes");
            case "node.name-for-id": {
                int id;
                try {
                    id = Integer.parseInt(request.require("id"));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("node id '" + request.message().get("id").orElse("") + "' is not a number");
                }
                if (id < 1 || id > nodes.size()) {
                    return IpcMessage.error(CrmExit.NOHOST, "Node is not known to cluster");
                }
                return IpcMessage.okBuilder().put("name", nodes.get(id - 1).node().name()).build();
            }
            default:
                return IpcMessage.error(CrmExit.UNIMPLEMENT_FEATURE, "unknown verb '" + request.verb() + "'");
        }
    }
}
