/**
 * The command-line side of the local API: {@link io.tandem.ipc.client.IpcClient} (JDK UNIX-domain sockets, no
 * jnr) and {@link io.tandem.ipc.client.Tools}, which runs crm_attribute, crm_master, crm_node and attrd_updater
 * with Pacemaker 2.1's options, output and exit codes. Runs from a plain classpath (bin/ launcher scripts).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.tandem.ipc.client;
