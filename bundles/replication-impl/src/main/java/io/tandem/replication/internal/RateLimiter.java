package io.tandem.replication.internal;

/** A token bucket in bytes per second on an injected clock; bursts are capped at a tenth of a second. */
final class RateLimiter {
    private final long bytesPerSecond;
    private double tokens;
    private long lastNanos;

    RateLimiter(long bytesPerSecond, long nowNanos) {
        this.bytesPerSecond = bytesPerSecond;
        this.lastNanos = nowNanos;
    }

    /** Tokens available now (after refilling). */
    long available(long nowNanos) {
        double cap = Math.max(Bitmap.BLOCK_BYTES, bytesPerSecond / 10.0);
        tokens = Math.min(cap, tokens + (nowNanos - lastNanos) * bytesPerSecond / 1e9);
        lastNanos = nowNanos;
        return (long) tokens;
    }

    void take(long bytes) {
        tokens -= bytes;
    }

    /** Nanoseconds until {@code bytes} tokens will be there. */
    long nanosUntil(long bytes) {
        double missing = bytes - tokens;
        return missing <= 0 ? 0 : (long) (missing * 1e9 / bytesPerSecond);
    }
}
