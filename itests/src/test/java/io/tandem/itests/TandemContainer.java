package io.tandem.itests;

import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/** Boots the real Tandem assembly as one configured node, on free ports, offline. */
final class TandemContainer {
    static final String NODE = "exam-node1";

    private TandemContainer() {
    }

    static Option[] options() {
        return options("rw-------");
    }

    /** The node with its authkeys file given {@code authKeysMode} (heartbeat insists on owner-only). */
    static Option[] options(String authKeysMode) {
        String assembly = System.getProperty("tandem.assembly");
        String repo = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        int udpPort = freeUdpPort();
        int absentPeerPort = freeUdpPort();
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration().frameworkUrl("file:" + assembly).karafVersion("4.4.10")
                        .name("Tandem").unpackDirectory(new File("target/exam")).useDeployFolder(false),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.INFO),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", repo),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(freeTcpPort())),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(freeTcpPort())),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(freeTcpPort())),
                editConfigurationFilePut("etc/io.tandem.messaging.cfg", "clusterName", "exam"),
                editConfigurationFilePut("etc/io.tandem.messaging.cfg", "nodeName", NODE),
                editConfigurationFilePut("etc/io.tandem.messaging.cfg", "udpPort", Integer.toString(udpPort)),
                editConfigurationFilePut("etc/io.tandem.messaging.cfg", "bindAddress", "127.0.0.1"),
                // A peer that never answers: this node runs alone, as the first node of a new cluster does.
                editConfigurationFilePut("etc/io.tandem.messaging.cfg", "media", "ucast lo 127.0.0.1:" + absentPeerPort),
                editConfigurationFilePut("etc/io.tandem.messaging.cfg", "authKeysFile", writeAuthKeys(authKeysMode).toString()),
                editConfigurationFilePut("etc/io.tandem.messaging.cfg", "keepAliveMillis", "200"),
                editConfigurationFilePut("etc/io.tandem.membership.cfg", "nodes", NODE),
                editConfigurationFilePut("etc/io.tandem.membership.cfg", "deadTimeMillis", "2000"),
                editConfigurationFilePut("etc/io.tandem.membership.cfg", "warnTimeMillis", "1000"),
                editConfigurationFilePut("etc/io.tandem.membership.cfg", "initDeadMillis", "4000")));
        if (Boolean.getBoolean("tandem.keep")) {
            options.add(keepRuntimeFolder());
        }
        return options.toArray(new Option[0]);
    }

    /** Runs a console command the way an operator would, retrying while the command is not registered yet. */
    static String execute(SessionFactory sessions, String command) throws Exception {
        return waitFor(() -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            Session session = sessions.create(new ByteArrayInputStream(new byte[0]), out, out);
            try {
                Object result = session.execute(command);
                if (result != null) {
                    out.println(result);
                }
                return bytes.toString(StandardCharsets.UTF_8);
            } catch (Exception e) {
                if (String.valueOf(e.getMessage()).contains("Command not found")) {
                    return null;
                }
                throw new IllegalStateException(command + " failed: " + e + "\n" + bytes.toString(StandardCharsets.UTF_8), e);
            } finally {
                session.close();
            }
        }, 60, command);
    }

    static <T> T waitFor(Supplier<T> probe, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static Path writeAuthKeys(String mode) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "exam-keys").toAbsolutePath());
            Path file = dir.resolve("authkeys-" + System.nanoTime());
            Files.writeString(file, "auth 2\n2 sha256 exam-secret-key\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freeTcpPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
