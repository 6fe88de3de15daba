package io.tandem.membership.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViewIdFileTest {
    @TempDir
    Path dir;

    @Test
    void startsAtZeroAndKeepsTheLastStoredIdAcrossInstances() throws Exception {
        ViewIdFile file = new ViewIdFile(dir.resolve("tandem"));
        assertEquals(0, file.load());
        file.store(41);
        file.store(42);
        assertEquals(42, new ViewIdFile(dir.resolve("tandem")).load());
        assertFalse(Files.exists(dir.resolve("tandem").resolve(ViewIdFile.FILE_NAME + ".tmp")), "temporary file renamed away");
        try (Stream<Path> files = Files.list(dir.resolve("tandem"))) {
            assertEquals(List.of(file.path()), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void aCorruptFileStopsStartRatherThanReusingIds() throws Exception {
        Files.writeString(dir.resolve(ViewIdFile.FILE_NAME), "forty-two");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ViewIdFile(dir).load());
        assertTrue(e.getMessage().contains(ViewIdFile.FILE_NAME));
    }
}
