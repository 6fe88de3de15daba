package io.tandem.attributes.internal;

import io.tandem.messaging.config.LocalNodeName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.attributes.AttributeLifetime;
import io.tandem.common.NodeId;
import io.tandem.membership.Membership;
import io.tandem.membership.NodeStatus;
import io.tandem.membership.PingNodeStatus;
import io.tandem.membership.QuorumStatus;
import io.tandem.membership.View;
import io.tandem.membership.ViewListener;
import io.tandem.testkit.SimMessengerNetwork;
import io.tandem.testkit.SimScheduler;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttributesServiceTest {
    @Test
    void theLocalNodeIsConfiguredElseMessagingsElseTheHostName() {
        assertEquals("alpha", LocalNodeName.choose(" alpha ", "beta", () -> "gamma"));
        assertEquals("beta", LocalNodeName.choose("", "beta", () -> "gamma"));
        assertEquals("gamma", LocalNodeName.choose("", null, () -> "gamma\n"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> LocalNodeName.choose("bad name", null, () -> "x"));
        assertTrue(bad.getMessage().startsWith("nodeName: invalid node name 'bad name'"), bad.getMessage());
        IllegalArgumentException noHost = assertThrows(IllegalArgumentException.class, () -> LocalNodeName.choose("", "", () -> {
            throw new IOException("no /proc");
        }));
        assertTrue(noHost.getMessage().contains("host name cannot be read"));
    }

    @Test
    void stateLivesUnderKarafDataUnlessConfigured() {
        assertEquals(Path.of("/k/data/tandem"), AttributesService.stateDirectory("", "/k/data"));
        assertEquals(Path.of("/srv/state"), AttributesService.stateDirectory("/srv/state", null));
        assertThrows(IllegalArgumentException.class, () -> AttributesService.stateDirectory("", null));
    }

    @TempDir
    Path state;

    private AttributesService service(String nodeName) {
        return new AttributesService(new AttributesConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return AttributesConfig.class;
            }

            @Override
            public String nodeName() {
                return nodeName;
            }

            @Override
            public String stateDirectory() {
                return state.toString();
            }
        }, null);
    }

    /** Just enough membership to hand out views. */
    private static final class ViewSource implements Membership {
        final List<ViewListener> listeners = new ArrayList<>();

        void install(long id, String... members) {
            List<NodeId> ids = java.util.Arrays.stream(members).map(NodeId::of).sorted().toList();
            View view = new View(id, ids, ids.get(0));
            List.copyOf(listeners).forEach(l -> l.viewChanged(view, new QuorumStatus(true, ids.size(), ids.size(), false, false, io.tandem.membership.NoQuorumPolicy.STOP)));
        }

        @Override
        public NodeId localNode() {
            return NodeId.of("node1");
        }

        @Override
        public View currentView() {
            return new View(0, List.of(localNode()), localNode());
        }

        @Override
        public List<NodeStatus> nodes() {
            return List.of();
        }

        @Override
        public Optional<NodeStatus> node(NodeId node) {
            return Optional.empty();
        }

        @Override
        public QuorumStatus quorum() {
            return null;
        }

        @Override
        public List<PingNodeStatus> pingNodes() {
            return List.of();
        }

        @Override
        public Map<String, String> nodeAttributes(NodeId node) {
            return Map.of();
        }

        @Override
        public AutoCloseable addViewListener(ViewListener listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }
    }

    @Test
    void membershipViewsAreFollowedWhileBoundAndTheStoreStaysLocalWithoutAMessenger() {
        AttributesService service = service("node1");
        try {
            ViewSource membership = new ViewSource();
            service.bindMembership(membership);
            service.set("node2", "x", "1", AttributeLifetime.REBOOT, Duration.ZERO);
            membership.install(1, "node1", "node2");
            membership.install(2, "node1");
            assertEquals(Optional.empty(), service.get("node2", "x", AttributeLifetime.REBOOT), "node2 left the view");
            service.unbindMembership(membership);
            assertTrue(membership.listeners.isEmpty());

            // a messenger running under another name is refused (logged), the store keeps working
            SimMessengerNetwork network = new SimMessengerNetwork(new SimScheduler(), 1, 100, 1);
            service.bindMessenger(network.start("other"));
            service.set(null, "y", "2", AttributeLifetime.REBOOT, Duration.ZERO);
            assertEquals(Optional.of("2"), service.get("node1", "y", AttributeLifetime.REBOOT));
        } finally {
            service.deactivate();
        }
    }
}
