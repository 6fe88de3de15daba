package io.tandem.membership;

import org.osgi.annotation.versioning.ConsumerType;

/** Told of membership changes, on the membership thread, in order. */
@ConsumerType
public interface ViewListener {
    /**
     * A new view is being agreed (CHANGING): the current view is no longer valid. Stop trusting it until
     * {@link #viewChanged} arrives.
     */
    default void viewChanging(View current, long proposedViewId) {
    }

    /** A new view is installed (CHANGED), with the quorum state that goes with it. */
    void viewChanged(View view, QuorumStatus quorum);
}
