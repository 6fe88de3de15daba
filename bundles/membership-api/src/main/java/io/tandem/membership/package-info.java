/**
 * Who is in the cluster: failure detection from heartbeats (keepalive, warntime, deadtime, initdead), views
 * agreed by all their members, quorum, and ping-node connectivity.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.tandem.membership;
