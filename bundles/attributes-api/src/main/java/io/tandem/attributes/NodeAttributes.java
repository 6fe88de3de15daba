package io.tandem.attributes;

import io.tandem.common.Score;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The node attribute store that crm_attribute, crm_master and attrd_updater talk to. Promotion scores are
 * transient attributes named {@code master-<resource>}; fail counts are {@code fail-count-<rsc>#<op>_<interval>}
 * and {@code last-failure-<rsc>#<op>_<interval>}, as Pacemaker 2.1 names them (see {@link AttributeNames}).
 *
 * <p>Node names are checked as {@link io.tandem.common.NodeId}s; an invalid name is an
 * {@link IllegalArgumentException}.
 */
@ProviderType
public interface NodeAttributes {
    /** The committed value: what the scheduler and the CIB see (a dampened write is not visible here yet). */
    Optional<String> get(String node, String name, AttributeLifetime lifetime);

    /** All committed attributes of one node with this lifetime, by name. */
    Map<String, String> all(String node, AttributeLifetime lifetime);

    /**
     * Sets a value. With a positive {@code dampening} (attrd_updater -d) the write is delayed and
     * later writes within the delay replace it, so flapping values settle before anyone sees them.
     *
     * <p>As in pacemaker-attrd, a value of {@code <name>++} adds one to the current value and
     * {@code <name>+=<n>} adds n (with INFINITY arithmetic, a missing or non-numeric value counting as 0).
     */
    void set(String node, String name, String value, AttributeLifetime lifetime, Duration dampening);

    /** Removes the attribute at once, together with a write still being dampened. */
    void delete(String node, String name, AttributeLifetime lifetime);

    /** The local node's name, as crm_node -n prints it. */
    String localNode();

    void addListener(AttributeListener listener);

    void removeListener(AttributeListener listener);

    /**
     * The newest value, including one still being dampened: what attrd_updater -Q prints (pacemaker-attrd
     * answers from memory, not from the CIB).
     *
     * @since 1.1
     */
    Optional<String> latest(String node, String name, AttributeLifetime lifetime);

    /**
     * Counts one failure of an operation: {@code fail-count-<rsc>#<op>_<interval>} goes up by one (at most
     * INFINITY) and {@code last-failure-<rsc>#<op>_<interval>} becomes the current time in epoch seconds, both
     * transient, both at once.
     *
     * @return the operation's new fail count
     * @since 1.1
     */
    Score recordFailure(String node, String resource, String operation, long intervalMillis);

    /**
     * A resource's fail count on a node: the sum over its operations (and the pre-2.0 per-resource
     * {@code fail-count-<rsc>}), at most INFINITY; zero if it never failed.
     *
     * @since 1.1
     */
    Score failCount(String node, String resource);

    /**
     * Forgets a resource's failures on a node (crm_resource --cleanup): every fail-count and last-failure
     * attribute of the resource.
     *
     * @since 1.1
     */
    void clearFailures(String node, String resource);

    /**
     * The promotion score an agent set for a resource instance on a node: {@code master-<instance>}, or for an
     * anonymous clone instance ({@code rsc:N}) {@code master-<rsc>}, as Pacemaker's scheduler looks them up.
     * Empty if none is set or the value is not a score.
     *
     * @since 1.1
     */
    Optional<Score> promotionScore(String node, String resourceInstance);
}
