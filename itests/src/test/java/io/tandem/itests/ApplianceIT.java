package io.tandem.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.tandem.common.NodeId;
import io.tandem.membership.Membership;
import io.tandem.messaging.ClusterMessenger;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** The real appliance boots, every Tandem bundle is active, and the console shows the node. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ApplianceIT {
    @Inject
    private BundleContext context;

    @Inject
    private SessionFactory sessions;

    @Inject
    private ClusterMessenger messenger;

    @Inject
    private Membership membership;

    @Configuration
    public Option[] config() {
        return TandemContainer.options();
    }

    @Test
    public void everyTandemBundleIsActive() throws Exception {
        // Boot features are still being started when the injected services appear (agents start last).
        List<Bundle> tandem = TandemContainer.waitFor(() -> {
            List<Bundle> found = Arrays.stream(context.getBundles())
                    .filter(b -> b.getSymbolicName().startsWith("io.tandem."))
                    .collect(Collectors.toList());
            return found.size() >= 20 && found.stream().allMatch(b -> b.getState() == Bundle.ACTIVE) ? found : null;
        }, 60, "every Tandem bundle ACTIVE: " + Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().startsWith("io.tandem.") && b.getState() != Bundle.ACTIVE)
                .map(Bundle::getSymbolicName).collect(Collectors.toList()));
        for (Bundle b : tandem) {
            assertEquals(b.getSymbolicName() + " state", Bundle.ACTIVE, b.getState());
        }
    }

    @Test
    public void nodeRunsAloneInItsOwnView() throws Exception {
        NodeId me = NodeId.of(TandemContainer.NODE);
        assertEquals(me, messenger.localNode());
        assertEquals(me, membership.localNode());
        assertTrue(messenger.incarnation() > 0);
        TandemContainer.waitFor(() -> membership.currentView().members().equals(List.of(me)) ? true : null, 30,
                "a view of " + me);
    }

    @Test
    public void haNodesShowsTheNode() throws Exception {
        String out = TandemContainer.execute(sessions, "ha:nodes");
        assertTrue("ha:nodes output:\n" + out, out.contains(TandemContainer.NODE));
        assertTrue("ha:nodes output:\n" + out, out.contains(Long.toString(messenger.incarnation())));
        String quorum = TandemContainer.execute(sessions, "ha:quorum");
        assertFalse("ha:quorum output:\n" + quorum, quorum.isBlank());
    }

    /** Hot swap: restarting the membership implementation leaves the messaging layer (and its incarnation) alone. */
    @Test
    public void membershipBundleRestartsWithoutTouchingMessaging() throws Exception {
        ServiceReference<ClusterMessenger> before = context.getServiceReference(ClusterMessenger.class);
        long incarnation = context.getService(before).incarnation();
        Bundle impl = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().equals("io.tandem.membership.impl")).findFirst().orElseThrow();
        impl.stop();
        TandemContainer.waitFor(() -> context.getServiceReference(Membership.class) == null ? true : null, 30,
                "Membership to go away");
        impl.start();
        TandemContainer.waitFor(() -> context.getServiceReference(Membership.class), 30, "Membership to come back");
        ServiceReference<ClusterMessenger> after = context.getServiceReference(ClusterMessenger.class);
        assertEquals(before.getProperty("service.id"), after.getProperty("service.id"));
        assertEquals("messaging kept its incarnation (it was not restarted)", incarnation,
                context.getService(after).incarnation());
    }
}
