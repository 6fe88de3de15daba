/**
 * The wire format of Tandem's local UNIX-socket API: {@link io.tandem.ipc.IpcMessage} (ordered key=value
 * entries) in length-prefixed frames ({@link io.tandem.ipc.IpcFrames}), and the exit codes tools return
 * ({@link io.tandem.ipc.CrmExit}). Usable outside OSGi: the command-line tools run it from a plain classpath.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.tandem.ipc;
