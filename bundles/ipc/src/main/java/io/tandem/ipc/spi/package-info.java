/**
 * What bundles implement to add verbs to the local socket API: {@link io.tandem.ipc.spi.IpcHandler} services
 * with an {@code ipc.verb} property, found by the whiteboard.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.tandem.ipc.spi;
