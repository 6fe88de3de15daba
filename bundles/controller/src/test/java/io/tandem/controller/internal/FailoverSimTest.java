package io.tandem.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cib.Cib;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailoverSimTest {
    static final String GROUP = """
            <group id="web">
              <primitive id="ip" class="ocf" provider="tandem" type="VirtualIP">
                <instance_attributes id="ip-ia"><nvpair id="ip-ia-ip" name="ip" value="10.9.0.100"/></instance_attributes>
                <operations><op id="ip-mon" name="monitor" interval="1s" timeout="5s"/></operations>
              </primitive>
              <primitive id="www" class="ocf" provider="tandem" type="WebServer">
                <operations><op id="www-mon" name="monitor" interval="1s" timeout="5s"/></operations>
              </primitive>
            </group>""";

    @TempDir
    Path dir;

    static Cib base(Cib c) {
        return SimStack.withResources(SimStack.withProperty(c, "stonith-enabled", "false"), GROUP);
    }

    @Test
    void twoNodesElectADcAndStartTheGroupOnOneNode() throws Exception {
        try (SimStack s = new SimStack(dir, 1, "node1", "node2").startAll()) {
            assertTrue(s.runUntil(() -> s.dc().isPresent() && s.live().stream().allMatch(n -> n.state().dc().isPresent()), 10_000), "a DC is elected");
            assertEquals("node1", s.dc().get().name);
            s.configure("node2", "add the web group", FailoverSimTest::base);
            assertTrue(s.runUntil(() -> s.placement().size() == 2 && s.settled(), 10_000), "group started: " + s.placement());
            Map<String, List<String>> p = s.placement();
            assertEquals(p.get("ip"), p.get("www"), "the group runs on one node");
            assertEquals(1, p.get("ip").size());
            assertEquals(s.node("node1").cib.current().version(), s.node("node2").cib.current().version());
            assertEquals("node2", s.node("node1").cib.current().root().attr("update-origin"), "the change came from node2");
            assertTrue(s.node("node1").cib.current().root().attr("cib-last-written") != null);
            assertEquals(List.of(), s.violations());
        }
    }

    @Test
    void killingTheActiveNodeMovesTheGroupToTheSurvivor() throws Exception {
        try (SimStack s = new SimStack(dir, 2, "node1", "node2").startAll()) {
            assertTrue(s.runUntil(() -> s.dc().isPresent(), 10_000));
            s.configure("node1", "add the web group", FailoverSimTest::base);
            assertTrue(s.runUntil(() -> s.placement().size() == 2 && s.settled(), 10_000), "group started: " + s.placement());
            String active = s.placement().get("ip").get(0);
            String other = active.equals("node1") ? "node2" : "node1";
            long killedAt = s.clock.nanoTime();
            s.kill(active);
            assertTrue(s.runUntil(() -> List.of(other).equals(s.placement().get("www")), 10_000), "moved: " + s.placement());
            long ms = (s.clock.nanoTime() - killedAt) / 1_000_000;
            assertTrue(ms < 2000, "failover took " + ms + " ms of virtual time");
            assertEquals(List.of(other), s.placement().get("ip"));
            assertEquals(List.of(), s.violations());
        }
    }

    private static SimStack started(Path dir, long seed) throws Exception {
        SimStack s = new SimStack(dir, seed, "node1", "node2").startAll();
        assertTrue(s.runUntil(() -> s.dc().isPresent(), 10_000), "a DC is elected");
        s.configure("node1", "add the web group", FailoverSimTest::base);
        assertTrue(s.runUntil(() -> s.placement().size() == 2 && s.settled(), 10_000), "group started: " + s.placement());
        return s;
    }

    @Test
    void aCrashedResourceIsRestartedWhereItRan() throws Exception {
        try (SimStack s = started(dir, 3)) {
            String active = s.placement().get("www").get(0);
            long versionBefore = s.dc().get().cib.current().version().numUpdates();
            s.node(active).executor.crash("www");
            assertTrue(s.runUntil(() -> !s.placement().containsKey("www"), 3_000), "the crash is real");
            assertTrue(s.runUntil(() -> List.of(active).equals(s.placement().get("www")) && s.settled(), 10_000),
                    "restarted in place: " + s.placement());
            assertTrue(s.dc().get().cib.current().version().numUpdates() > versionBefore);
            String status = io.tandem.cib.CibXml.toXml(s.dc().get().cib.current().status());
            assertTrue(status.contains("www_last_failure_0"), "the failure is recorded in the status: " + status);
            assertEquals(List.of(), s.violations());
        }
    }

    @Test
    void standbyMovesTheGroupAndOnlineDoesNotMoveItBack() throws Exception {
        try (SimStack s = started(dir, 4)) {
            String active = s.placement().get("ip").get(0);
            String other = active.equals("node1") ? "node2" : "node1";
            s.configure(other, "standby " + active, c -> StandbyCib.standby(c, active, true));
            assertTrue(s.runUntil(() -> List.of(other).equals(s.placement().get("ip"))
                    && List.of(other).equals(s.placement().get("www")) && s.settled(), 10_000), "moved: " + s.placement());
            s.configure(active, "online " + active, c -> StandbyCib.standby(c, active, false));
            s.run(3_000);
            assertEquals(List.of(other), s.placement().get("ip"), "stays on " + other + " (default stickiness 0 keeps the current node? see scheduler)");
            assertEquals(List.of(), s.violations());
        }
    }

    @Test
    void withFencingEnabledALostNodesResourcesStayBlocked() throws Exception {
        try (SimStack s = new SimStack(dir, 5, "node1", "node2").startAll()) {
            assertTrue(s.runUntil(() -> s.dc().isPresent(), 10_000));
            s.configure("node1", "web group, fencing on, no device", c -> SimStack.withResources(c, GROUP));
            s.run(3_000);
            assertEquals(Map.of(), s.placement(), "without a fencing device nothing starts (as in Pacemaker)");
            s.configure("node1", "a fencing device", c -> SimStack.withResources(c,
                    "<primitive id=\"fence\" class=\"stonith\" type=\"fence_sim\"/>"));
            assertTrue(s.runUntil(() -> s.placement().size() == 3 && s.settled(), 10_000), "started: " + s.placement());
            String active = s.placement().get("ip").get(0);
            String other = active.equals("node1") ? "node2" : "node1";
            s.kill(active);
            s.run(8_000);
            assertEquals(null, s.placement().get("ip"), "nothing may move before " + active + " is fenced");
            assertEquals(null, s.placement().get("www"));
            assertTrue(s.dc().isPresent() && s.dc().get().name.equals(other));
            assertEquals(List.of(), s.violations());
        }
    }

    @Test
    void aMemberWhoseControllerMissedTheJoinRequestIsJoinedWhenItAnnouncesItself() throws Exception {
        try (SimStack s = new SimStack(dir, 6, "node1", "node2")) {
            s.controllerDelayMillis.put("node2", 5_000L);
            s.startAll();
            assertTrue(s.runUntil(() -> s.node("node1").state().isDc(), 10_000));
            s.configure("node1", "add the web group", FailoverSimTest::base);
            s.run(2_000);
            String join = StatusEdits.nodeState(s.node("node1").cib.current(), "node2").attr("join");
            assertEquals("pending", join, "node2's controller is not up yet, so it could not answer");
            assertTrue(s.runUntil(() -> "member".equals(StatusEdits.nodeState(s.node("node1").cib.current(), "node2").attr("join"))
                    && s.settled(), 10_000), "once it is up, node2 announces itself and joins");
            assertEquals(List.of(), s.violations());
        }
    }
}
