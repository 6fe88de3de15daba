/**
 * The cluster's message bus: authenticated heartbeats and messages between the nodes of one cluster over one
 * or more redundant links. Reliable messages are delivered exactly once and in order per sender, for as long
 * as both sides keep their incarnation.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.tandem.messaging;
