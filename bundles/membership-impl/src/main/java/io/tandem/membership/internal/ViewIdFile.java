package io.tandem.membership.internal;

import io.tandem.common.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The highest view id this node has seen, kept on disk so that ids keep growing across restarts. Written
 * atomically ({@link AtomicFiles}): after a crash the file holds either the old or the new value, never a torn one.
 */
public final class ViewIdFile {
    static final String FILE_NAME = "membership-view-id";

    private final Path file;

    public ViewIdFile(Path directory) {
        this.file = directory.resolve(FILE_NAME);
    }

    public Path path() {
        return file;
    }

    /** @return the stored id, 0 if there is none yet */
    public long load() {
        if (!Files.exists(file)) {
            return 0;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the highest view id from " + file, e);
        }
        try {
            long id = Long.parseLong(text);
            if (id < 0) {
                throw new NumberFormatException("negative");
            }
            return id;
        } catch (NumberFormatException e) {
            // Starting from 0 could reuse view ids the cluster has already seen: refuse and let the operator look.
            throw new IllegalStateException("the highest view id in " + file + " is not a number: '" + text
                    + "'; fix or delete the file (deleting it lets ids restart from what peers report)");
        }
    }

    public void store(long id) {
        try {
            AtomicFiles.write(file, (id + "\n").getBytes(StandardCharsets.US_ASCII), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the highest view id in " + file, e);
        }
    }
}
