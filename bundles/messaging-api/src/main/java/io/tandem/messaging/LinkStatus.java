package io.tandem.messaging;

import java.util.List;

/**
 * One heartbeat medium as configured ({@code ucast eth1 10.1.1.2}, {@code mcast eth0 225.0.0.1 694 1 0},
 * {@code bcast eth3}) and the state of each peer on it.
 *
 * @param name stable name of the link, such as {@code ucast:eth1:10.1.1.2}
 * @param medium the ha.cf directive it was configured from
 * @param up whether the link's socket is open and sending
 * @param error why the link is not up, or empty
 */
public record LinkStatus(String name, String medium, boolean up, String error, List<PeerLinkState> peers) {
    public LinkStatus {
        peers = List.copyOf(peers);
        error = error == null ? "" : error;
    }
}
