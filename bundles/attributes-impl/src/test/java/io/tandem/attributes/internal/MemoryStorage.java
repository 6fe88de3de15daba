package io.tandem.attributes.internal;

/** Permanent attributes kept in memory for one simulated node, surviving its restarts as a file would. */
final class MemoryStorage implements PermanentStorage {
    private Snapshot saved = Snapshot.empty();

    @Override
    public Snapshot load() {
        return saved;
    }

    @Override
    public void save(Snapshot snapshot) {
        saved = snapshot;
    }
}
