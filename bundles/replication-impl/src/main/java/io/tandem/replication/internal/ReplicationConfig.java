package io.tandem.replication.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code io.tandem.replication} ({@code etc/io.tandem.replication.config}). */
@ObjectClassDefinition(id = ReplicationServiceImpl.PID, name = "Tandem replication",
        description = "Which drbd.conf defines this node's replicated volumes")
public @interface ReplicationConfig {
    @AttributeDefinition(description = "Path of the drbd.conf to read (as DRBD 8.0-8.4 write it); empty: no volumes. "
            + "Set by ha:import-drbdconf")
    String drbdConf() default "";

    @AttributeDefinition(description = "This node's name in drbd.conf's 'on NAME' blocks; empty: the host name "
            + "(uname -n), as drbdadm uses it")
    String nodeName() default "";

    @AttributeDefinition(description = "Where the service keeps its state (which resources are up); relative disk "
            + "and meta-disk paths in drbd.conf are resolved against it. Empty: ${karaf.data}/tandem/replication")
    String stateDirectory() default "";
}
