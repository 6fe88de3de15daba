package io.tandem.common;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file so that readers see either the old or the new content, never a torn one, even after a crash:
 * the content goes to a temporary file in the same directory, is forced to disk, renamed over the target, and
 * the directory is forced so that the rename itself survives a power cut.
 */
public final class AtomicFiles {
    /** Writes the content into the temporary file's channel; a seam so that tests can fail half-way. */
    @FunctionalInterface
    interface ContentWriter {
        void writeTo(FileChannel channel) throws IOException;
    }

    private static final int TEMP_NAME_ATTEMPTS = 100;

    private AtomicFiles() {
    }

    /**
     * Replaces {@code target} with {@code content}, creating missing parent directories.
     *
     * @param permissions the new file's mode (such as {@code rw-------} for keys), or null for the default mode of
     *        new files (the umask); ignored on file systems without POSIX permissions
     * @throws IOException if the file could not be replaced; the old file, if any, is then unchanged and no
     *         temporary file is left behind
     */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        write(target, permissions, channel -> {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        });
    }

    static void write(Path target, Set<PosixFilePermission> permissions, ContentWriter writer) throws IOException {
        Path file = target.toAbsolutePath();
        Path dir = file.getParent();
        Files.createDirectories(dir);
        // Same directory, so the rename below cannot cross file systems and stays atomic.
        Path temp = createTemp(dir, file.getFileName().toString(), attributes(dir, permissions));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                writer.writeTo(channel);
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // A file system that cannot rename atomically within a directory: a plain replace is the best it has.
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        syncDirectory(dir);
    }

    private static FileAttribute<?>[] attributes(Path dir, Set<PosixFilePermission> permissions) {
        if (permissions == null || !dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)};
    }

    /** Created with CREATE_NEW and the final mode, so the content is never readable under a wider mode. */
    private static Path createTemp(Path dir, String name, FileAttribute<?>[] attributes) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Path temp = dir.resolve("." + name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                    + ".tmp");
            try {
                Files.createFile(temp, attributes);
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt == TEMP_NAME_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Makes the rename itself durable; not every platform can open a directory, and then there is nothing to do. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open directories; the rename is still atomic there.
        }
    }
}
