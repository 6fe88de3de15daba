package io.tandem.ipc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code io.tandem.ipc} (etc/io.tandem.ipc.cfg). */
@ObjectClassDefinition(id = "io.tandem.ipc", name = "Tandem local API",
        description = "The UNIX-domain socket that crm_attribute, crm_master, crm_node, attrd_updater and bin/tandem use")
public @interface IpcConfig {
    @AttributeDefinition(description = "Socket path; empty = ${karaf.data}/tandem/tandem.sock (where the tools in bin/ look)")
    String socketPath() default "";

    @AttributeDefinition(description = "Whether root may connect")
    boolean allowRoot() default true;

    @AttributeDefinition(description = "Users (names or uids) that may connect")
    String[] allowedUsers() default {};

    @AttributeDefinition(description = "Groups (names or gids) whose members may connect (primary or supplementary)")
    String[] allowedGroups() default {"haclient"};

    @AttributeDefinition(description = "ha.cf apiauth lines, 'apiauth CLIENT uid=U1,U2 gid=G1,G2', added to the lists above")
    String[] apiAuth() default {};

    @AttributeDefinition(description = "Socket file mode (octal); peers are checked by credentials, so the file can be open to all")
    String socketMode() default "0666";

    @AttributeDefinition(description = "Connections served at once; more are refused with 'server busy'")
    int maxConnections() default 32;

    @AttributeDefinition(description = "A connection that sends nothing for this long is closed")
    int readTimeoutMillis() default 10000;
}
