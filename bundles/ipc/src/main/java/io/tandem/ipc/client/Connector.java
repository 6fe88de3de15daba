package io.tandem.ipc.client;

import io.tandem.ipc.IpcMessage;
import java.io.IOException;

/** Sends one request and waits for its response; tools use it so that tests can run them in-process. */
@FunctionalInterface
public interface Connector {
    /** @throws IOException if the server cannot be reached or the connection breaks */
    IpcMessage call(IpcMessage request) throws IOException;
}
