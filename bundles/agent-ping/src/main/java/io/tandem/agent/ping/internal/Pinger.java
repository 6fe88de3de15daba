package io.tandem.agent.ping.internal;

import java.util.List;

/** Whether a host answers; separate so that the agent's arithmetic is testable without a network. */
interface Pinger {
    /** One host, {@code attempts} echo requests, {@code timeoutSeconds} per reply; true if any reply came. */
    boolean reachable(String host, int attempts, int timeoutSeconds, List<String> options) throws InterruptedException;
}
