package io.tandem.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Hot deploy: an agent bundle copied into a running node's deploy/ folder shows up in ha:ra-list and runs
 * actions; removing the jar removes the agent; no other bundle is restarted on the way.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployIT {
    private static final String AGENT = "ocf:tandem:Dummy";

    @Inject
    private BundleContext context;

    @Inject
    private SessionFactory sessions;

    @Configuration
    public Option[] config() {
        // The node boots without its own agents (the tandem-agents boot feature is left out), as a node
        // whose operator adds agents one by one.
        return CoreOptions.options(CoreOptions.composite(TandemContainer.options()),
                editConfigurationFilePut("etc/org.apache.karaf.features.cfg", "featuresBoot",
                        "(wrap), package, scr, log, ssh, framework, system, feature, shell, jaas, diagnostic, bundle, config, tandem"),
                // configuration runs in the test runner's JVM, the test inside Karaf: hand the jar's path over
                CoreOptions.systemProperty("tandem.agent.dummy").value(System.getProperty("tandem.agent.dummy")));
    }

    @Test
    public void agentJarInDeployFolderComesAndGoesWithoutRestartingAnything() throws Exception {
        Path jar = Path.of(System.getProperty("tandem.agent.dummy"));
        Path deploy = Path.of(System.getProperty("karaf.base"), "deploy");
        Files.createDirectories(deploy);
        String before = TandemContainer.execute(sessions, "ha:ra-list ocf:tandem");
        assertFalse("no Dummy before the jar is deployed:\n" + before, before.contains("Dummy"));
        Map<String, Long> bundlesBefore = activeSince();

        Path deployed = deploy.resolve("tandem-agent-dummy.jar");
        Files.copy(jar, deployed, StandardCopyOption.REPLACE_EXISTING);
        TandemContainer.waitFor(() -> listed() ? true : null, 30, AGENT + " in ha:ra-list after deploy");
        String start = TandemContainer.execute(sessions, "ha:ra-exec " + AGENT + " start state=" + stateFile());
        assertTrue("start through the hot-deployed agent:\n" + start, start.contains("rc=0"));
        String monitor = TandemContainer.execute(sessions, "ha:ra-exec " + AGENT + " monitor state=" + stateFile());
        assertTrue("monitor through the hot-deployed agent:\n" + monitor, monitor.contains("rc=0"));
        String stop = TandemContainer.execute(sessions, "ha:ra-exec " + AGENT + " stop state=" + stateFile());
        assertTrue("stop through the hot-deployed agent:\n" + stop, stop.contains("rc=0"));

        Files.delete(deployed);
        TandemContainer.waitFor(() -> listed() ? null : true, 30, AGENT + " gone from ha:ra-list after removal");

        Map<String, Long> bundlesAfter = activeSince();
        bundlesAfter.remove("io.tandem.agent.dummy");
        assertEquals("every other bundle kept running (same bundles, same last-modified stamps)", bundlesBefore, bundlesAfter);
    }

    private boolean listed() {
        try {
            return TandemContainer.execute(sessions, "ha:ra-list ocf:tandem").contains("Dummy");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String stateFile() {
        return Path.of(System.getProperty("karaf.data"), "hot-deploy-dummy.state").toString();
    }

    /** Active bundles by symbolic name with their last-modified stamp (changes on update/reinstall) and state. */
    private Map<String, Long> activeSince() {
        Map<String, Long> out = new TreeMap<>();
        Arrays.stream(context.getBundles()).filter(b -> b.getState() == Bundle.ACTIVE)
                .filter(b -> !b.getSymbolicName().startsWith("PAXEXAM") && !b.getSymbolicName().contains("pax.exam"))
                .forEach(b -> out.put(b.getSymbolicName(), b.getLastModified()));
        return out;
    }
}
