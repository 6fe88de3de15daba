package io.tandem.executor.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code io.tandem.executor} (etc/io.tandem.executor.cfg); every setting has a working default. */
@ObjectClassDefinition(id = "io.tandem.executor", name = "Tandem executor",
        description = "Runs resource agent actions: Java agents and external OCF, LSB and systemd agents")
public @interface ExecutorConfig {
    @AttributeDefinition(description = "OCF_ROOT handed to external agents (Debian's resource-agents: /usr/lib/ocf)")
    String ocfRoot() default "/usr/lib/ocf";

    @AttributeDefinition(description = "Directories searched for ocf:PROVIDER:TYPE as DIR/PROVIDER/TYPE, in order (OCF_RA_PATH); empty = OCF_ROOT/resource.d")
    String[] ocfAgentPath() default {};

    @AttributeDefinition(description = "Directory of LSB init scripts (lsb:NAME)")
    String lsbDirectory() default "/etc/init.d";

    @AttributeDefinition(description = "Directory of the crm_attribute/crm_master/crm_node/attrd_updater tools agents call; put first on PATH and passed as HA_SBIN_DIR when it exists. Empty = ${karaf.home}/bin")
    String toolsDirectory() default "";

    @AttributeDefinition(description = "PATH for agents, after the tools directory")
    String searchPath() default "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    @AttributeDefinition(description = "Extra environment for external agents, as NAME=VALUE entries (e.g. HA_RSCTMP=/run/resource-agents)")
    String[] environment() default {};

    @AttributeDefinition(description = "Command words put before every external agent's path, e.g. ip netns exec NS (after setsid, so the group kill still covers everything)")
    String[] commandPrefix() default {};

    @AttributeDefinition(description = "stdout and stderr of an action are each kept up to this many bytes")
    int outputLimitBytes() default 65536;

    @AttributeDefinition(description = "Timeout of meta-data calls and of ha:ra-exec when none is given")
    long defaultTimeoutMillis() default 20000;

    @AttributeDefinition(description = "Actions running at once across all resources (Pacemaker's node-action-limit); 0 = twice the number of CPUs")
    int maxParallelActions() default 0;

    @AttributeDefinition(description = "On timeout the agent's process group gets SIGTERM, then SIGKILL this much later; 0 = SIGKILL at once as Pacemaker does. Java agents are interrupted, then abandoned after this long")
    long killGraceMillis() default 500;

    @AttributeDefinition(description = "Name of this node for OCF_RESKEY_CRM_meta_on_node; empty = messaging's nodeName, else the host name")
    String nodeName() default "";

    @AttributeDefinition(description = "OCF_RESKEY_CRM_meta_on_node_uuid; empty = the node name")
    String nodeUuid() default "";

    @AttributeDefinition(description = "OCF_RESKEY_crm_feature_set passed to every resource action")
    String featureSet() default "3.16.1";

    @AttributeDefinition(description = "Results kept per resource in the operation history")
    int historyLength() default 20;

    @AttributeDefinition(description = "setsid from util-linux: puts each external action in its own session and process group")
    String setsidCommand() default "/usr/bin/setsid";

    @AttributeDefinition(description = "kill(1) used to signal a whole process group")
    String killCommand() default "/bin/kill";

    @AttributeDefinition(description = "Directory for the agents' output files while they run; empty = a fresh directory under java.io.tmpdir")
    String workDirectory() default "";
}
