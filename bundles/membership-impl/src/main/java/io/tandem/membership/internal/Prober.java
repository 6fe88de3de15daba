package io.tandem.membership.internal;

import java.io.IOException;

/** Asks whether a ping node answers. Called off the membership thread: it may block up to the timeout. */
@FunctionalInterface
public interface Prober {
    boolean isReachable(String address, int timeoutMillis) throws IOException;
}
