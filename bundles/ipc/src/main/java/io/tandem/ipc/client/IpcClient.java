package io.tandem.ipc.client;

import io.tandem.ipc.IpcFrames;
import io.tandem.ipc.IpcMessage;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Optional;

/** A connection per call to the local API socket, with the JDK's own UNIX-domain channels. */
public final class IpcClient implements Connector {
    private final Path socket;

    public IpcClient(Path socket) {
        this.socket = socket;
    }

    @Override
    public IpcMessage call(IpcMessage request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            IOException writeFailure = null;
            try {
                IpcFrames.write(channel, request);
            } catch (IOException e) {
                // A server that refuses the peer answers and closes without reading: its answer may still be there.
                writeFailure = e;
            }
            Optional<IpcMessage> response;
            try {
                response = IpcFrames.read(channel);
            } catch (IOException e) {
                if (writeFailure != null) {
                    e.addSuppressed(writeFailure);
                }
                throw e;
            }
            if (response.isEmpty()) {
                throw writeFailure != null ? writeFailure : new EOFException("the server closed the connection without answering");
            }
            return response.get();
        }
    }
}
