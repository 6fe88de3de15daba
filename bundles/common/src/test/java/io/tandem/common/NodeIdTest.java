package io.tandem.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class NodeIdTest {
    @Test
    void acceptsHostNamesAndOrdersByName() {
        List<NodeId> sorted = Stream.of("prmdbrw01", "master2", "master1").map(NodeId::of).sorted().collect(Collectors.toList());
        assertEquals(List.of(NodeId.of("master1"), NodeId.of("master2"), NodeId.of("prmdbrw01")), sorted);
    }

    @Test
    void rejectsNamesThatCannotBeHostNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeId.of("bad name"));
        assertTrue(e.getMessage().contains("bad name"));
        assertThrows(IllegalArgumentException.class, () -> NodeId.of(""));
        assertThrows(IllegalArgumentException.class, () -> NodeId.of("-dash"));
    }
}
