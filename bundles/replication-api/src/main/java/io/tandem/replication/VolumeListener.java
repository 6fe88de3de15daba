package io.tandem.replication;

import org.osgi.annotation.versioning.ConsumerType;

/** Told of a volume's events, one at a time and never while the volume holds a lock. */
@ConsumerType
@FunctionalInterface
public interface VolumeListener {
    void onEvent(VolumeEvent event);
}
