package io.tandem.executor.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What every Java agent bundle needs besides its own logic: its meta-data file and the host's name. */
public final class AgentResources {
    private AgentResources() {
    }

    /**
     * A text resource shipped next to the agent class (its OCF meta-data XML); a missing one is a packaging
     * error and fails the component's activation.
     */
    public static String text(Class<?> agent, String name) {
        try (InputStream in = agent.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " in the bundle of " + agent.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code uname -n} prints, or "localhost" when it cannot be read. */
    public static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
