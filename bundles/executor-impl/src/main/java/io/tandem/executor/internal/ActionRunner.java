package io.tandem.executor.internal;

import java.util.function.Consumer;

/** Starts actions of some kind of agent. */
interface ActionRunner {
    /**
     * Starts the action; {@code done} is called exactly once, from any thread, when it has finished (or has been
     * given up on after a timeout).
     */
    Running start(Invocation invocation, Consumer<RawOutcome> done);

    /** An action in progress. */
    interface Running {
        /** The timeout expired: stop the action and report {@code TIMED_OUT}. */
        void timeout();

        /** The operation was cancelled: stop the action at once; what it then reports is ignored. */
        void cancel();
    }
}
