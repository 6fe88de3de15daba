package io.tandem.cib;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A local change the DC makes to its CIB through {@link CibStore#apply}: an edit of the current CIB plus what
 * kind of version bump it is. The store stamps the version itself (the edit's version attributes are ignored): a
 * change of the configuration section bumps epoch and resets num_updates, any other change bumps num_updates,
 * and an administrative change ({@link #administrative()}) bumps admin_epoch and resets num_updates.
 *
 * @param description what the change is, for logs (such as "cleanup of ip on node1")
 * @param administrative whether to bump admin_epoch, as {@code cibadmin --modify} of admin_epoch would
 * @param edit the change; it sees the current CIB and returns the new one (or throws to refuse it)
 */
public record CibUpdate(String description, boolean administrative, Edit edit) {
    /** The change itself; called under the store's lock, so it must be quick and must not call the store. */
    @FunctionalInterface
    public interface Edit {
        Cib applyTo(Cib current) throws Exception;
    }

    public CibUpdate {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(edit, "edit");
    }

    public static CibUpdate of(String description, UnaryOperator<Cib> edit) {
        Objects.requireNonNull(edit, "edit");
        return new CibUpdate(description, false, edit::apply);
    }

    /** Applies a patch's changes (not its versions or digest), such as an edit staged elsewhere and diffed. */
    public static CibUpdate ofPatch(String description, CibPatch patch) {
        Objects.requireNonNull(patch, "patch");
        return new CibUpdate(description, false, patch::applyChanges);
    }

    /** The same change, bumping admin_epoch. */
    public CibUpdate asAdministrative() {
        return new CibUpdate(description, true, edit);
    }
}
