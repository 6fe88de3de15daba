package io.tandem.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.NodeId;
import io.tandem.importers.ImportFinding;
import io.tandem.importers.ImportReport;
import io.tandem.importers.Severity;
import io.tandem.membership.NoQuorumPolicy;
import io.tandem.membership.NodeState;
import io.tandem.membership.NodeStatus;
import io.tandem.membership.PingNodeStatus;
import io.tandem.membership.QuorumStatus;
import io.tandem.membership.View;
import io.tandem.messaging.DropReason;
import io.tandem.messaging.LinkStatus;
import io.tandem.messaging.MessagingCounters;
import io.tandem.messaging.PeerLinkState;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TextRendererTest {
    static final NodeId DB1 = NodeId.of("db1");
    static final NodeId DB2 = NodeId.of("db2");
    static final NodeId DB3 = NodeId.of("db3");

    @Test
    void nodesShowsTheViewAndOneLinePerNode() {
        String text = TextRenderer.nodes(new View(7, List.of(DB1, DB2), DB1), List.of(
                new NodeStatus(DB1, NodeState.LOCAL, true, 12, -1, List.of(), 0, 0),
                new NodeStatus(DB2, NodeState.ACTIVE, true, 5, 120, List.of("ucast:eth1:10.1.1.2", "bcast:eth2"), 0, 0),
                new NodeStatus(DB3, NodeState.DEAD, false, 3, 1_640, List.of(), 1_700_000_000_000L, 610),
                new NodeStatus(NodeId.of("db4"), NodeState.UNKNOWN, false, 0, -1, List.of(), 0, 0)));

        assertEquals("""
                View 7: members db1, db2; coordinator db1
                Node | State   | In view | Links up                        | Last heartbeat | Incarnation | Declared dead
                -----+---------+---------+---------------------------------+----------------+-------------+-------------------------------
                db1  | LOCAL   | yes     | -                               | -              | 12          |
                db2  | ACTIVE  | yes     | ucast:eth1:10.1.1.2, bcast:eth2 | 0.12s          | 5           |
                db3  | DEAD    | no      | none                            | 1.64s          | 3           | 0.61s after its last heartbeat
                db4  | UNKNOWN | no      | none                            | never          | -           |
                """, text);
    }

    @Test
    void linksShowPeersPerLinkAndEveryDropReason() {
        MessagingCounters counters = new MessagingCounters(100, 90, 12_000, 11_000, 4, 3, 1,
                Map.of(DropReason.BAD_AUTH, 2L, DropReason.DUPLICATE, 40L));
        String text = TextRenderer.links(List.of(
                new LinkStatus("ucast:eth1:10.1.1.2", "ucast eth1 10.1.1.2", true, "",
                        List.of(new PeerLinkState(DB2, true, 250, "10.1.1.2:694", 88))),
                new LinkStatus("bcast:eth2", "bcast eth2", false, "No such device eth2", List.of())), counters);

        assertEquals("""
                Link ucast:eth1:10.1.1.2 (ucast eth1 10.1.1.2): up
                Peer | State | Last heard | Address      | Packets
                -----+-------+------------+--------------+--------
                db2  | up    | 0.25s      | 10.1.1.2:694 | 88

                Link bcast:eth2 (bcast eth2): DOWN: No such device eth2
                no peer heard on this link

                Packets: 100 sent, 90 received (12000 / 11000 bytes); messages: 4 sent, 3 delivered, 1 retransmissions
                Dropped because   | Packets
                ------------------+--------
                MALFORMED         | 0
                FOREIGN_CLUSTER   | 0
                UNKNOWN_KEY       | 0
                BAD_AUTH          | 2
                REPLAY            | 0
                DUPLICATE         | 40
                OWN_PACKET        | 0
                STALE_DESTINATION | 0
                OVERLOAD          | 0
                """, text);
    }

    @Test
    void quorumShowsVotesPolicyAndPingNodes() {
        String text = TextRenderer.quorum(new QuorumStatus(true, 1, 2, true, false, NoQuorumPolicy.STOP),
                List.of(new PingNodeStatus("10.0.0.254", List.of("10.0.0.254"), true, 1_000_000),
                        new PingNodeStatus("uplinks", List.of("10.1.0.1", "10.2.0.1"), false, 0)),
                Map.of("ping-connectivity", "1"), 1_012_500);

        assertEquals("""
                Quorate:           yes
                Votes:             1 of 2 expected
                Needed:            1
                Two-node:          yes
                Wait-for-all:      not waiting
                No-quorum-policy:  stop
                Ping connectivity: 1 (node attribute ping-connectivity)
                Ping nodes:
                Name       | Addresses          | Status | Last change
                -----------+--------------------+--------+------------
                10.0.0.254 | 10.0.0.254         | up     | 12.50s ago
                uplinks    | 10.1.0.1, 10.2.0.1 | DOWN   | never
                """, text);
    }

    @Test
    void quorumWithoutPingNodesAndWaitingForAll() {
        String text = TextRenderer.quorum(new QuorumStatus(false, 1, 3, false, true, NoQuorumPolicy.FREEZE),
                List.of(), Map.of(), 0);

        assertTrue(text.contains("Quorate:           no\n"), text);
        assertTrue(text.contains("Needed:            2\n"), text);
        assertTrue(text.contains("Wait-for-all:      waiting: no quorum until every node has been seen together once\n"), text);
        assertTrue(text.contains("No-quorum-policy:  freeze\n"), text);
        assertTrue(text.endsWith("Ping nodes:        none configured\n"), text);
    }

    @Test
    void importReportListsFindingsCompilerStyleThenTheConfiguration() {
        Path haCf = Path.of("/etc/ha.d/ha.cf");
        Path authKeys = Path.of("/etc/ha.d/authkeys");
        Map<String, Map<String, Object>> config = new LinkedHashMap<>();
        config.put("io.tandem.messaging", Map.of("media", new String[] {"ucast eth1 10.1.1.2"}, "keepAliveMillis", 2000L));
        config.put("io.tandem.crm", Map.of("autoFailback", "on"));
        ImportReport report = new ImportReport(haCf, authKeys, List.of(
                new ImportFinding(haCf, 4, Severity.WARNING, "keepalive", "'//' is not a comment in ha.cf; ignored the rest of the line"),
                new ImportFinding(haCf, 0, Severity.ERROR, "", "no heartbeat medium")),
                config, false, false, Optional.empty());

        assertEquals("""
                /etc/ha.d/ha.cf:4: WARNING: keepalive: '//' is not a comment in ha.cf; ignored the rest of the line
                /etc/ha.d/ha.cf:0: ERROR: no heartbeat medium
                1 error(s), 1 warning(s), 0 note(s).
                Nothing was changed because of the errors. The configuration would be:
                  io.tandem.crm
                    autoFailback = on
                  io.tandem.messaging
                    keepAliveMillis = 2000
                    media = [ucast eth1 10.1.1.2]
                  authkeys from /etc/ha.d/authkeys -> etc/authkeys (mode 600)
                """, TextRenderer.importReport(report));
    }

    @Test
    void appliedImportSaysWhereAuthkeysWent() {
        Path haCf = Path.of("/etc/ha.d/ha.cf");
        ImportReport report = new ImportReport(haCf, Path.of("/etc/ha.d/authkeys"), List.of(),
                Map.of("io.tandem.membership", Map.of("nodes", new String[] {"a", "b"})), false, true,
                Optional.of(Path.of("/opt/tandem/etc/authkeys")));

        String text = TextRenderer.importReport(report);
        assertTrue(text.contains("Applied:\n  io.tandem.membership\n    nodes = [a, b]\n"), text);
        assertTrue(text.endsWith("Wrote /opt/tandem/etc/authkeys (mode 600) from /etc/ha.d/authkeys\n"), text);
    }
}
