package io.tandem.membership.internal;

import java.lang.annotation.Annotation;

/** A {@link MembershipConfig} with the annotation's defaults, for tests to override field by field. */
class TestConfig implements MembershipConfig {
    String[] nodes = {"a", "b"};
    long deadTimeMillis = 30000;
    long warnTimeMillis = 10000;
    long initDeadMillis = 60000;
    int expectedVotes;
    boolean twoNode = true;
    boolean waitForAll = true;
    String noQuorumPolicy = "stop";
    String[] pingNodes = {};
    long pingIntervalMillis = 1000;
    long deadPingMillis = 30000;
    int pingMultiplier = 1;
    String stateDirectory = "";

    @Override
    public Class<? extends Annotation> annotationType() {
        return MembershipConfig.class;
    }

    @Override
    public String[] nodes() {
        return nodes;
    }

    @Override
    public long deadTimeMillis() {
        return deadTimeMillis;
    }

    @Override
    public long warnTimeMillis() {
        return warnTimeMillis;
    }

    @Override
    public long initDeadMillis() {
        return initDeadMillis;
    }

    @Override
    public int expectedVotes() {
        return expectedVotes;
    }

    @Override
    public boolean twoNode() {
        return twoNode;
    }

    @Override
    public boolean waitForAll() {
        return waitForAll;
    }

    @Override
    public String noQuorumPolicy() {
        return noQuorumPolicy;
    }

    @Override
    public String[] pingNodes() {
        return pingNodes;
    }

    @Override
    public long pingIntervalMillis() {
        return pingIntervalMillis;
    }

    @Override
    public long deadPingMillis() {
        return deadPingMillis;
    }

    @Override
    public int pingMultiplier() {
        return pingMultiplier;
    }

    @Override
    public String stateDirectory() {
        return stateDirectory;
    }
}
