package io.tandem.ipc.spi;

import io.tandem.ipc.IpcMessage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Answers requests for the verbs named by the service property {@value #VERB_PROPERTY} (a string or an array
 * of strings, such as {@code attr.get}). Register it as an OSGi service; the socket server finds it. If two
 * services claim a verb, the higher {@code service.ranking} wins.
 *
 * <p>Called on the server's connection threads, possibly concurrently. Peers are authorized before any handler
 * sees them. Return {@link IpcMessage#ok()} or {@link IpcMessage#error(int, String)}; an
 * {@link IllegalArgumentException} becomes a usage error (exit 64) with its message, anything else an internal
 * error (exit 70).
 */
@ConsumerType
public interface IpcHandler {
    String VERB_PROPERTY = "ipc.verb";

    IpcMessage handle(IpcRequest request);
}
