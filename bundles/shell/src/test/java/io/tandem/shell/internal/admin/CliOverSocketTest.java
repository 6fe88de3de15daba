package io.tandem.shell.internal.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.cli.Main;
import io.tandem.ipc.client.IpcClient;
import io.tandem.ipc.client.RemoteCommand;
import io.tandem.ipc.internal.IpcConfig;
import io.tandem.ipc.internal.IpcService;
import io.tandem.ipc.spi.IpcHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/tandem's Main through the real socket server (peer credentials checked) to AdminVerbs: the same output and
 * exit code as the console's command layer, files read and written on the caller's side.
 */
class CliOverSocketTest {
    @TempDir
    Path dir;

    private IpcService ipc;
    private final InMemoryAdmin admin = Fixtures.admin();

    @AfterEach
    void stop() {
        if (ipc != null) {
            ipc.deactivate();
        }
    }

    private Path start(boolean allowRoot) {
        Path socket = dir.resolve("data/tandem/tandem.sock");
        ipc = new IpcService(config(socket, allowRoot));
        ipc.bindHandler(new AdminVerbs(new AdminCommands(admin, Fixtures.CLOCK)),
                Map.of(IpcHandler.VERB_PROPERTY, RemoteCommand.VERB));
        return socket;
    }

    private Result tandem(Path socket, Path cwd, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(List.of(args), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new IpcClient(socket), cwd);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theCliPrintsAndExitsAsTheConsoleDoes() throws Exception {
        Path socket = start(true);
        Path absent = dir.resolve("absent.xml");
        List<List<String>> lines = List.of(
                List.of("status", "-r", "-f"),
                List.of("resource-locate", "ip"),
                List.of("resource-list"),
                List.of("node-list"),
                List.of("resource-move", "ip", "n2", "--lifetime", "PT1H"),
                List.of("resource-move", "nosuch", "n2"),
                List.of("resource-move", "ip", "n2", "--lifetime", "soon"),
                List.of("resource-param", "ip", "nosuch"),
                List.of("node-standby", "n2"),
                List.of("node-list"),
                List.of("cib-import", absent.toString()),
                List.of("configure", "show", "ip"),
                List.of("configure", "primitive", "x", "ocf:heartbeat:Dummy", "parms", "a=1"),
                List.of("configure", "location", "avoid", "ip", "-inf:", "n2"),
                List.of("import-haresources", absent.toString()),
                List.of("resource-ban", "ip", "n2", "--lifetime", "P1M"),
                List.of("node-online", "n2"),
                List.of("resource-move", "--help"),
                List.of("frobnicate"));
        InMemoryAdmin console = Fixtures.admin();
        AdminCommands consoleCommands = new AdminCommands(console, Fixtures.CLOCK);
        for (List<String> line : lines) {
            Result viaConsole = consoleCommands.run(line, FileAccess.local());
            assertEquals(viaConsole, tandem(socket, dir, "", line.toArray(String[]::new)), String.join(" ", line));
        }
        assertEquals(105, tandem(socket, dir, "", "resource-locate", "nosuch").exit());
        assertEquals(console.cib().version(), admin.cib().version());
    }

    @Test
    void filesAreTheCallersRelativeToItsDirectory() throws Exception {
        Path socket = start(true);
        Path cwd = Files.createDirectories(dir.resolve("home/alice"));
        Result export = tandem(socket, cwd, "", "cib-export", "cib.xml");
        assertEquals(new Result(0, "wrote the CIB (version 0.3.0) to cib.xml\n", ""), export);
        String xml = Files.readString(cwd.resolve("cib.xml"));
        assertTrue(xml.contains("10.0.0.10"));

        Files.writeString(cwd.resolve("cib.xml"), xml.replace("10.0.0.10", "10.0.0.99"));
        Result imported = tandem(socket, cwd, "", "cib-import", "cib.xml");
        assertEquals(0, imported.exit(), imported.toString());
        assertTrue(admin.cib().configuration().toString().contains("10.0.0.99") || io.tandem.cib.CibXml.toXml(admin.cib().root())
                .contains("10.0.0.99"));

        Result fromStdin = tandem(socket, cwd, xml, "cib-import", "-");
        assertEquals(0, fromStdin.exit(), fromStdin.toString());
        assertTrue(io.tandem.cib.CibXml.toXml(admin.cib().root()).contains("10.0.0.10"));

        assertEquals(new Result(66, "", "error: missing.xml: no such file\n"), tandem(socket, cwd, "", "cib-import", "missing.xml"));
        Files.createDirectories(cwd.resolve("ro"));
        Result unwritable = tandem(socket, cwd, "", "cib-export", "nodir/cib.xml");
        assertEquals(73, unwritable.exit(), unwritable.toString());
        assertTrue(unwritable.err().startsWith("error: nodir/cib.xml: cannot write: "), unwritable.err());
    }

    @Test
    void configureReadsTheCallersFileAndCommitsItAtOnce() throws Exception {
        Path socket = start(true);
        Path cwd = Files.createDirectories(dir.resolve("home/alice"));
        Files.writeString(cwd.resolve("web.crm"), """
                primitive vip ocf:heartbeat:IPaddr2 params ip=10.0.0.99 cidr_netmask=24 \\
                    op monitor interval=10s
                group svc vip
                location svc-on-n1 svc 100: n1
                """);
        Result r = tandem(socket, cwd, "", "configure", "--file", "web.crm");
        assertEquals(new Result(0, "committed 3 commands: the CIB is now at version 0.4.0\n", ""), r);
        assertEquals(List.of("configure --file web.crm (3 commands)"), admin.calls);
        assertEquals(new Result(0, """
                group svc vip
                """, ""), tandem(socket, cwd, "", "configure", "show", "svc"));

        // standard input, with an error on its last line: nothing of it is committed
        Result bad = tandem(socket, cwd, "primitive a ocf:heartbeat:Dummy\nprimitive b ocf:heartbeat:Dummy\ngroup g a nosuch\n",
                "configure", "--file", "-");
        assertEquals(65, bad.exit(), bad.toString());
        assertTrue(bad.err().startsWith("error: -: line 3: group g: "), bad.err());
        assertEquals(1, admin.calls.size());

        assertEquals(new Result(66, "", "error: missing.crm: no such file\n"), tandem(socket, cwd, "", "configure", "-f", "missing.crm"));
    }

    @Test
    void importHaresourcesReadsTheCallersFile() throws Exception {
        Path socket = start(true);
        Path cwd = Files.createDirectories(dir.resolve("home/alice"));
        Files.writeString(cwd.resolve("haresources"), "n2 10.0.0.50 httpd\n");
        Result r = tandem(socket, cwd, "", "import-haresources", "haresources", "--auto-failback", "on");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().endsWith("imported haresources: added group_1; the CIB is now at version 0.4.0\n"), r.out());
        assertTrue(io.tandem.cib.CibXml.toXml(admin.cib().root()).contains("id=\"rsc_location_group_1\""));
    }

    @Test
    void aRefusedCallerGetsTheServersReason() {
        Path socket = start(false);
        Result r = tandem(socket, dir, "", "status");
        assertEquals(4, r.exit(), r.toString());
        assertTrue(r.err().startsWith("tandem: permission denied: uid "), r.err());
        assertEquals(List.of(), admin.calls);
    }

    @Test
    void noNodeIsExit102() {
        Result r = tandem(dir.resolve("nowhere.sock"), dir, "", "status");
        assertEquals(102, r.exit());
        assertTrue(r.err().startsWith("tandem: could not connect to the node: "), r.err());
    }

    @Test
    void theCliListsTheNodesVerbs() {
        assertEquals(AdminSpecs.all().stream().map(CommandSpec::verb).toList(), List.copyOf(Main.nodeVerbs().keySet()));
    }

    private static IpcConfig config(Path socket, boolean allowRoot) {
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
                return allowRoot;
            }

            @Override
            public String[] allowedUsers() {
                return new String[0];
            }

            @Override
            public String[] allowedGroups() {
                return new String[0];
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
                return 4;
            }

            @Override
            public int readTimeoutMillis() {
                return 5000;
            }
        };
    }
}
