package io.tandem.membership.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.NodeId;
import io.tandem.membership.NoQuorumPolicy;
import io.tandem.membership.QuorumStatus;
import io.tandem.membership.View;
import io.tandem.membership.ViewListener;
import io.tandem.membership.internal.ScriptedMessenger.Sent;
import io.tandem.membership.internal.ViewMessage.Ack;
import io.tandem.membership.internal.ViewMessage.Commit;
import io.tandem.membership.internal.ViewMessage.Nack;
import io.tandem.membership.internal.ViewMessage.NackReason;
import io.tandem.membership.internal.ViewMessage.Propose;
import io.tandem.testkit.SimScheduler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agreement rules of one engine, driven message by message (deadtime 500 ms: settle 50, proposal timeout 250). */
class ViewProtocolTest {
    private static final NodeId A = NodeId.of("a");
    private static final NodeId B = NodeId.of("b");
    private static final NodeId C = NodeId.of("c");

    @TempDir
    Path state;

    private final SimScheduler scheduler = new SimScheduler();
    private final List<String> events = new ArrayList<>();
    private ScriptedMessenger messenger;
    private MembershipEngine engine;

    private void start(String self) {
        messenger = new ScriptedMessenger(self);
        MembershipSettings settings = new MembershipSettings(List.of(A, B, C), 500, 250, 1000, 0, true, true,
                NoQuorumPolicy.STOP, List.of(), 1000, 30000, 1);
        engine = new MembershipEngine(scheduler, messenger, settings, new ViewIdFile(state), (a, t) -> false,
                scheduler, MembershipEvents.NONE);
        engine.start();
        engine.addViewListener(new ViewListener() {
            @Override
            public void viewChanging(View current, long proposedViewId) {
                events.add("CHANGING " + proposedViewId);
            }

            @Override
            public void viewChanged(View view, QuorumStatus quorum) {
                events.add("CHANGED " + view);
            }
        });
        scheduler.advanceMillis(1);
    }

    private void hear(String peer, long maxViewIdSeen) {
        messenger.heard(peer, 1, new HeartbeatPayload(0, NodeId.of(peer), maxViewIdSeen, Map.of()).encode());
        scheduler.advanceMillis(1);
    }

    private void deliver(String peer, ViewMessage message) {
        messenger.deliver(peer, 1, message);
        scheduler.advanceMillis(1);
    }

    @Test
    void memberAcksOnlyTheLowestLiveNodeAndOnlyNewIds() {
        start("b");
        hear("a", 0);
        hear("c", 0);
        messenger.drain();
        deliver("c", new Propose(5, List.of(B, C)));
        assertEquals(List.of(new Sent(C, new Nack(5, NackReason.NOT_COORDINATOR, 5))), messenger.drain());

        deliver("a", new Propose(4, List.of(A, B, C)));
        assertEquals(List.of(new Sent(A, new Nack(4, NackReason.STALE, 5))), messenger.drain(),
                "id 5 was already seen");
        deliver("a", new Propose(6, List.of(A, B, C)));
        assertEquals(List.of(new Sent(A, new Ack(6))), messenger.drain());
        assertEquals("CHANGING 6", events.get(events.size() - 1));
        assertEquals(6, new ViewIdFile(state).load(), "an acknowledged id is persisted");
    }

    @Test
    void memberInstallsOnlyTheCommitOfWhatItAcknowledged() {
        start("b");
        hear("a", 0);
        hear("c", 0);
        deliver("a", new Propose(8, List.of(A, B, C)));
        deliver("a", new Commit(7, List.of(A, B, C)));
        deliver("a", new Commit(8, List.of(A, B)));
        deliver("c", new Commit(8, List.of(A, B, C)));
        assertEquals(0, engine.currentView().id(), "stale, altered or foreign commits are ignored");
        deliver("a", new Commit(8, List.of(A, B, C)));
        assertEquals(new View(8, List.of(A, B, C), A), engine.currentView());
        assertEquals(List.of("CHANGED view 0 [b]", "CHANGING 8", "CHANGED view 8 [a, b, c]"), events);
    }

    @Test
    void coordinatorCommitsOnlyOnceEveryMemberAcknowledged() {
        start("a");
        hear("b", 41);
        hear("c", 0);
        scheduler.advanceMillis(60); // settle
        List<Sent> proposals = messenger.drain();
        assertEquals(List.of(new Sent(B, new Propose(42, List.of(A, B, C))), new Sent(C, new Propose(42, List.of(A, B, C)))),
                proposals, "id continues from the highest id peers reported");
        deliver("b", new Ack(42));
        assertEquals(0, engine.currentView().id());
        assertTrue(messenger.drain().isEmpty());
        deliver("c", new Ack(41));
        assertEquals(0, engine.currentView().id(), "an ack of another id counts for nothing");
        deliver("c", new Ack(42));
        assertEquals(new View(42, List.of(A, B, C), A), engine.currentView());
        assertEquals(List.of(new Sent(B, new Commit(42, List.of(A, B, C))), new Sent(C, new Commit(42, List.of(A, B, C)))),
                messenger.drain());
    }

    @Test
    void coordinatorProposesAgainWithoutSilentMembersAfterTheTimeout() {
        start("a");
        hear("b", 0);
        hear("c", 0);
        scheduler.advanceMillis(60);
        messenger.drain();
        deliver("b", new Ack(1));
        scheduler.advanceMillis(150);
        assertTrue(messenger.drain().isEmpty(), "still waiting for c");
        // Keep b and c alive: c is heard but does not answer.
        hear("b", 1);
        hear("c", 0);
        scheduler.advanceMillis(100);
        assertEquals(List.of(new Sent(B, new Propose(2, List.of(A, B)))), messenger.drain());
        deliver("b", new Ack(2));
        assertEquals(new View(2, List.of(A, B), A), engine.currentView());
    }

    @Test
    void coordinatorDropsAMemberThatRefusesItAndRetriesStaleIdsHigher() {
        start("a");
        hear("b", 0);
        hear("c", 0);
        scheduler.advanceMillis(60);
        messenger.drain();
        deliver("b", new Nack(1, NackReason.STALE, 9));
        assertEquals(List.of(new Sent(B, new Propose(10, List.of(A, B, C))), new Sent(C, new Propose(10, List.of(A, B, C)))),
                messenger.drain());
        deliver("c", new Nack(10, NackReason.NOT_COORDINATOR, 10));
        assertEquals(List.of(new Sent(B, new Propose(11, List.of(A, B)))), messenger.drain());
    }
}
