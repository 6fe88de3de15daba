package io.tandem.cib;

import java.io.IOException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's CIB: an immutable value replaced on every change, persisted, and the source of {@link CibEvent}s.
 *
 * <p>Replication (the controller's job) uses it like this: the DC changes the CIB with {@link #apply} and sends
 * the returned patch to its peers; a peer passes it to {@link #receive}; when that fails with a reason that
 * {@link CibPatchException#needsResync() needs a resync}, the peer asks the DC for its whole CIB and installs it
 * with {@link #replace}. After a partition heals the copy with the highest version wins ({@code replace} refuses
 * older copies unless forced).
 */
@ProviderType
public interface CibStore {
    /** The current CIB. */
    Cib current();

    /**
     * Makes a local change (on the DC): runs the edit, stamps the next version, validates, persists (a configuration
     * change is on disk before this returns; status changes are written shortly after, coalesced), then tells the
     * listeners. An edit that changes nothing changes no version and tells no one.
     */
    CibEvent apply(CibUpdate update) throws CibUpdateException;

    /**
     * Applies a patch from the DC (on the other nodes).
     *
     * @throws CibPatchException when the patch does not fit this copy; the CIB is then unchanged
     * @throws IOException when a configuration change could not be written to disk; the CIB is then unchanged
     */
    CibEvent receive(CibPatch patch) throws CibPatchException, IOException;

    /**
     * Installs a whole CIB (a full resync from the DC), persisted before this returns.
     *
     * @param force install it even when its version is lower than the current one
     * @return the event, or one with {@code previous == current} when the CIB was refused for being older
     * @throws CibParseException when the CIB is not valid
     */
    CibEvent replace(Cib cib, boolean force) throws CibParseException, IOException;

    /** Registers a listener until the returned handle is closed. */
    AutoCloseable addListener(CibListener listener);
}
