package io.tandem.itests;

import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.tandem.messaging.ClusterMessenger;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/** As heartbeat does, a node whose authkeys other users can read refuses to talk, and says why. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WorldReadableAuthKeysIT {
    @Inject
    private BundleContext context;

    @Inject
    private SessionFactory sessions;

    @Configuration
    public Option[] config() {
        return TandemContainer.options("rw-r--r--");
    }

    @Test
    public void messagingRefusesToStartAndTheConsoleSaysWhy() throws Exception {
        String out = TandemContainer.waitFor(() -> {
            try {
                String text = TandemContainer.execute(sessions, "ha:nodes");
                return text.contains("did not start") ? text : null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, 30, "ha:nodes to explain the failure");
        assertTrue(out, out.contains("messaging did not start"));
        assertTrue(out, out.contains("mode 644"));
        assertTrue(out, out.contains("authkeys"));
        // SCR keeps a failed component's registration and retries activation on every lookup: none may succeed
        assertNull("no messenger may run with a readable key file", obtain(ClusterMessenger.class));
        assertNull("nor membership on top of it", obtain(io.tandem.membership.Membership.class));
    }

    private <T> T obtain(Class<T> type) {
        org.osgi.framework.ServiceReference<T> ref = context.getServiceReference(type);
        return ref == null ? null : context.getService(ref);
    }
}
