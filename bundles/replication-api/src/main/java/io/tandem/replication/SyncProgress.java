package io.tandem.replication;

/**
 * Progress of a running resync or online verify.
 *
 * @param totalKiB what the run started with
 * @param remainingKiB what is left
 * @param speedKiBPerSecond recent speed (last few seconds)
 * @param averageKiBPerSecond mean speed since the run started
 * @param etaSeconds estimated seconds to finish at the recent speed (-1 when unknown)
 * @param verify true for online verify, false for resync
 */
public record SyncProgress(long totalKiB, long remainingKiB, long speedKiBPerSecond, long averageKiBPerSecond,
        long etaSeconds, boolean verify) {
    public SyncProgress {
        if (totalKiB < 0 || remainingKiB < 0 || remainingKiB > totalKiB || speedKiBPerSecond < 0
                || averageKiBPerSecond < 0 || etaSeconds < -1) {
            throw new IllegalArgumentException("inconsistent progress: " + totalKiB + "/" + remainingKiB);
        }
    }

    /** Per mille done, as DRBD computes it for the progress bar. */
    public int permilleDone() {
        if (totalKiB == 0) {
            return 1000;
        }
        return (int) ((totalKiB - remainingKiB) * 1000 / totalKiB);
    }
}
