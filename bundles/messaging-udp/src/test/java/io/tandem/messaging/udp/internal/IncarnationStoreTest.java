package io.tandem.messaging.udp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncarnationStoreTest {
    @TempDir
    Path dir;

    @Test
    void growsOnEveryStartAndSurvivesInTheFile() throws IOException {
        Path state = dir.resolve("data/tandem");
        long first = IncarnationStore.next(state, 1_000);
        assertEquals(1_000, first, "a node without state starts at the wall clock");
        assertEquals(1_001, IncarnationStore.next(state, 5));
        assertEquals(1_002, IncarnationStore.next(state, 5));
        assertEquals("1002", Files.readString(state.resolve("incarnation")).strip());
        assertFalse(Files.exists(state.resolve("incarnation.tmp")));
        try (Stream<Path> files = Files.list(state)) {
            assertEquals(List.of(state.resolve("incarnation")), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void aCorruptFileIsAnErrorNotAReset() throws IOException {
        Files.writeString(dir.resolve("incarnation"), "garbage");
        IOException e = assertThrows(IOException.class, () -> IncarnationStore.next(dir, 1));
        assertEquals(dir.resolve("incarnation") + ": not an incarnation number: 'garbage'", e.getMessage());
    }
}
