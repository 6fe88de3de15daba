package io.tandem.ipc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.ipc.IpcMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client side of ha.command against a scripted server: files on request, writes, output and exit codes. */
class RemoteCommandTest {
    @TempDir
    Path cwd;

    private final List<IpcMessage> requests = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Connector server, String stdin, String... args) {
        Connector recording = request -> {
            requests.add(request);
            return server.call(request);
        };
        return RemoteCommand.run("tandem", List.of(args), recording, cwd, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** A server whose command reads the files named by its arguments after the verb, then echoes their contents. */
    private static IpcMessage catServer(IpcMessage request) {
        Map<String, RemoteCommand.FileContent> files = RemoteCommand.files(request);
        List<String> args = request.getAll(RemoteCommand.ARG);
        StringBuilder text = new StringBuilder();
        for (String name : args.subList(1, args.size())) {
            RemoteCommand.FileContent f = files.get(name);
            if (f == null) {
                return IpcMessage.builder().put("status", "error").put("exit", "66").put("message", "needs " + name)
                        .put(RemoteCommand.NEED_FILE, name).build();
            }
            if (f.error() != null) {
                return IpcMessage.builder().put("status", "error").put("exit", "66").put("message", name + ": " + f.error())
                        .put(RemoteCommand.STDOUT, text.toString()).put(RemoteCommand.STDERR, "error: " + name + ": " + f.error() + "\n").build();
            }
            text.append(f.text());
        }
        return IpcMessage.okBuilder().put(RemoteCommand.STDOUT, text.toString()).put(RemoteCommand.STDERR, "").build();
    }

    @Test
    void filesAreSentWhenAskedForRelativeToTheCallerAndFromStandardInput() throws Exception {
        Files.writeString(cwd.resolve("a.txt"), "A\n");
        assertEquals(0, run(RemoteCommandTest::catServer, "B\n", "cat", "a.txt", "-"));
        assertEquals("A\nB\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertEquals(3, requests.size());
        assertEquals(List.of("a.txt", "-"), requests.get(2).getAll(RemoteCommand.FILE_NAME));
    }

    @Test
    void anUnreadableFileIsReportedByTheServersCommand() {
        assertEquals(66, run(RemoteCommandTest::catServer, "", "cat", "missing.txt"));
        assertEquals("error: missing.txt: no such file\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writesLandInTheCallersDirectory() throws Exception {
        Connector server = request -> IpcMessage.okBuilder().put(RemoteCommand.STDOUT, "wrote out.xml\n").put(RemoteCommand.STDERR, "")
                .put(RemoteCommand.WRITE_NAME, "out.xml").put(RemoteCommand.WRITE_CONTENT, "<cib/>\n").build();
        assertEquals(0, run(server, "", "cib-export", "out.xml"));
        assertEquals("<cib/>\n", Files.readString(cwd.resolve("out.xml")));
        assertEquals("wrote out.xml\n", out.toString(StandardCharsets.UTF_8));
        Connector unwritable = request -> IpcMessage.okBuilder().put(RemoteCommand.STDOUT, "").put(RemoteCommand.STDERR, "")
                .put(RemoteCommand.WRITE_NAME, "no/such/dir/out.xml").put(RemoteCommand.WRITE_CONTENT, "x").build();
        assertEquals(73, run(unwritable, "", "cib-export", "no/such/dir/out.xml"));
        assertEquals("error: no/such/dir/out.xml: cannot write: no such file\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCommandErrorKeepsItsExitCodeAndText() {
        Connector server = request -> IpcMessage.builder().put("status", "error").put("exit", "105").put("message", "error: x")
                .put(RemoteCommand.STDOUT, "").put(RemoteCommand.STDERR, "error: resource 'x' not found\n").build();
        assertEquals(105, run(server, "", "resource-locate", "x"));
        assertEquals("error: resource 'x' not found\n", err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("resource-locate", "x"), requests.get(0).getAll(RemoteCommand.ARG));
        assertEquals("ha.command", requests.get(0).verb().orElseThrow());
    }

    @Test
    void aServerRefusalOrNoServerIsPrintedWithTheToolName() {
        assertEquals(4, run(request -> IpcMessage.error(4, "permission denied: uid 1000"), "", "status"));
        assertEquals("tandem: permission denied: uid 1000\n", err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(102, run(request -> {
            throw new java.net.ConnectException("Connection refused");
        }, "", "status"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("tandem: could not connect to the node: Connection refused"));
    }

    @Test
    void aServerAskingForTheSameFileTwiceIsAProtocolError() throws Exception {
        Files.writeString(cwd.resolve("f"), "x");
        Connector confused = request -> IpcMessage.builder().put("status", "error").put("exit", "66").put("message", "needs f")
                .put(RemoteCommand.NEED_FILE, "f").build();
        assertEquals(76, run(confused, "", "configure", "--file", "f"));
        assertEquals(2, requests.size());
    }
}
