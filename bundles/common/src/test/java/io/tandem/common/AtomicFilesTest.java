package io.tandem.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private List<Path> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }

    @Test
    void createsMissingDirectoriesAndReplacesTheContent() throws IOException {
        Path file = dir.resolve("data/tandem/incarnation");

        AtomicFiles.write(file, bytes("1\n"), null);
        AtomicFiles.write(file, bytes("2\n"), null);

        assertEquals("2\n", Files.readString(file));
        assertEquals(List.of(file), filesIn(file.getParent()), "no temporary file is left behind");
    }

    @Test
    void appliesTheGivenModeAlsoWhenReplacingAWiderFile() throws IOException {
        Path file = Files.writeString(dir.resolve("authkeys"), "auth 1\n1 crc\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        AtomicFiles.write(file, bytes("auth 1\n1 sha256 k\n"), PosixFilePermissions.fromString("rw-------"));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("auth 1\n1 sha256 k\n", Files.readString(file));
    }

    @Test
    void aFailureMidWriteLeavesTheOldFileIntactAndNoTemporaryFile() throws IOException {
        Path file = Files.writeString(dir.resolve("membership-view-id"), "41\n");

        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file, null, channel -> {
            channel.write(ByteBuffer.wrap(bytes("4")));
            throw new IOException("No space left on device");
        }));

        assertEquals("No space left on device", e.getMessage());
        assertEquals("41\n", Files.readString(file));
        assertEquals(List.of(file), filesIn(dir));
    }

    @Test
    void aFailedRenameLeavesNoTemporaryFile() throws IOException {
        Path occupied = Files.createDirectories(dir.resolve("state"));
        Files.writeString(occupied.resolve("keep"), "x");

        assertThrows(IOException.class, () -> AtomicFiles.write(occupied, bytes("7\n"), null));

        assertEquals(List.of(occupied), filesIn(dir));
        assertEquals(List.of(occupied.resolve("keep")), filesIn(occupied));
    }
}
