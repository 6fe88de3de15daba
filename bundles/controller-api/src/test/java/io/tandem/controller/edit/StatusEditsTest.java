package io.tandem.controller.edit;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import io.tandem.controller.AdminException;
import io.tandem.controller.AdminException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static io.tandem.controller.edit.TestCibs.assertRefused;
import static io.tandem.controller.edit.TestCibs.assertValid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class StatusEditsTest {
    private final Cib cib = TestCibs.twoNodes();

    private static List<String> history(Cib c, String nodeId) {
        List<String> out = new ArrayList<>();
        for (CibElement s : c.status().children("node_state")) {
            if (s.id().equals(nodeId)) {
                s.path("lrm", "lrm_resources").ifPresent(rs -> rs.children().forEach(r -> out.add(r.id())));
            }
        }
        return out;
    }

    private static List<String> transientNames(Cib c, String nodeId) {
        List<String> out = new ArrayList<>();
        for (CibElement s : c.status().children("node_state")) {
            if (s.id().equals(nodeId)) {
                s.walk(e -> {
                    if (e.name().equals("nvpair")) {
                        out.add(e.attr("name"));
                    }
                });
            }
        }
        return out;
    }

    @Test
    void refreshForgetsHistoryAndFailCountsOfOneResource() throws AdminException {
        Cib c = StatusEdits.cleanup(cib, Optional.of("d1"), Optional.empty(), false);
        assertEquals(List.of("ip", "g1", "g2", "cd", "st"), history(c, "1"));
        assertEquals(List.of(), transientNames(c, "1"));
        assertSame(cib.configuration(), c.configuration());
        assertValid(c);
    }

    @Test
    void aContainerCleansItsPrimitivesOnTheNamedNode() throws AdminException {
        Cib c = StatusEdits.cleanup(cib, Optional.of("c"), Optional.of("n2"), false);
        assertEquals(List.of("ip", "d1", "g1", "g2", "cd", "st"), history(c, "1"));
        assertEquals(List.of("st"), history(c, "2"));
        Cib g = StatusEdits.cleanup(cib, Optional.of("g"), Optional.empty(), false);
        assertEquals(List.of("ip", "d1", "cd", "st"), history(g, "1"));
    }

    @Test
    void cleanupOnlyWhereFailedKeepsHealthyHistory() throws AdminException {
        Cib c = StatusEdits.cleanup(cib, Optional.empty(), Optional.empty(), true);
        assertEquals(List.of("ip", "g1", "g2", "cd", "st"), history(c, "1"));
        assertEquals(List.of("cd", "st"), history(c, "2"));
        assertEquals(List.of(), transientNames(c, "1"));
        Cib all = StatusEdits.cleanup(cib, Optional.empty(), Optional.empty(), false);
        assertEquals(List.of(), history(all, "1"));
        assertEquals(List.of(), history(all, "2"));
    }

    @Test
    void instanceEntriesAndAttributesCount() throws AdminException {
        Cib inst = TestCibs.parse(cib.root().toString().replace("lrm_resource id=\"cd\"", "lrm_resource id=\"cd:1\"")
                .replace("fail-count-d1#monitor_10000", "fail-count-cd:1#monitor_10000"));
        Cib c = StatusEdits.cleanup(inst, Optional.of("cd"), Optional.empty(), false);
        assertEquals(List.of("ip", "d1", "g1", "g2", "st"), history(c, "1"));
        assertEquals(List.of("last-failure-d1#monitor_10000"), transientNames(c, "1"));
    }

    @Test
    void unknownResourceOrNode() {
        assertRefused(Reason.NOT_FOUND, () -> StatusEdits.cleanup(cib, Optional.of("nope"), Optional.empty(), false));
        assertRefused(Reason.NOT_FOUND, () -> StatusEdits.cleanup(cib, Optional.empty(), Optional.of("n9"), false));
    }
}
