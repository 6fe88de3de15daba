package io.tandem.testkit.ocf;

import java.nio.file.Path;
import java.util.Optional;

/** How {@link OcfChecker} reaches the agent under test. */
public interface OcfAgentDriver {
    /** Names the agent in the report. */
    String name();

    /** The agent's file, for the permission check; empty for Java agents. */
    Optional<Path> executable();

    /** The meta-data text the agent prints. */
    String metaData() throws Exception;

    /**
     * Runs an action and returns the OCF exit code (a timeout or execution error counts as 1).
     *
     * @param probe            for monitor: a probe (interval 0) instead of a recurring monitor
     * @param binariesMissing  ocf-tester's {@code OCF_TESTER_FAIL_HAVE_BINARY}: the agent should behave as if its
     *                         binaries were missing; drivers that cannot arrange that run the action normally
     */
    int run(String action, boolean probe, boolean binariesMissing) throws Exception;

    /** Whether {@link #run} can honour {@code binariesMissing}. */
    boolean canHideBinaries();
}
