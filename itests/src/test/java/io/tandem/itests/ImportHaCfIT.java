package io.tandem.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/** ha:import-hacf on the real appliance with the seeds' Heartbeat files (as users have them). */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ImportHaCfIT {
    @Inject
    private SessionFactory sessions;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        Path dir = copySeeds();
        return Stream.concat(Arrays.stream(TandemContainer.options()),
                Stream.of(systemProperty("tandem.seeds").value(dir.toString()))).toArray(Option[]::new);
    }

    @Test
    public void seed001ImportsWithWarningsNamingTheirLines() throws Exception {
        Path dir = Path.of(System.getProperty("tandem.seeds"));
        String out = TandemContainer.execute(sessions, "ha:import-hacf --dry-run --authkeys " + dir.resolve("seed001-authkeys")
                + " " + dir.resolve("seed001-ha.cf"));
        // the blog author's '//' annotations are not comments in ha.cf: reported per line, not dropped silently
        assertTrue(out, out.contains("seed001-ha.cf:4: WARNING"));
        assertTrue(out, out.contains("seed001-authkeys:2: WARNING"));
        assertFalse(out, out.contains(": ERROR:"));
    }

    @Test
    public void aBrokenFileIsRefusedWithFileLineAndFieldAndChangesNothing() throws Exception {
        Path dir = Path.of(System.getProperty("tandem.seeds"));
        Path broken = dir.resolve("broken-ha.cf");
        Files.writeString(broken, "node exam-node1\nkeepalive abc\nucast lo 127.0.0.1\n");
        String before = String.valueOf(configAdmin.getConfiguration("io.tandem.messaging", null).getProperties());
        try {
            TandemContainer.execute(sessions, "ha:import-hacf --authkeys " + dir.resolve("seed001-authkeys") + " " + broken);
            fail("an ha.cf with errors must be refused");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("broken-ha.cf:2: ERROR: keepalive"));
        }
        String after = String.valueOf(configAdmin.getConfiguration("io.tandem.messaging", null).getProperties());
        assertEquals("a refused import must not change the configuration", before, after);
    }

    private static Path copySeeds() {
        try {
            Path source = Path.of("..", "bundles", "importers", "src", "test", "resources", "io", "tandem", "importers",
                    "internal").toAbsolutePath().normalize();
            Path dir = Files.createDirectories(Path.of("target", "exam-seeds").toAbsolutePath());
            for (String name : new String[] {"seed001-ha.cf", "seed001-authkeys"}) {
                Path target = dir.resolve(name);
                Files.copy(source.resolve(name), target, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
