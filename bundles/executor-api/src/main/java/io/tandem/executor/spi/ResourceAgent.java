package io.tandem.executor.spi;

import io.tandem.common.ActionResult;

/**
 * A resource agent written in Java, registered as an OSGi service (the whiteboard pattern) with the
 * service properties {@link #CLASS}, {@link #PROVIDER} and {@link #TYPE}; the executor then offers it as
 * {@code CLASS:PROVIDER:TYPE} (for example {@code ocf:tandem:Dummy}) exactly like an external agent.
 *
 * <p>The executor serialises actions per resource, enforces the timeout (by interrupting the calling
 * thread, then abandoning it) and records history; an agent only does the work and answers with OCF
 * semantics: {@code monitor} returns OK when running, NOT_RUNNING when cleanly stopped, RUNNING_PROMOTED for
 * a promoted instance, an error otherwise; {@code stop} of a stopped resource is OK.
 */
public interface ResourceAgent {
    /** Service property: the standard, "ocf" for OCF-style agents. */
    String CLASS = "tandem.agent.class";
    /** Service property: the provider, "tandem" for Tandem's own agents. */
    String PROVIDER = "tandem.agent.provider";
    /** Service property: the agent type, e.g. "Dummy" or "VirtualIP". */
    String TYPE = "tandem.agent.type";

    /** The agent's OCF meta-data XML ({@code <resource-agent>}), as {@code meta-data} would print it. */
    String metaData();

    /**
     * Runs one action (start, stop, monitor, promote, demote, notify, reload, validate-all, migrate_to,
     * migrate_from). Must not be called for meta-data; use {@link #metaData()}.
     */
    ActionResult execute(AgentRequest request) throws InterruptedException;
}
