package io.tandem.controller.edit;

import io.tandem.cib.Cib;
import io.tandem.cib.CibUpdate;
import io.tandem.controller.ClusterAdmin;
import java.time.Instant;
import java.util.Optional;

/**
 * The edits of this package as {@link CibUpdate}s for the DC's store: each reads the CIB it is applied to (so
 * "where the resource runs now" comes from that CIB's status, see {@link Placements}) and throws the
 * {@link io.tandem.controller.AdminException} of the edit to refuse. {@code now} is when the request was made,
 * from the caller's clock.
 */
public final class CibUpdates {
    private CibUpdates() {
    }

    /** {@link ClusterAdmin#move}: to {@code node}, or away from where it runs (a ban) without one. */
    public static CibUpdate move(String rsc, Optional<String> node, ConstraintEdits.Options options, Instant now) {
        String what = "move " + rsc + node.map(n -> " to " + n).orElse(" away") + options.lifetime().map(l -> " for " + l).orElse("");
        return new CibUpdate(what, false, cib -> node.isPresent()
                ? ConstraintEdits.move(cib, rsc, node.get(), Placements.of(cib, rsc), options, now)
                : ConstraintEdits.banCurrent(cib, rsc, Placements.of(cib, rsc), options, now));
    }

    /** {@link ClusterAdmin#ban}: from {@code node}, or from where it runs without one. */
    public static CibUpdate ban(String rsc, Optional<String> node, ConstraintEdits.Options options, Instant now) {
        String what = "ban " + rsc + node.map(n -> " from " + n).orElse(" from its node") + options.lifetime().map(l -> " for " + l).orElse("");
        return new CibUpdate(what, false, cib -> node.isPresent()
                ? ConstraintEdits.ban(cib, rsc, node.get(), options, now)
                : ConstraintEdits.banCurrent(cib, rsc, Placements.of(cib, rsc), options, now));
    }

    /** {@link ClusterAdmin#clear}; how many constraints went is {@link ConstraintEdits#clear}'s to tell. */
    public static CibUpdate clear(String rsc, Optional<String> node) {
        return new CibUpdate("clear " + rsc + node.map(n -> " on " + n).orElse(""), false,
                cib -> ConstraintEdits.clear(cib, rsc, node).cib());
    }

    public static CibUpdate targetRole(String rsc, String role) {
        return new CibUpdate("target-role of " + rsc + " = " + role, false, cib -> AttributeEdits.targetRole(cib, rsc, role));
    }

    public static CibUpdate manage(String rsc, boolean managed) {
        return new CibUpdate((managed ? "manage " : "unmanage ") + rsc, false, cib -> AttributeEdits.manage(cib, rsc, managed));
    }

    public static CibUpdate parameter(String rsc, String name, Optional<String> value) {
        return new CibUpdate("parameter " + name + " of " + rsc + value.map(v -> " = " + v).orElse(" deleted"), false,
                cib -> value.isPresent() ? AttributeEdits.setParameter(cib, rsc, name, value.get())
                        : AttributeEdits.deleteParameter(cib, rsc, name));
    }

    public static CibUpdate meta(String rsc, String name, Optional<String> value) {
        return new CibUpdate("meta attribute " + name + " of " + rsc + value.map(v -> " = " + v).orElse(" deleted"), false,
                cib -> value.isPresent() ? AttributeEdits.setMeta(cib, rsc, name, value.get())
                        : AttributeEdits.deleteMeta(cib, rsc, name));
    }

    public static CibUpdate maintenance(boolean on) {
        return new CibUpdate("maintenance-mode = " + on, false, cib -> AttributeEdits.maintenance(cib, on));
    }

    public static CibUpdate standby(String node, boolean standby, boolean untilReboot) {
        return new CibUpdate("standby of " + node + " = " + (standby ? "on" : "off") + (untilReboot ? " until reboot" : ""),
                false, cib -> AttributeEdits.standby(cib, node, standby, untilReboot));
    }

    public static CibUpdate nodeAttribute(String node, String name, Optional<String> value) {
        return new CibUpdate("node attribute " + name + " of " + node + value.map(v -> " = " + v).orElse(" deleted"), false,
                cib -> AttributeEdits.nodeAttribute(cib, node, name, value));
    }

    /** {@link ClusterAdmin#cleanup}: failures and history (refresh) of a resource or all, on a node or all. */
    public static CibUpdate cleanup(Optional<String> rsc, Optional<String> node, boolean onlyFailed) {
        return new CibUpdate("cleanup of " + rsc.orElse("all resources") + node.map(n -> " on " + n).orElse(""), false,
                cib -> StatusEdits.cleanup(cib, rsc, node, onlyFailed));
    }

    /** {@link ClusterAdmin#replaceConfiguration}. */
    public static CibUpdate replaceConfiguration(Cib imported, String source) {
        return new CibUpdate("replace configuration from " + source, false,
                cib -> ConfigurationEdits.replaceConfiguration(cib, imported, source));
    }
}
