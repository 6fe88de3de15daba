package io.tandem.messaging;

import io.tandem.common.NodeId;
import java.util.List;

/**
 * A peer as the messenger sees it across all links.
 *
 * @param lastHeardMillisAgo time since the last authenticated packet on any link, or -1 if never
 * @param linksUp names of the links the peer is currently heard on
 * @param unackedMessages reliable messages sent to it and not yet acknowledged
 */
public record PeerStatus(NodeId peer, long incarnation, long lastHeardMillisAgo, List<String> linksUp, int unackedMessages) {
    public PeerStatus {
        linksUp = List.copyOf(linksUp);
    }
}
