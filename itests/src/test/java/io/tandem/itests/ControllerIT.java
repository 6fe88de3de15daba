package io.tandem.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.tandem.controller.ClusterAdmin;
import io.tandem.controller.ControllerState;
import java.util.List;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The cluster resource manager inside the real appliance: the lone node becomes DC, a resource configured with
 * {@code ha:configure} (crm syntax) is started by the controller through the executor and Tandem's Dummy agent
 * bundle, {@code ha:status} shows it in crm_mon's layout, and {@code ha:resource-stop} stops it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ControllerIT {
    @Inject
    private SessionFactory sessions;

    @Inject
    private ClusterAdmin admin;

    @Configuration
    public Option[] config() {
        return TandemContainer.options();
    }

    @Test
    public void aConfiguredResourceIsStartedShownAndStopped() throws Exception {
        TandemContainer.waitFor(() -> admin.state().isDc() ? true : null, 60, "this node to become DC: " + admin.state());
        String out = TandemContainer.execute(sessions, "ha:configure \"property stonith-enabled=false no-quorum-policy=ignore\"");
        assertTrue(out, out.contains("committed"));
        out = TandemContainer.execute(sessions, "ha:configure \"primitive d1 ocf:tandem:Dummy op monitor interval=2s\"");
        assertTrue(out, out.contains("committed"));
        List<ClusterAdmin.Placement> where = TandemContainer.waitFor(() -> {
            try {
                List<ClusterAdmin.Placement> p = admin.locate("d1");
                return p.isEmpty() ? null : p;
            } catch (Exception e) {
                return null;
            }
        }, 60, "d1 to start: " + admin.status(true, true));
        assertEquals(TandemContainer.NODE, where.get(0).node());
        String status = TandemContainer.execute(sessions, "ha:status");
        assertTrue(status, status.contains("Current DC: " + TandemContainer.NODE));
        assertTrue(status, status.matches("(?s).*d1\\s+\\(ocf:tandem:Dummy\\):\\s+Started " + TandemContainer.NODE + ".*"));

        TandemContainer.execute(sessions, "ha:resource-stop d1");
        TandemContainer.waitFor(() -> {
            try {
                return admin.locate("d1").isEmpty() && admin.state().phase() == ControllerState.Phase.IDLE ? true : null;
            } catch (Exception e) {
                return null;
            }
        }, 60, "d1 to stop: " + admin.status(true, true));
        assertTrue(admin.status(true, false).contains("Stopped (disabled)"));
    }
}
