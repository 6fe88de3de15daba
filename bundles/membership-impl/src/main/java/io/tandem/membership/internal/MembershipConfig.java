package io.tandem.membership.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code io.tandem.membership} (etc/io.tandem.membership.config); names follow the shared contract. */
@ObjectClassDefinition(id = "io.tandem.membership", name = "Tandem membership",
        description = "Failure detection (deadtime, warntime, initdead), views, quorum and ping nodes")
public @interface MembershipConfig {
    @AttributeDefinition(description = "Names of the cluster's nodes (ha.cf 'node'), as uname -n prints them")
    String[] nodes() default {};

    @AttributeDefinition(description = "A node is declared dead this long after its last heartbeat (ha.cf deadtime)")
    long deadTimeMillis() default 30000;

    @AttributeDefinition(description = "A 'late heartbeat' warning is logged this long after the last heartbeat (ha.cf warntime)")
    long warnTimeMillis() default 10000;

    @AttributeDefinition(description = "Dead time for nodes never heard since this node started (ha.cf initdead)")
    long initDeadMillis() default 60000;

    @AttributeDefinition(description = "Votes of the whole cluster; 0 = the number of configured nodes")
    int expectedVotes() default 0;

    @AttributeDefinition(description = "Two-node mode: with 2 expected votes, one surviving node keeps quorum")
    boolean twoNode() default true;

    @AttributeDefinition(description = "With two-node mode: no quorum until all nodes have been in one view together once")
    boolean waitForAll() default true;

    @AttributeDefinition(description = "What the resource manager does without quorum: ignore, freeze, stop, suicide, demote")
    String noQuorumPolicy() default "stop";

    @AttributeDefinition(description = "Ping nodes as ha.cf lines: 'ping ADDR...', 'ping_group NAME ADDR ADDR...'")
    String[] pingNodes() default {};

    @AttributeDefinition(description = "Interval between probes of each ping node")
    long pingIntervalMillis() default 1000;

    @AttributeDefinition(description = "A ping node is down after this long without an answer (ha.cf deadping)")
    long deadPingMillis() default 30000;

    @AttributeDefinition(description = "ping-connectivity = reachable ping nodes/groups times this")
    int pingMultiplier() default 1;

    @AttributeDefinition(description = "Directory holding the highest view id seen; empty = ${karaf.data}/tandem")
    String stateDirectory() default "";
}
