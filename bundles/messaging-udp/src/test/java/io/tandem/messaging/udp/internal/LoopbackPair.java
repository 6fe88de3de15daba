package io.tandem.messaging.udp.internal;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Two real {@link UdpMessenger}s on 127.0.0.1, each on a free port, sending ucast to the other. */
final class LoopbackPair implements AutoCloseable {
    final UdpMessenger a;
    final UdpMessenger b;

    LoopbackPair(Path dir) throws IOException {
        Path keys = authKeys(dir);
        int portA = freePort();
        int portB = freePort();
        while (portB == portA) {
            portB = freePort();
        }
        a = new UdpMessenger(new TestConfig("a", portA, keys, dir.resolve("a"), "ucast lo 127.0.0.1:" + portB));
        UdpMessenger started;
        try {
            started = new UdpMessenger(new TestConfig("b", portB, keys, dir.resolve("b"), "ucast lo 127.0.0.1:" + portA));
        } catch (RuntimeException e) {
            a.deactivate();
            throw e;
        }
        b = started;
    }

    static Path authKeys(Path dir) throws IOException {
        Path keys = dir.resolve("authkeys");
        Files.writeString(keys, "auth 1\n1 sha256 loopback-test-secret\n");
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
        return keys;
    }

    static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        b.deactivate();
        a.deactivate();
    }
}
