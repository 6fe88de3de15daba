package io.tandem.executor;

/** An agent's meta-data could not be obtained or does not parse; the message names the agent and the problem. */
public final class AgentMetadataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AgentMetadataException(String message) {
        super(message);
    }

    public AgentMetadataException(String message, Throwable cause) {
        super(message, cause);
    }
}
