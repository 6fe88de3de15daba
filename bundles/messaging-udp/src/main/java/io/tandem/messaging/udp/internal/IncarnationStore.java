package io.tandem.messaging.udp.internal;

import io.tandem.common.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This node's incarnation number in {@code DIR/incarnation}: read, incremented and written back atomically
 * ({@link AtomicFiles}) on every start, before the first packet goes out, so that peers' replay windows accept
 * the new incarnation and reject the old one's packets.
 */
final class IncarnationStore {
    static final String FILE_NAME = "incarnation";

    private IncarnationStore() {
    }

    /**
     * Returns the next incarnation and persists it. Without a file (first start, or a wiped data directory) it
     * starts at the wall-clock milliseconds, so that a node whose state was lost still counts upwards from what
     * its peers last saw.
     */
    static long next(Path directory, long wallClockMillis) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(FILE_NAME);
        long next;
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            long current;
            try {
                current = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IOException(file + ": not an incarnation number: '" + text + "'");
            }
            if (current < 0 || current == Long.MAX_VALUE) {
                throw new IOException(file + ": incarnation out of range: " + current);
            }
            next = current + 1;
        } else {
            next = Math.max(1, wallClockMillis);
        }
        AtomicFiles.write(file, (next + "\n").getBytes(StandardCharsets.US_ASCII), null);
        return next;
    }
}
