package io.tandem.replication.device.internal;

/** Deadline-based polling for conditions the kernel settles asynchronously. */
final class Wait {
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    private Wait() {
    }

    static void until(String what, long timeoutMillis, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
