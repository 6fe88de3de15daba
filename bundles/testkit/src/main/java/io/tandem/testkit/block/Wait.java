package io.tandem.testkit.block;

/** Deadline-based polling for conditions the kernel settles asynchronously. */
public final class Wait {
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Wait() {
    }

    public static void until(String what, long timeoutMillis, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
