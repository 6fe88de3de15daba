package io.tandem.shell.internal;

import io.tandem.common.NodeId;
import io.tandem.importers.ImportFinding;
import io.tandem.importers.ImportReport;
import io.tandem.importers.Severity;
import io.tandem.membership.NodeState;
import io.tandem.membership.NodeStatus;
import io.tandem.membership.PingNodeStatus;
import io.tandem.membership.QuorumStatus;
import io.tandem.membership.View;
import io.tandem.messaging.DropReason;
import io.tandem.messaging.LinkStatus;
import io.tandem.messaging.MessagingCounters;
import io.tandem.messaging.PeerLinkState;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders the status model (the messaging and membership API records, and import reports) as console text.
 * Pure functions of their arguments: the commands fetch, this formats, and other renderers (web, JSON) can
 * take the same records.
 */
final class TextRenderer {
    static final String MESSAGING_NOT_CONFIGURED =
            "messaging is not configured: run ha:import-hacf or edit etc/io.tandem.messaging.config";
    static final String MEMBERSHIP_NOT_CONFIGURED =
            "membership is not configured: run ha:import-hacf or edit etc/io.tandem.membership.config";

    private TextRenderer() {
    }

    static String nodes(View view, List<NodeStatus> nodes) {
        StringBuilder sb = new StringBuilder(viewLine(view)).append('\n');
        TextTable table = new TextTable("Node", "State", "In view", "Links up", "Last heartbeat", "Incarnation",
                "Declared dead");
        for (NodeStatus node : nodes) {
            boolean local = node.state() == NodeState.LOCAL;
            table.row(node.node(), node.state(), yesNo(node.inView()),
                    local ? "-" : node.linksUp().isEmpty() ? "none" : String.join(", ", node.linksUp()),
                    local ? "-" : Ages.format(node.lastHeartbeatMillisAgo()),
                    node.incarnation() == 0 ? "-" : node.incarnation(),
                    node.state() == NodeState.DEAD && node.detectionMillis() > 0
                            ? Ages.format(node.detectionMillis()) + " after its last heartbeat" : "");
        }
        return sb.append(table.render()).toString();
    }

    static String viewLine(View view) {
        return "View " + view.id() + ": members " + view.members().stream().map(NodeId::name)
                .collect(Collectors.joining(", ")) + "; coordinator " + view.coordinator();
    }

    static String links(List<LinkStatus> links, MessagingCounters counters) {
        StringBuilder sb = new StringBuilder();
        if (links.isEmpty()) {
            sb.append("No heartbeat media configured (media in etc/io.tandem.messaging.config).\n");
        }
        for (LinkStatus link : links) {
            sb.append("Link ").append(link.name()).append(" (").append(link.medium()).append("): ")
                    .append(link.up() ? "up" : "DOWN" + (link.error().isEmpty() ? "" : ": " + link.error())).append('\n');
            TextTable peers = new TextTable("Peer", "State", "Last heard", "Address", "Packets");
            for (PeerLinkState peer : link.peers()) {
                peers.row(peer.peer(), peer.up() ? "up" : "down", Ages.format(peer.lastHeardMillisAgo()),
                        peer.address() == null || peer.address().isEmpty() ? "-" : peer.address(), peer.packetsReceived());
            }
            sb.append(peers.isEmpty() ? "no peer heard on this link\n" : peers.render()).append('\n');
        }
        sb.append("Packets: ").append(counters.packetsSent()).append(" sent, ").append(counters.packetsReceived())
                .append(" received (").append(counters.bytesSent()).append(" / ").append(counters.bytesReceived())
                .append(" bytes); messages: ").append(counters.messagesSent()).append(" sent, ")
                .append(counters.messagesDelivered()).append(" delivered, ").append(counters.retransmissions())
                .append(" retransmissions\n");
        TextTable drops = new TextTable("Dropped because", "Packets");
        for (DropReason reason : DropReason.values()) {
            drops.row(reason, counters.dropped(reason));
        }
        return sb.append(drops.render()).toString();
    }

    /**
     * @param attributes the local node's membership attributes (for {@code ping-connectivity})
     * @param nowMillis wall-clock now, to show how long ago ping nodes changed
     */
    static String quorum(QuorumStatus quorum, List<PingNodeStatus> pingNodes, Map<String, String> attributes,
                         long nowMillis) {
        StringBuilder sb = new StringBuilder();
        field(sb, "Quorate", yesNo(quorum.quorate()));
        field(sb, "Votes", quorum.votes() + " of " + quorum.expectedVotes() + " expected");
        field(sb, "Needed", String.valueOf(quorum.needed()));
        field(sb, "Two-node", yesNo(quorum.twoNode()));
        field(sb, "Wait-for-all", quorum.waitingForAll()
                ? "waiting: no quorum until every node has been seen together once" : "not waiting");
        field(sb, "No-quorum-policy", quorum.policy().cibValue());
        String connectivity = attributes.get("ping-connectivity");
        field(sb, "Ping connectivity", connectivity == null ? "not published (no ping nodes)" : connectivity
                + " (node attribute ping-connectivity)");
        if (pingNodes.isEmpty()) {
            field(sb, "Ping nodes", "none configured");
            return sb.toString();
        }
        sb.append("Ping nodes:\n");
        TextTable table = new TextTable("Name", "Addresses", "Status", "Last change");
        for (PingNodeStatus ping : pingNodes) {
            table.row(ping.name(), String.join(", ", ping.addresses()), ping.up() ? "up" : "DOWN",
                    ping.lastChangeMillis() == 0 ? "never"
                            : Ages.format(Math.max(0, nowMillis - ping.lastChangeMillis())) + " ago");
        }
        return sb.append(table.render()).toString();
    }

    /** Every finding as {@code FILE:LINE: SEVERITY: directive: message}, then what was (or would be) applied. */
    static String importReport(ImportReport report) {
        StringBuilder sb = new StringBuilder();
        for (ImportFinding finding : report.findings()) {
            sb.append(finding).append('\n');
        }
        sb.append(report.count(Severity.ERROR)).append(" error(s), ").append(report.count(Severity.WARNING))
                .append(" warning(s), ").append(report.count(Severity.INFO)).append(" note(s).\n");
        if (report.applied()) {
            sb.append("Applied:\n");
        } else if (report.hasErrors()) {
            sb.append("Nothing was changed because of the errors. The configuration would be:\n");
        } else {
            sb.append("Dry run, nothing was changed. The configuration would be:\n");
        }
        report.configurations().forEach((pid, properties) -> {
            sb.append("  ").append(pid).append('\n');
            properties.forEach((key, value) -> sb.append("    ").append(key).append(" = ").append(show(value)).append('\n'));
        });
        if (report.authKeysWritten().isPresent()) {
            sb.append("Wrote ").append(report.authKeysWritten().get()).append(" (mode 600) from ")
                    .append(report.authKeys()).append('\n');
        } else {
            sb.append("  authkeys from ").append(report.authKeys()).append(" -> etc/authkeys (mode 600)\n");
        }
        return sb.toString();
    }

    private static String show(Object value) {
        return value instanceof Object[] array ? Arrays.toString(array) : String.valueOf(value);
    }

    private static void field(StringBuilder sb, String name, String value) {
        sb.append(String.format(java.util.Locale.ROOT, "%-18s %s\n", name + ":", value));
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }
}
