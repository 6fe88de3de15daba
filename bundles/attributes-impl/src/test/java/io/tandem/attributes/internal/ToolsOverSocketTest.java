package io.tandem.attributes.internal;

import static io.tandem.attributes.AttributeLifetime.FOREVER;
import static io.tandem.attributes.AttributeLifetime.REBOOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.ipc.client.IpcClient;
import io.tandem.ipc.client.ToolContext;
import io.tandem.ipc.client.Tools;
import io.tandem.ipc.internal.IpcConfig;
import io.tandem.ipc.internal.IpcService;
import io.tandem.ipc.spi.IpcHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real pieces together: the attribute store's verbs behind the real socket server, reached by the tools
 * in-process, by the bin/ launcher scripts in an install layout, and by Pacemaker's own Stateful agent.
 */
class ToolsOverSocketTest {
    @TempDir
    Path home;

    private Path socket;
    private IpcService ipc;
    private AttributesService attributes;

    private static AttributesConfig attributesConfig(String nodeName, Path state) {
        return new AttributesConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return AttributesConfig.class;
            }

            @Override
            public String nodeName() {
                return nodeName;
            }

            @Override
            public String stateDirectory() {
                return state.toString();
            }
        };
    }

    private static IpcConfig ipcConfig(Path socket) {
        return new IpcConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return IpcConfig.class;
            }

            @Override
            public String socketPath() {
                return socket.toString();
            }

            @Override
            public boolean allowRoot() {
                return true;
            }

            @Override
            public String[] allowedUsers() {
                try {
                    return new String[] {Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString()};
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public String[] allowedGroups() {
                return new String[] {"haclient"};
            }

            @Override
            public String[] apiAuth() {
                return new String[0];
            }

            @Override
            public String socketMode() {
                return "0660";
            }

            @Override
            public int maxConnections() {
                return 8;
            }

            @Override
            public int readTimeoutMillis() {
                return 5000;
            }
        };
    }

    @BeforeEach
    void start() {
        // the launchers' default socket: <install>/data/tandem/tandem.sock
        socket = home.resolve("data/tandem/tandem.sock");
        attributes = new AttributesService(attributesConfig("node1", home.resolve("data/tandem")), null);
        ipc = new IpcService(ipcConfig(socket));
        ipc.bindHandler(attributes, Map.of(IpcHandler.VERB_PROPERTY, AttributeVerbs.VERBS));
    }

    @AfterEach
    void stop() {
        if (ipc != null) {
            ipc.deactivate();
        }
        if (attributes != null) {
            attributes.deactivate();
        }
    }

    private record Result(int exit, String out, String err) {
    }

    private Result tool(Map<String, String> env, String tool, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Tools.run(tool, List.of(args), new ToolContext(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new IpcClient(socket)));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Result tool(String tool, String... args) {
        return tool(Map.of(), tool, args);
    }

    @Test
    void crmAttributeReadsAndWritesTheStore() {
        assertEquals(new Result(0, "", ""), tool("crm_attribute", "-N", "node2", "-n", "location", "-v", "office"));
        assertEquals(Optional.of("office"), attributes.get("node2", "location", FOREVER));
        assertEquals(new Result(0, "scope=nodes  name=location value=office\n", ""), tool("crm_attribute", "-N", "node2", "-n", "location", "-G"));
        assertEquals(new Result(105, "", "crm_attribute: Error performing operation: No such device or address\n"),
                tool("crm_attribute", "-N", "node2", "-l", "reboot", "-n", "location", "-G"));
        assertEquals(new Result(0, "Deleted nodes attribute: id=nodes-node2-location name=location\n", ""),
                tool("crm_attribute", "-N", "node2", "-n", "location", "-D"));
        assertEquals(new Result(0, "", ""), tool("crm_attribute", "-N", "node2", "-n", "location", "-D"));
        assertEquals(Optional.empty(), attributes.get("node2", "location", FOREVER));

        // without -N inside an agent: the node the cluster runs it on; outside: the local node
        tool(Map.of("OCF_RESOURCE_INSTANCE", "ms1", "OCF_RESKEY_CRM_meta_on_node", "node3"), "crm_attribute", "-p", "-v", "7");
        assertEquals(Optional.of("7"), attributes.get("node3", "master-ms1", REBOOT));
        tool(Map.of("OCF_RESOURCE_INSTANCE", "ms1"), "crm_master", "-l", "reboot", "-v", "9");
        assertEquals(Optional.of("9"), attributes.get("node1", "master-ms1", REBOOT));
        assertEquals("9\n", tool(Map.of("OCF_RESOURCE_INSTANCE", "ms1"), "crm_master", "-l", "reboot", "-G", "-q").out());

        assertEquals(0, tool("crm_attribute", "--type", "crm_config", "--name", "db_REPL_INFO", "-s", "mysql_replication", "-v", "node1|bin.1|4").exit());
        assertEquals("node1|bin.1|4\n", tool("crm_attribute", "--type", "crm_config", "--name", "db_REPL_INFO", "--query", "-q").out());
        assertEquals(new Result(0, "node1\n", ""), tool("crm_node", "-n"));
        assertEquals(102, tool("crm_node", "-l").exit(), "no membership in this test: the verb has no handler");
        assertEquals(new Result(64, "", "crm_attribute: Error performing operation: invalid node name 'bad node': use letters, digits,"
                + " '.', '_' and '-' (at most 253 characters, starting with a letter or digit)\n"), tool("crm_attribute", "-N", "bad node", "-n", "x", "-G"));
    }

    @Test
    void attrdUpdaterDampensAndQueriesTheNewestValue() throws InterruptedException {
        assertEquals(new Result(0, "", ""), tool("attrd_updater", "-n", "pingd", "-B", "100", "-d", "300ms"));
        // attrd answers from memory at once; the committed value (what crm_attribute reads) follows the delay
        assertEquals(new Result(0, "name=\"pingd\" host=\"node1\" value=\"100\"\n", ""), tool("attrd_updater", "-n", "pingd", "-Q"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (attributes.get("node1", "pingd", REBOOT).isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(Optional.of("100"), attributes.get("node1", "pingd", REBOOT));
        assertEquals("scope=status  name=pingd value=100\n", tool("crm_attribute", "-l", "reboot", "-n", "pingd", "-G").out());
        tool("attrd_updater", "-n", "pingd", "-U", "200", "-N", "node2");
        assertEquals(Optional.of("200"), attributes.latest("node2", "pingd", REBOOT), "-U keeps the attribute's dampening");
        assertEquals("name=\"pingd\" host=\"node1\" value=\"100\"\nname=\"pingd\" host=\"node2\" value=\"200\"\n",
                tool("attrd_updater", "-n", "pingd", "-Q", "-A").out());
        assertEquals(new Result(0, "", ""), tool("attrd_updater", "-D", "-n", "pingd", "-d", "300ms"));
        assertEquals(new Result(105, "", "Could not query value of pingd: attribute does not exist\n"), tool("attrd_updater", "-n", "pingd", "-Q"));
    }

    // ---- the bin/ launchers, as the appliance installs them

    private Path install() throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        for (String tool : List.of("tandem-ipc-tool", "crm_attribute", "crm_master", "crm_node", "attrd_updater")) {
            try (InputStream in = Tools.class.getResourceAsStream("/io/tandem/ipc/bin/" + tool)) {
                assertTrue(in != null, "launcher " + tool + " is packaged in the tandem-ipc jar");
                Files.copy(in, bin.resolve(tool));
            }
            Files.setPosixFilePermissions(bin.resolve(tool), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path jar = home.resolve("system/io/tandem/tandem-ipc/0.1.0-SNAPSHOT/tandem-ipc-0.1.0-SNAPSHOT.jar");
        Files.createDirectories(jar.getParent());
        Path built = Path.of(Tools.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        if (Files.isRegularFile(built)) {
            Files.copy(built, jar);
        } else { // a reactor build hands us target/classes: pack it like the artifact
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out);
                 var files = Files.walk(built)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    zip.putNextEntry(new ZipEntry(built.relativize(f).toString()));
                    Files.copy(f, zip);
                    zip.closeEntry();
                }
            }
        }
        return bin;
    }

    private Result launch(Path bin, Map<String, String> extraEnv, String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/bin/sh", bin.resolve(tool).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", bin + ":/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("TANDEM_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        env.putAll(extraEnv);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), tool + " finished");
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static void assumeShellAndJava() {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "skipped: /bin/sh is missing");
        assumeTrue(Files.isExecutable(Path.of(System.getProperty("java.home"), "bin", "java")), "skipped: no java executable in java.home");
    }

    @Test
    void theLaunchersFindTheJarAndTheSocketRelativeToTheirInstallDirectory() throws Exception {
        assumeShellAndJava();
        Path bin = install();
        assertEquals(new Result(0, "node1\n", ""), launch(bin, Map.of(), "crm_node", "-n"));
        assertEquals(new Result(0, "", ""), launch(bin, Map.of("OCF_RESOURCE_INSTANCE", "db"), "crm_master", "-l", "reboot", "-v", "3"));
        assertEquals(Optional.of("3"), attributes.get("node1", "master-db", REBOOT));
        assertEquals(new Result(0, "scope=status  name=master-db value=3\n", ""),
                launch(bin, Map.of("OCF_RESOURCE_INSTANCE", "db"), "crm_attribute", "--promotion", "-G"));
        assertEquals(new Result(0, "", ""), launch(bin, Map.of(), "attrd_updater", "-n", "pingd", "-U", "1"));
        assertEquals(new Result(0, "name=\"pingd\" host=\"node1\" value=\"1\"\n", ""), launch(bin, Map.of(), "attrd_updater", "-n", "pingd", "-Q"));

        // TANDEM_SOCKET overrides the default; a socket nobody listens on is "not connected"
        assertEquals(new Result(102, "", "crm_attribute: Could not connect to the CIB: Transport endpoint is not connected\n"),
                launch(bin, Map.of("TANDEM_SOCKET", home.resolve("nowhere.sock").toString()), "crm_attribute", "-n", "x", "-G"));

        // wall time of a tool call, for the record (the first calls above warmed the page cache)
        int runs = 5;
        long[] millis = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            assertEquals(0, launch(bin, Map.of(), "crm_attribute", "-N", "node1", "-n", "bench", "-v", Integer.toString(i)).exit());
            millis[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        }
        java.util.Arrays.sort(millis);
        System.out.println("[tool wall time] crm_attribute -v via bin/ launcher, " + runs + " runs: min " + millis[0]
                + " ms, median " + millis[runs / 2] + " ms, max " + millis[runs - 1] + " ms");
    }

    @Test
    void pacemakersStatefulAgentSetsItsPromotionScoreThroughOurTools() throws Exception {
        Path agent = Path.of("/usr/lib/ocf/resource.d/pacemaker/Stateful");
        assumeTrue(Files.isExecutable(agent), "skipped: " + agent + " is not installed (Debian package pacemaker-resource-agents)");
        assumeShellAndJava();
        Path bin = install();
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin + ":/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HA_SBIN_DIR", bin.toString()); // Stateful calls "${HA_SBIN_DIR}/crm_attribute"
        env.put("TANDEM_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        env.put("OCF_ROOT", "/usr/lib/ocf");
        env.put("OCF_RA_VERSION_MAJOR", "1");
        env.put("OCF_RA_VERSION_MINOR", "1");
        env.put("OCF_RESOURCE_INSTANCE", "stateful1");
        env.put("OCF_RESOURCE_TYPE", "Stateful");
        env.put("OCF_RESOURCE_PROVIDER", "pacemaker");
        env.put("OCF_EXIT_REASON_PREFIX", "ocf-exit-reason:");
        env.put("OCF_RESKEY_state", home.resolve("stateful1.state").toString());
        env.put("OCF_RESKEY_crm_feature_set", "3.16.1");
        env.put("OCF_RESKEY_CRM_meta_timeout", "20000");
        env.put("OCF_RESKEY_CRM_meta_on_node", "node1");

        assertEquals(0, runAgent(agent, env, "start"));
        assertEquals(Optional.of("5"), attributes.get("node1", "master-stateful1", REBOOT));
        assertEquals(0, runAgent(agent, env, "promote"));
        assertEquals(Optional.of("10"), attributes.get("node1", "master-stateful1", REBOOT));
        assertEquals(Optional.of(io.tandem.common.Score.of(10)), attributes.promotionScore("node1", "stateful1"));
        env.put("OCF_RESKEY_CRM_meta_interval", "10000");
        assertEquals(8, runAgent(agent, env, "monitor"), "running promoted");
        env.remove("OCF_RESKEY_CRM_meta_interval");
        assertEquals(0, runAgent(agent, env, "demote"));
        assertEquals(Optional.of("5"), attributes.get("node1", "master-stateful1", REBOOT));
        assertEquals(0, runAgent(agent, env, "stop"));
        assertEquals(Optional.empty(), attributes.get("node1", "master-stateful1", REBOOT));
    }

    private int runAgent(Path agent, Map<String, String> env, String action) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(agent.toString(), action);
        pb.environment().clear();
        pb.environment().putAll(env);
        Path log = home.resolve("agent-" + action + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "Stateful " + action + " finished");
        String output = Files.readString(log);
        if (!output.isBlank()) {
            System.out.println("[Stateful " + action + "] " + output.strip());
        }
        return p.exitValue();
    }
}
