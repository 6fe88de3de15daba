package io.tandem.ipc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.ipc.CrmExit;
import io.tandem.ipc.IpcFrames;
import io.tandem.ipc.IpcMessage;
import io.tandem.ipc.client.IpcClient;
import io.tandem.ipc.spi.IpcHandler;
import io.tandem.ipc.spi.PeerCredentials;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server over a real socket in a temporary directory, with the JDK client the tools use. */
class IpcServerTest {
    @TempDir
    Path dir;

    private IpcServer server;
    private final List<PeerCredentials> seen = new CopyOnWriteArrayList<>();

    private final IpcHandler whoami = request -> {
        seen.add(request.peer());
        return IpcMessage.okBuilder().put("uid", Integer.toString(request.peer().uid()))
                .put("pid", Integer.toString(request.peer().pid())).put("echo", request.message().get("text").orElse("")).build();
    };

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Path start(PeerPolicy policy, Map<String, IpcHandler> handlers) throws IOException {
        Path socket = dir.resolve("run/tandem.sock");
        server = new IpcServer(new IpcServer.Settings(socket, PosixFilePermissions.fromString("rw-rw-rw-"), 4, 2000), policy,
                verb -> Optional.ofNullable(handlers.get(verb)));
        server.start();
        return socket;
    }

    private static int ownUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    @Test
    void anAllowedPeerIsServedWithItsKernelCredentials() throws IOException {
        Path socket = start(peer -> Optional.empty(), Map.of("whoami", whoami));
        assertEquals("rw-rw-rw-", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        IpcMessage answer = new IpcClient(socket).call(IpcMessage.request("whoami").put("text", "multi\nline").build());
        assertTrue(answer.isOk(), answer.toString());
        assertEquals(Integer.toString(ownUid()), answer.get("uid").orElseThrow());
        assertEquals(Long.toString(ProcessHandle.current().pid()), answer.get("pid").orElseThrow());
        assertEquals("multi\nline", answer.get("echo").orElseThrow());
    }

    @Test
    void aRefusedPeerGetsTheReasonAndNoHandlerRuns() throws IOException {
        Path socket = start(peer -> Optional.of("permission denied: uid " + peer.uid() + " is not on the test's list"), Map.of("whoami", whoami));
        IpcMessage answer = new IpcClient(socket).call(IpcMessage.request("whoami").build());
        assertFalse(answer.isOk());
        assertEquals(CrmExit.INSUFFICIENT_PRIV, answer.exitCode());
        assertEquals("permission denied: uid " + ownUid() + " is not on the test's list", answer.errorMessage());
        assertTrue(seen.isEmpty());
    }

    @Test
    void theApiAuthPolicyRefusesUsWhenTheAllowListExcludesUs() throws IOException {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nhaclient:x:90:\n");
        UserDatabase db = new UserDatabase(etc.resolve("passwd"), etc.resolve("group"), dir.resolve("noproc"));
        // root is not admitted here, and we are in no allowed group: refused, even when running as root
        Path socket = start(ApiAuthPolicy.fromConfig(false, new String[0], new String[] {"haclient"}, new String[0], db), Map.of("whoami", whoami));
        IpcMessage refused = new IpcClient(socket).call(IpcMessage.request("whoami").build());
        assertEquals(CrmExit.INSUFFICIENT_PRIV, refused.exitCode());
        assertTrue(refused.errorMessage().contains("not in an allowed group [haclient]"), refused.errorMessage());
        server.close();

        // the same peer on the uid allow list is admitted
        socket = start(ApiAuthPolicy.fromConfig(false, new String[] {Integer.toString(ownUid())}, new String[0], new String[0], db),
                Map.of("whoami", whoami));
        assertTrue(new IpcClient(socket).call(IpcMessage.request("whoami").build()).isOk());
    }

    @Test
    void unknownVerbsAndFailingHandlersBecomeErrorsNotDisconnects() throws IOException {
        Map<String, IpcHandler> handlers = Map.of(
                "bad", request -> {
                    throw new IllegalArgumentException("missing 'name'");
                },
                "broken", request -> {
                    throw new IllegalStateException("boom");
                });
        Path socket = start(peer -> Optional.empty(), handlers);
        IpcClient client = new IpcClient(socket);
        IpcMessage unknown = client.call(IpcMessage.request("nosuch").build());
        assertEquals(CrmExit.DISCONNECT, unknown.exitCode());
        assertTrue(unknown.errorMessage().contains("'nosuch'"));
        assertEquals(IpcMessage.error(CrmExit.USAGE, "missing 'name'"), client.call(IpcMessage.request("bad").build()));
        assertEquals(CrmExit.SOFTWARE, client.call(IpcMessage.request("broken").build()).exitCode());
        assertEquals(CrmExit.PROTOCOL, client.call(IpcMessage.builder().put("text", "no verb").build()).exitCode());
    }

    @Test
    void oneConnectionCarriesSeveralRequestsAndAMalformedFrameOnlyEndsThatConnection() throws IOException {
        Path socket = start(peer -> Optional.empty(), Map.of("whoami", whoami));
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            for (int i = 0; i < 3; i++) {
                IpcFrames.write(channel, IpcMessage.request("whoami").put("text", "n" + i).build());
                assertEquals("n" + i, IpcFrames.read(channel).orElseThrow().get("echo").orElseThrow());
            }
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {0x7f, 0x7f, 0x7f, 0x7f}));
            assertTrue(IpcFrames.read(channel).isEmpty(), "the server closes a connection that sends garbage");
        }
        assertTrue(new IpcClient(socket).call(IpcMessage.request("whoami").build()).isOk());
    }

    @Test
    void closingRemovesTheSocketAndAStaleSocketIsReplacedOnStart() throws IOException {
        Path socket = start(peer -> Optional.empty(), Map.of("whoami", whoami));
        try (SocketChannel idle = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            idle.connect(UnixDomainSocketAddress.of(socket));
            server.close(); // must not hang on the idle connection's blocked read
        }
        assertFalse(Files.exists(socket));
        // a socket file left behind by a crash
        try (var stale = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket));
        start(peer -> Optional.empty(), Map.of("whoami", whoami));
        assertTrue(new IpcClient(socket).call(IpcMessage.request("whoami").build()).isOk());
    }

    @Test
    void aRegularFileAtTheSocketPathIsNotClobbered() throws IOException {
        Path socket = dir.resolve("run/tandem.sock");
        Files.createDirectories(socket.getParent());
        Files.writeString(socket, "precious");
        IpcServer s = new IpcServer(new IpcServer.Settings(socket, Set.of(), 1, 1000), peer -> Optional.empty(), verb -> Optional.empty());
        try {
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, s::start);
            assertTrue(e.getMessage().contains("not a socket"));
        } finally {
            s.close();
        }
        assertEquals("precious", Files.readString(socket));
    }
}
