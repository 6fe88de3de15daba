/**
 * Runs resource-agent actions on the local node: Java agents (the {@link io.tandem.executor.spi} whiteboard)
 * and unmodified external agents ({@code ocf:PROVIDER:TYPE} scripts, {@code lsb:} init scripts,
 * {@code systemd:} units) with Pacemaker's calling conventions, recurring monitors, per-resource
 * serialisation, operation history with parameter digests, and the agent registry with parsed meta-data.
 */
@Export
@Version("1.0.0")
package io.tandem.executor;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
