package io.tandem.replication;

import java.util.Locale;

/**
 * What a node does when its backing store fails: {@link #DETACH} drops the disk and carries on diskless
 * (reads and writes go to the peer), {@link #PASS_ON} reports the error to the caller and keeps the disk.
 */
public enum OnIoError {
    DETACH("detach"),
    PASS_ON("pass_on");

    private final String drbdName;

    OnIoError(String drbdName) {
        this.drbdName = drbdName;
    }

    public String drbdName() {
        return drbdName;
    }

    public static OnIoError parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (OnIoError v : values()) {
            if (v.drbdName.equals(t)) {
                return v;
            }
        }
        throw new IllegalArgumentException("on-io-error must be detach or pass_on, not '" + text + "'");
    }
}
