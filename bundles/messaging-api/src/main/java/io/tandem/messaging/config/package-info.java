/**
 * Heartbeat's configuration formats as messaging reads them, shared by the messaging implementation and the
 * importers so that a file is accepted or refused for the same reasons everywhere: {@link
 * io.tandem.messaging.config.AuthKeysParser} for {@code authkeys}, and {@link io.tandem.messaging.config.Medium}
 * for the media lines {@code ucast}, {@code mcast} and {@code bcast}. Pure parsing: no sockets, no logging;
 * problems come back with their line number so that callers can report them in their own way.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.tandem.messaging.config;
