package io.tandem.membership;

import java.util.List;

/**
 * A ping node ({@code ping 10.0.0.254}) or ping group ({@code ping_group g1 10.0.0.254 10.0.0.253}, up when any
 * member answers) as seen from this node.
 *
 * @param lastChangeMillis wall-clock time of the last up/down change, 0 if never
 */
public record PingNodeStatus(String name, List<String> addresses, boolean up, long lastChangeMillis) {
    public PingNodeStatus {
        addresses = List.copyOf(addresses);
    }
}
