package io.tandem.controller;

import io.tandem.cib.Cib;
import io.tandem.cib.CibUpdate;
import io.tandem.common.CibVersion;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The admin API every front end uses (Karaf {@code ha:*} commands, the web console, {@code bin/tandem} over the
 * local socket). As in Pacemaker, admin requests change the CIB (constraints, target-role, node attributes), never
 * resources directly: the DC's scheduler turns the change into actions. A change made on any node is sent to the
 * DC, applied there and replicated; the methods return once the DC has applied it (or throw and change nothing).
 *
 * <p>Names follow crm_resource and crm_attribute: move/ban/clear create and delete {@code cli-prefer-<rsc>} and
 * {@code cli-ban-<rsc>-on-<node>} location constraints (with a date rule when a lifetime is given), standby is the
 * node attribute {@code standby}, maintenance mode the cluster option {@code maintenance-mode}.
 */
public interface ClusterAdmin {
    /** This node's copy of the CIB. */
    Cib cib();

    ControllerState state();

    /**
     * The crm_mon text of the current cluster.
     *
     * @param showInactive   list stopped resources too ({@code crm_mon -r})
     * @param showFailCounts add the "Migration Summary" ({@code crm_mon -f})
     */
    String status(boolean showInactive, boolean showFailCounts);

    /** Any change of the CIB, made on the DC; returns the version after it. */
    CibVersion change(CibUpdate update) throws AdminException;

    /** Replaces the whole configuration section by {@code cib}'s ({@code ha:cib-import}, {@code cibadmin --replace}). */
    CibVersion replaceConfiguration(Cib cib) throws AdminException;

    // nodes

    /** Standby on/off ({@code crm node standby}); {@code lifetime} forever (permanent) or until reboot. */
    void standby(String node, boolean standby, boolean untilReboot) throws AdminException;

    /** Cluster-wide maintenance mode ({@code crm configure property maintenance-mode=true}). */
    void maintenance(boolean on) throws AdminException;

    /** A permanent node attribute (nodes section); empty value deletes it. */
    void nodeAttribute(String node, String name, Optional<String> value) throws AdminException;

    Optional<String> nodeAttribute(String node, String name) throws AdminException;

    /**
     * What {@code hb_takeover} does: every resource moves to {@code node} at once (a one-shot move: the move
     * constraints are removed once the resources run there, or after {@code wait}, so stickiness keeps them there
     * and failover still works afterwards).
     */
    void takeover(String node, Duration wait) throws AdminException;

    /** What {@code hb_standby} does: every resource leaves {@code node} for the other nodes, one-shot as in {@link #takeover}. */
    void relinquish(String node, Duration wait) throws AdminException;

    // resources

    /** The nodes a resource (or one of its instances) is active on, with the role ("Started", "Promoted", ...). */
    List<Placement> locate(String resource) throws AdminException;

    /** target-role Started / Stopped (also Promoted/Unpromoted for promotable clones). */
    void targetRole(String resource, String role) throws AdminException;

    /** is-managed true/false. */
    void manage(String resource, boolean managed) throws AdminException;

    /**
     * Moves a resource to {@code node} ({@code crm_resource --move}); without a node, away from where it runs now
     * (a ban on its current node). With a lifetime the constraint expires.
     */
    void move(String resource, Optional<String> node, Optional<Duration> lifetime) throws AdminException;

    /** Keeps a resource off a node ({@code crm_resource --ban}); without a node, off its current node. */
    void ban(String resource, Optional<String> node, Optional<Duration> lifetime) throws AdminException;

    /** Removes the constraints move and ban made (all of them, or those for one node). Returns how many. */
    int clear(String resource, Optional<String> node) throws AdminException;

    /**
     * Forgets failures and operation history ({@code crm_resource --cleanup}): fail counts, failed operations and
     * the resource's history on the node (all nodes when empty), so the DC probes it again.
     */
    void cleanup(Optional<String> resource, Optional<String> node) throws AdminException;

    /** Records a failure of the resource's monitor on a node, as if the agent had reported it ({@code crm_resource --fail}). */
    void fail(String resource, String node) throws AdminException;

    /** Instance attribute (agent parameter) get/set/delete ({@code crm_resource --get/set/delete-parameter}). */
    Optional<String> parameter(String resource, String name) throws AdminException;

    void parameter(String resource, String name, Optional<String> value) throws AdminException;

    /** Meta attribute get/set/delete ({@code crm_resource --meta ...}). */
    Optional<String> meta(String resource, String name) throws AdminException;

    void meta(String resource, String name, Optional<String> value) throws AdminException;

    /** Where a resource runs and in which role. */
    record Placement(String resource, String node, String role) {
    }
}
