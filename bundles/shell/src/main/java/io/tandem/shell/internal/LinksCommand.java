package io.tandem.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "ha", name = "links", description = "Shows each heartbeat link, each peer on it, and the dropped-packet counters.",
        detailedDescription = """
                One section per heartbeat medium (ucast, mcast, bcast lines of ha.cf, the media setting of \
                etc/io.tandem.messaging.config): its name, the medium it was configured from, and whether it is up (or why \
                not). Then one line per peer on that link:
                  State       up when the peer was heard on this link within the link dead time
                  Last heard  time since its last authenticated packet on this link
                  Address     the source address its packets come from
                  Packets     authenticated packets received from it on this link

                Then the packet and message counters since the messenger started, and every dropped packet by reason: \
                BAD_AUTH (forged, corrupted or signed with another key), REPLAY, FOREIGN_CLUSTER (another cluster on the \
                same network), UNKNOWN_KEY, MALFORMED, DUPLICATE (a copy from a redundant link: expected), OWN_PACKET, \
                STALE_DESTINATION and OVERLOAD.""")
@Service
public final class LinksCommand extends StatusCommand {
    @Override
    String output() {
        if (messenger == null) {
            return Unavailable.explain(scr, null, null).orElseThrow();
        }
        return TextRenderer.links(messenger.links(), messenger.counters());
    }
}
