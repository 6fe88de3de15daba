package io.tandem.controller.internal;

/**
 * @param joinTimeoutMillis    how long the DC waits for a member's join reply before it treats the member as
 *                             pending (no resources run there until it answers a later join)
 * @param adminTimeoutMillis   how long a change sent to the DC may take before the caller gets an error
 * @param fencingRetryMillis   how long the DC waits before it tries again after fencing failed
 * @param shutdownTimeoutMillis how long a clean stop waits for the DC to move this node's resources away
 */
record ControllerSettings(long joinTimeoutMillis, long adminTimeoutMillis, long fencingRetryMillis, long shutdownTimeoutMillis) {
    ControllerSettings {
        if (joinTimeoutMillis <= 0 || adminTimeoutMillis <= 0 || fencingRetryMillis <= 0 || shutdownTimeoutMillis < 0) {
            throw new IllegalArgumentException("controller timeouts must be positive");
        }
    }
}
