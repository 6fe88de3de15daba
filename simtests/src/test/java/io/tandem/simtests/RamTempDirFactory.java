package io.tandem.simtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Puts {@code @TempDir} state directories on tmpfs where there is one. The engines fsync their incarnation and
 * highest-view-id files on every change, as they must; thousands of view changes per chaos run made the disk,
 * not the simulation, the bottleneck (40 s instead of 8 s). Durability itself is tested in the engines' modules.
 */
public final class RamTempDirFactory implements TempDirFactory {
    private static final Path SHM = Path.of("/dev/shm");

    @Override
    public Path createTempDirectory(AnnotatedElementContext elementContext, ExtensionContext extensionContext)
            throws IOException {
        if (Files.isDirectory(SHM) && Files.isWritable(SHM)) {
            return Files.createTempDirectory(SHM, "tandem-simtests-");
        }
        return Files.createTempDirectory("tandem-simtests-");
    }
}
