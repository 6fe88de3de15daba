package io.tandem.controller.edit;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import io.tandem.controller.AdminException;
import io.tandem.controller.AdminException.Reason;
import io.tandem.controller.ClusterAdmin.Placement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Move, ban and clear as {@code crm_resource --move/--ban/--clear} of Pacemaker 2.1.5 write them: location
 * constraints {@code cli-prefer-<rsc>} (score INFINITY) and {@code cli-ban-<rsc>-on-<node>} (score -INFINITY) with
 * {@code role="Started"} (or {@code Promoted} with {@link Options#promoted()}), in the short form with {@code node}
 * and {@code score}, or with a lifetime as a rule ({@code cli-prefer-rule-<rsc>}, {@code cli-ban-<rsc>-on-<node>-rule})
 * holding a {@code #uname eq <node>} expression and a {@code date_expression lt end=<now + lifetime>}.
 *
 * <p>Where the resource runs now comes from the caller (a list of {@link Placement}s, for example from
 * {@link Placements#of}): move refuses to "move" a resource to the node it is already on and, with
 * {@link Options#force()}, bans it from where it was; a ban without a node bans the one node it is active on.
 *
 * <p>Differences from crm_resource: a constraint id that already exists is replaced (crm_resource merges the
 * attributes when the form is the same and fails with "Invalid configuration" when one form has the rule and the other
 * not); for the primitive of a clone ({@code -r cd}) crm_resource looks at one arbitrary instance, here every node an
 * instance is active on counts, so a ban without a node refuses when instances run on several nodes.
 */
public final class ConstraintEdits {
    private ConstraintEdits() {
    }

    /**
     * What crm_resource takes besides resource and node.
     *
     * @param lifetime how long the constraint lasts, empty for ever ({@code --lifetime})
     * @param promoted restrict to the promoted role ({@code --promoted}); move ignores it when neither the resource
     *                 nor its top-level resource is promotable, as crm_resource does
     * @param force    move even to where it is already, and ban the node it ran on ({@code --force})
     */
    public record Options(Optional<Lifetime> lifetime, boolean promoted, boolean force) {
        public Options {
            Objects.requireNonNull(lifetime, "lifetime");
        }

        public static Options defaults() {
            return new Options(Optional.empty(), false, false);
        }

        /** The defaults with an optional lifetime, as {@code ClusterAdmin.move/ban} take it. */
        public static Options forLifetime(Optional<java.time.Duration> lifetime) throws AdminException {
            return lifetime.isPresent() ? defaults().withLifetime(Lifetime.of(lifetime.get())) : defaults();
        }

        public Options withLifetime(Lifetime l) {
            return new Options(Optional.of(l), promoted, force);
        }

        public Options withPromoted(boolean p) {
            return new Options(lifetime, p, force);
        }

        public Options withForce(boolean f) {
            return new Options(lifetime, promoted, f);
        }
    }

    /** A changed CIB with the ids of the constraints a clear removed (in configuration order). */
    public record Cleared(Cib cib, List<String> removed) {
        public Cleared {
            Objects.requireNonNull(cib, "cib");
            removed = List.copyOf(removed);
        }
    }

    public static String preferId(String rsc) {
        return "cli-prefer-" + rsc;
    }

    public static String banId(String rsc, String node) {
        return "cli-ban-" + rsc + "-on-" + node;
    }

    /**
     * {@code crm_resource --move -r rsc -N node}: removes the resource's earlier cli-prefer constraint and its
     * cli-ban for {@code node}, then adds {@code cli-prefer-<rsc>} for {@code node}.
     *
     * @param current where the resource is active now (see {@link Placements#of})
     * @param now     the time a lifetime starts from
     * @throws AdminException NOT_FOUND for an unknown resource or node; INVALID for a clone instance name, a name
     *                        that cannot be part of an id; CONFLICT when it already runs (or is promoted, with
     *                        {@code promoted}) on {@code node} and {@code force} is off, or when a resource that is no
     *                        clone is active on more than one node
     */
    public static Cib move(Cib cib, String rsc, String node, List<Placement> current, Options options, Instant now)
            throws AdminException {
        CibResource r = CibResource.require(cib, rsc);
        CibNodes.requireConfigured(cib, node);
        requireIdParts(rsc, node);
        boolean promoted = options.promoted();
        boolean parentPromotable = !r.isPromotable() && CibResource.isPromotableElement(r.topLevel());
        if (promoted && !r.isPromotable() && !parentPromotable) {
            promoted = false; // "Ignoring --promoted option: <rsc> is not promotable"
        }
        List<Placement> scope = promoted && parentPromotable
                ? Placements.of(cib, r.topLevel().id()) : current;
        Set<String> active = nodes(scope, p -> true);
        if (r.isPromotable() || (promoted && parentPromotable)) {
            Set<String> promotedOn = nodes(scope, p -> p.role().equals("Promoted") || p.role().equals("Master"));
            if (promoted || !promotedOn.isEmpty()) {
                active = promotedOn;
            }
        }
        Optional<String> from = Optional.empty();
        if (active.size() > 1) {
            if (!r.isClone() && !r.inClone()) {
                throw new AdminException(Reason.CONFLICT, "resource '" + rsc + "' is active on more than one node ("
                        + String.join(", ", active) + "): ban it from the nodes it should leave instead");
            }
        } else if (active.size() == 1) {
            from = Optional.of(active.iterator().next());
        }
        boolean alreadyThere = from.isPresent() && from.get().equals(node);
        if (alreadyThere && !options.force()) {
            throw new AdminException(Reason.CONFLICT, "resource '" + rsc + "' is already " + (promoted ? "promoted" : "active")
                    + " on " + node + " (force reinforces its placement with a constraint)");
        }
        Cib out = clear(cib, rsc, CibNodes.names(cib), false, options.force()).cib();
        out = clear(out, rsc, List.of(node), true, options.force()).cib();
        out = addLocation(out, location(cib, "prefer", rsc, node, promoted, options.lifetime(), now));
        if (options.force() && !alreadyThere && from.isPresent()) {
            out = addLocation(out, location(cib, "ban", rsc, from.get(), promoted, options.lifetime(), now));
        }
        return out;
    }

    /**
     * {@code crm_resource --ban -r rsc -N node}: adds {@code cli-ban-<rsc>-on-<node>}. The role is {@code Promoted}
     * whenever {@code promoted} is asked for (crm_resource does not check that the resource is promotable here).
     *
     * @throws AdminException NOT_FOUND for an unknown resource or node, INVALID for a clone instance name
     */
    public static Cib ban(Cib cib, String rsc, String node, Options options, Instant now) throws AdminException {
        CibResource.require(cib, rsc);
        CibNodes.requireConfigured(cib, node);
        requireIdParts(rsc, node);
        return addLocation(cib, location(cib, "ban", rsc, node, options.promoted(), options.lifetime(), now));
    }

    /**
     * {@code crm_resource --ban -r rsc} and {@code --move -r rsc} without a node ("move away"): bans the resource from
     * the one node it is active on; for a promotable clone active on several nodes, from the one node where it is
     * promoted.
     *
     * @param current where the resource is active now (see {@link Placements#of})
     * @throws AdminException CONFLICT when it is active on no node or on several (name a node then)
     */
    public static Cib banCurrent(Cib cib, String rsc, List<Placement> current, Options options, Instant now)
            throws AdminException {
        CibResource r = CibResource.require(cib, rsc);
        Set<String> active = nodes(current, p -> true);
        String node;
        if (active.size() == 1) {
            node = active.iterator().next();
        } else if (r.isPromotable() && nodes(current, p -> p.role().equals("Promoted")).size() == 1) {
            node = nodes(current, p -> p.role().equals("Promoted")).iterator().next();
        } else {
            int promotedCount = nodes(current, p -> p.role().equals("Promoted")).size();
            throw new AdminException(Reason.CONFLICT, "resource '" + rsc + "' not moved: active in " + active.size()
                    + " locations" + (r.isPromotable() ? " (promoted in " + promotedCount + ")" : "")
                    + ". To keep it from a node, name the node");
        }
        return ban(cib, rsc, node, options, now);
    }

    /**
     * {@code crm_resource --clear -r rsc [-N node]}: removes {@code cli-ban-<rsc>-on-<node>} and a
     * {@code cli-prefer-<rsc>} that names the node (short form or rule), for {@code node} or else for every node of
     * the nodes section (a constraint for a node that is no longer configured stays, as with crm_resource).
     *
     * @throws AdminException NOT_FOUND for an unknown resource or node, INVALID for a clone instance name
     */
    public static Cleared clear(Cib cib, String rsc, Optional<String> node) throws AdminException {
        CibResource.require(cib, rsc);
        List<String> nodes;
        if (node.isPresent()) {
            CibNodes.requireConfigured(cib, node.get());
            nodes = List.of(node.get());
        } else {
            nodes = CibNodes.names(cib);
        }
        return clear(cib, rsc, nodes, true, false);
    }

    private static Cleared clear(Cib cib, String rsc, List<String> nodes, boolean bans, boolean anyPrefer) {
        Optional<CibElement> constraints = cib.configuration().child("constraints");
        if (constraints.isEmpty()) {
            return new Cleared(cib, List.of());
        }
        List<String> removed = new ArrayList<>();
        Predicate<CibElement> gone = c -> {
            if (!c.name().equals("rsc_location") || c.id() == null) {
                return false;
            }
            for (String n : nodes) {
                if (c.id().equals(preferId(rsc)) && (anyPrefer || n.equals(c.attr("node")) || ruleNames(c, rsc, n))) {
                    return true;
                }
                if (bans && c.id().equals(banId(rsc, n))) {
                    return true;
                }
            }
            return false;
        };
        for (CibElement c : constraints.get().children()) {
            if (gone.test(c)) {
                removed.add(c.id());
            }
        }
        if (removed.isEmpty()) {
            return new Cleared(cib, List.of());
        }
        return new Cleared(Trees.updateConfiguration(cib, "constraints", s -> Trees.removeChildren(s, gone)), removed);
    }

    /** Whether a cli-prefer constraint's rule names the node the way crm_resource's clear xpath looks for it. */
    private static boolean ruleNames(CibElement location, String rsc, String node) {
        for (CibElement rule : location.children("rule")) {
            if (!("cli-prefer-rule-" + rsc).equals(rule.id())) {
                continue;
            }
            for (CibElement e : rule.children("expression")) {
                if ("#uname".equals(e.attr("attribute")) && node.equals(e.attr("value"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Set<String> nodes(List<Placement> placements, Predicate<Placement> p) {
        Set<String> out = new LinkedHashSet<>();
        for (Placement pl : placements) {
            if (p.test(pl)) {
                out.add(pl.node());
            }
        }
        return out;
    }

    private static void requireIdParts(String rsc, String node) throws AdminException {
        if (!Trees.isValidIdPart(rsc) || !Trees.isValidIdPart(node)) {
            throw new AdminException(Reason.INVALID, "cannot make a constraint id from resource '" + rsc + "' and node '"
                    + node + "': ids allow letters, digits, '-', '_' and '.'");
        }
    }

    /** The promoted role's name: {@code Promoted}, or {@code Master} when the schema predates pacemaker-3.7. */
    static String promotedRole(Cib cib) {
        String schema = cib.root().attr("validate-with", "");
        if (schema.startsWith("pacemaker-")) {
            String[] v = schema.substring("pacemaker-".length()).split("\\.");
            try {
                int major = Integer.parseInt(v[0]);
                int minor = v.length > 1 ? Integer.parseInt(v[1]) : 0;
                if (major < 3 || (major == 3 && minor < 7)) {
                    return "Master";
                }
            } catch (NumberFormatException e) {
                return "Promoted";
            }
        }
        return "Promoted";
    }

    private static CibElement location(Cib cib, String kind, String rsc, String node, boolean promoted,
                                       Optional<Lifetime> lifetime, Instant now) {
        boolean ban = kind.equals("ban");
        String id = ban ? banId(rsc, node) : preferId(rsc);
        String score = ban ? "-INFINITY" : "INFINITY";
        String role = promoted ? promotedRole(cib) : "Started";
        if (lifetime.isEmpty()) {
            return CibElement.of("rsc_location", "id", id, "rsc", rsc, "role", role, "node", node, "score", score);
        }
        String ruleId = ban ? id + "-rule" : "cli-prefer-rule-" + rsc;
        String exprId = ban ? id + "-expr" : "cli-prefer-expr-" + rsc;
        String endId = ban ? id + "-lifetime" : "cli-prefer-lifetime-end-" + rsc;
        String end = Lifetime.crmTime(lifetime.get().end(now));
        CibElement rule = CibElement.of("rule", "id", ruleId, "score", score, "boolean-op", "and").withChildren(List.of(
                CibElement.of("expression", "id", exprId, "attribute", "#uname", "operation", "eq", "value", node,
                        "type", "string"),
                CibElement.of("date_expression", "id", endId, "operation", "lt", "end", end)));
        return CibElement.of("rsc_location", "id", id, "rsc", rsc, "role", role).withChild(rule);
    }

    /** Appends the constraint, or replaces the one with its id (see the class comment). */
    private static Cib addLocation(Cib cib, CibElement location) throws AdminException {
        String id = location.id();
        Optional<CibElement> clash = cib.configuration().findById(id);
        if (clash.isPresent() && !clash.get().name().equals("rsc_location")) {
            throw new AdminException(Reason.CONFLICT, "id '" + id + "' is already used by a <" + clash.get().name()
                    + "> of the configuration");
        }
        return Trees.updateConfiguration(cib, "constraints", s -> {
            if (Trees.childById(s, "rsc_location", id).isPresent()) {
                return Trees.mapFirst(s, c -> Trees.is(c, "rsc_location", id), c -> location);
            }
            return s.withChild(location);
        });
    }
}
