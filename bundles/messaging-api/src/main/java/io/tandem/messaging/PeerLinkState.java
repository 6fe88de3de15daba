package io.tandem.messaging;

import io.tandem.common.NodeId;

/**
 * One peer as seen on one link.
 *
 * @param up heard on this link within the link dead time
 * @param lastHeardMillisAgo time since the last authenticated packet on this link, or -1 if never
 * @param address the peer's source address last seen on this link, e.g. {@code 10.1.1.2:694}
 */
public record PeerLinkState(NodeId peer, boolean up, long lastHeardMillisAgo, String address, long packetsReceived) {
}
