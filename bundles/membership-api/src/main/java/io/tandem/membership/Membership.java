package io.tandem.membership;

import io.tandem.common.NodeId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The local node's picture of the cluster.
 *
 * <p>Also a whiteboard: every {@link ViewListener} service is told of view changes.
 */
@ProviderType
public interface Membership {
    NodeId localNode();

    /** The view this node is a member of (at start, a view of this node alone with id 0 until the first view forms). */
    View currentView();

    /** Every configured node and every node heard from, in name order. */
    List<NodeStatus> nodes();

    Optional<NodeStatus> node(NodeId node);

    QuorumStatus quorum();

    /** Ping nodes and ping groups (ha.cf {@code ping}, {@code ping_group}) as seen from this node. */
    List<PingNodeStatus> pingNodes();

    /**
     * Node attributes published by membership for the resource manager, per node, such as
     * {@code ping-connectivity} (number of reachable ping nodes/groups times the multiplier). Every node's
     * attributes travel in its heartbeats, so this answers for peers too.
     */
    Map<String, String> nodeAttributes(NodeId node);

    /** Registers a listener; it is told the current view at once. Close the returned handle to stop. */
    AutoCloseable addViewListener(ViewListener listener);
}
