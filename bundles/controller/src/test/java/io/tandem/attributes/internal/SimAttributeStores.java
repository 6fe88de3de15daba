package io.tandem.attributes.internal;

import io.tandem.attributes.NodeAttributes;
import io.tandem.common.Scheduler;
import io.tandem.membership.View;
import io.tandem.messaging.ClusterMessenger;
import java.util.function.Consumer;

/**
 * The real attribute store (cluster-wide over the given messenger) for the controller's whole-stack simulation.
 * Lives in the store's package because the store is internal to its bundle; on the test class path that is fine.
 */
public final class SimAttributeStores {
    private SimAttributeStores() {
    }

    /** A store for {@code node} on {@code scheduler}, connected to {@code messenger}; feed it views with the returned handle. */
    public static Handle create(Scheduler scheduler, String node, ClusterMessenger messenger) {
        AttributeStore store = new AttributeStore(scheduler, node, new PermanentStorage() {
            private Snapshot saved = Snapshot.empty();

            @Override
            public Snapshot load() {
                return saved;
            }

            @Override
            public void save(Snapshot snapshot) {
                saved = snapshot;
            }
        });
        AutoCloseable connection = store.connect(messenger);
        return new Handle(store, store::viewChanged, () -> {
            try {
                connection.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            store.close();
        });
    }

    /** The store as the controller sees it, how to tell it of views, and how to stop it. */
    public record Handle(NodeAttributes attributes, Consumer<View> views, Runnable close) {
    }
}
