package io.tandem.membership.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.membership.QuorumStatus;
import io.tandem.membership.View;
import io.tandem.membership.ViewListener;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DS component on its real event loop, with a scripted messenger (a node configured alone sends nothing). */
class MembershipServiceTest {
    @TempDir
    Path state;

    @Test
    void badConfigurationFailsActivationNamingTheProperty() {
        TestConfig config = new TestConfig();
        config.stateDirectory = state.toString();
        config.warnTimeMillis = 40000;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MembershipService(new ScriptedMessenger("a"), config));
        assertTrue(e.getMessage().startsWith("warnTimeMillis"), e.getMessage());
    }

    @Test
    void aSingleNodeFormsItsViewOnTheEventLoopAndTellsWhiteboardListeners() throws Exception {
        TestConfig config = new TestConfig();
        config.nodes = new String[] {"solo"};
        config.deadTimeMillis = 500;
        config.warnTimeMillis = 200;
        config.initDeadMillis = 1000;
        config.stateDirectory = state.toString();
        ScriptedMessenger messenger = new ScriptedMessenger("solo");
        MembershipService service = new MembershipService(messenger, config);
        BlockingQueue<View> views = new ArrayBlockingQueue<>(16);
        ViewListener listener = new ViewListener() {
            @Override
            public void viewChanged(View view, QuorumStatus quorum) {
                views.add(view);
            }
        };
        try {
            service.bindViewListener(listener);
            assertEquals(0, views.poll(5, TimeUnit.SECONDS).id(), "told the current view at once");
            View formed = views.poll(5, TimeUnit.SECONDS);
            assertEquals(1, formed.id());
            assertTrue(service.quorum().quorate());
            assertEquals(1, new ViewIdFile(state).load());
            assertTrue(messenger.heartbeatPayload().length > 0, "heartbeats carry the view");
        } finally {
            service.unbindViewListener(listener);
            service.deactivate();
        }
        assertEquals(0, messenger.heartbeatPayload().length, "payload provider removed on deactivation");
    }
}
