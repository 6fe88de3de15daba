package io.tandem.shell.internal;

import static io.tandem.shell.internal.TextRendererTest.DB1;
import static io.tandem.shell.internal.TextRendererTest.DB2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.NodeId;
import io.tandem.importers.HaCfImporter;
import io.tandem.importers.ImportFinding;
import io.tandem.importers.ImportReport;
import io.tandem.importers.Severity;
import io.tandem.membership.Membership;
import io.tandem.membership.NoQuorumPolicy;
import io.tandem.membership.NodeState;
import io.tandem.membership.NodeStatus;
import io.tandem.membership.PingNodeStatus;
import io.tandem.membership.QuorumStatus;
import io.tandem.membership.View;
import io.tandem.messaging.ClusterMessenger;
import io.tandem.messaging.LinkStatus;
import io.tandem.messaging.MessageHandler;
import io.tandem.messaging.MessagingCounters;
import io.tandem.messaging.PeerListener;
import io.tandem.messaging.PeerStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandsTest {
    /** A node's membership as fixed values. */
    private static final class FixedMembership implements Membership {
        @Override
        public NodeId localNode() {
            return DB1;
        }

        @Override
        public View currentView() {
            return new View(3, List.of(DB1, DB2), DB1);
        }

        @Override
        public List<NodeStatus> nodes() {
            return List.of(new NodeStatus(DB1, NodeState.LOCAL, true, 2, -1, List.of(), 0, 0),
                    new NodeStatus(DB2, NodeState.ACTIVE, true, 9, 80, List.of("ucast:eth1:10.1.1.2"), 0, 0));
        }

        @Override
        public Optional<NodeStatus> node(NodeId node) {
            return nodes().stream().filter(n -> n.node().equals(node)).findFirst();
        }

        @Override
        public QuorumStatus quorum() {
            return new QuorumStatus(true, 2, 2, true, false, NoQuorumPolicy.IGNORE);
        }

        @Override
        public List<PingNodeStatus> pingNodes() {
            return List.of(new PingNodeStatus("10.0.0.254", List.of("10.0.0.254"), true, 5_000));
        }

        @Override
        public Map<String, String> nodeAttributes(NodeId node) {
            return node.equals(DB1) ? Map.of("ping-connectivity", "100") : Map.of();
        }

        @Override
        public AutoCloseable addViewListener(io.tandem.membership.ViewListener listener) {
            throw new UnsupportedOperationException("commands only read");
        }
    }

    /** A messenger with one link and no traffic; the status commands only read it. */
    private static final class IdleMessenger implements ClusterMessenger {
        @Override
        public NodeId localNode() {
            return DB1;
        }

        @Override
        public long incarnation() {
            return 2;
        }

        @Override
        public String clusterName() {
            return "tandem";
        }

        @Override
        public void send(NodeId peer, String channel, byte[] payload) {
            throw new UnsupportedOperationException("commands only read");
        }

        @Override
        public void broadcast(String channel, byte[] payload) {
            throw new UnsupportedOperationException("commands only read");
        }

        @Override
        public Subscription subscribe(String channel, MessageHandler handler) {
            throw new UnsupportedOperationException("commands only read");
        }

        @Override
        public Subscription addPeerListener(PeerListener listener) {
            throw new UnsupportedOperationException("commands only read");
        }

        @Override
        public Subscription setHeartbeatPayloadProvider(io.tandem.messaging.HeartbeatPayloadProvider provider) {
            throw new UnsupportedOperationException("commands only read");
        }

        @Override
        public List<PeerStatus> peers() {
            return List.of();
        }

        @Override
        public List<LinkStatus> links() {
            return List.of(new LinkStatus("bcast:eth3", "bcast eth3", true, "", List.of()));
        }

        @Override
        public MessagingCounters counters() {
            return new MessagingCounters(0, 0, 0, 0, 0, 0, 0, Map.of());
        }
    }

    @Test
    void statusCommandsOnAnUnconfiguredNodeSayHowToConfigureIt() {
        String messaging = "messaging is not configured: run ha:import-hacf or edit etc/io.tandem.messaging.config\n";
        assertEquals(messaging, new NodesCommand().output());
        assertEquals(messaging, new LinksCommand().output());
        assertEquals(messaging, new QuorumCommand().output());

        NodesCommand nodes = new NodesCommand();
        nodes.messenger = new IdleMessenger();
        assertEquals("membership is not configured: run ha:import-hacf or edit etc/io.tandem.membership.config\n",
                nodes.output());
    }

    @Test
    void statusCommandsRenderWhatTheServicesSay() {
        NodesCommand nodes = new NodesCommand();
        nodes.membership = new FixedMembership();
        String nodesText = nodes.output();
        assertTrue(nodesText.startsWith("View 3: members db1, db2; coordinator db1\n"), nodesText);
        assertTrue(nodesText.contains("db2  | ACTIVE | yes     | ucast:eth1:10.1.1.2 | 0.08s"), nodesText);

        LinksCommand links = new LinksCommand();
        links.messenger = new IdleMessenger();
        assertTrue(links.output().startsWith("Link bcast:eth3 (bcast eth3): up\nno peer heard on this link\n"), links.output());

        QuorumCommand quorum = new QuorumCommand();
        quorum.membership = new FixedMembership();
        quorum.wallClock = () -> 65_000;
        String quorumText = quorum.output();
        assertTrue(quorumText.contains("No-quorum-policy:  ignore\n"), quorumText);
        assertTrue(quorumText.contains("Ping connectivity: 100 (node attribute ping-connectivity)\n"), quorumText);
        assertTrue(quorumText.contains("10.0.0.254 | 10.0.0.254 | up     | 1m00s ago"), quorumText);
    }

    @Test
    void importPrintsEveryFindingAndFailsOnErrors() {
        Path haCf = Path.of("/etc/ha.d/ha.cf");
        List<Object> calls = new ArrayList<>();
        HaCfImporter importer = (file, authKeys, dryRun) -> {
            calls.add(List.of(file, String.valueOf(authKeys), dryRun));
            return new ImportReport(haCf, Path.of("/tmp/keys"), List.of(
                    new ImportFinding(haCf, 3, Severity.ERROR, "keepalive", "'abc' is not a positive time")),
                    Map.of(), dryRun, false, Optional.empty());
        };
        ImportHaCfCommand command = new ImportHaCfCommand();
        command.importer = importer;
        command.file = "/etc/ha.d/ha.cf";
        command.authKeys = "/tmp/keys";
        command.dryRun = true;
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ImportHaCfCommand.ImportFailedException failure = assertThrows(ImportHaCfCommand.ImportFailedException.class,
                () -> command.run(new PrintStream(out, true, StandardCharsets.UTF_8)));

        assertEquals(List.of(List.of(haCf, "/tmp/keys", true)), calls);
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith(
                "/etc/ha.d/ha.cf:3: ERROR: keepalive: 'abc' is not a positive time\n"), out.toString(StandardCharsets.UTF_8));
        assertEquals("/etc/ha.d/ha.cf was not imported: 1 error(s); nothing was changed", failure.getMessage());
    }

    @Test
    void importWithoutErrorsSucceeds() throws Exception {
        Path haCf = Path.of("/etc/ha.d/ha.cf");
        ImportHaCfCommand command = new ImportHaCfCommand();
        command.importer = (file, authKeys, dryRun) -> new ImportReport(haCf, haCf.resolveSibling("authkeys"), List.of(
                new ImportFinding(haCf, 9, Severity.WARNING, "ucast", "only one heartbeat medium")),
                Map.of(), dryRun, !dryRun, dryRun ? Optional.empty() : Optional.of(Path.of("/opt/tandem/etc/authkeys")));
        command.file = "/etc/ha.d/ha.cf";
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        command.run(new PrintStream(out, true, StandardCharsets.UTF_8));

        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("/etc/ha.d/ha.cf:9: WARNING: ucast: only one heartbeat medium\n0 error(s), 1 warning(s)"), text);
        assertTrue(text.contains("Applied:\n"), text);
    }
}
