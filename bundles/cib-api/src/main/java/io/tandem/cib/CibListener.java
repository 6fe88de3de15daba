package io.tandem.cib;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of every change of the node's CIB, in the order of the versions, each listener after the store has made the
 * change durable as far as it promises (configuration changes are on disk). Registered as a whiteboard service
 * or through {@link CibStore#addListener}. Calls come from the thread that made the change; a listener must be
 * quick and must not block. It may call the store: the resulting event is delivered after the current one.
 */
@ConsumerType
@FunctionalInterface
public interface CibListener {
    void cibChanged(CibEvent event);
}
