package io.tandem.controller.edit;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import io.tandem.cib.CibValues;
import io.tandem.controller.AdminException;
import io.tandem.controller.AdminException.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Name/value settings as {@code crm_resource} and {@code crm_attribute} (Pacemaker 2.1.5) write them: resource
 * parameters ({@code instance_attributes}) and meta attributes ({@code meta_attributes}), cluster options
 * ({@code crm_config}), permanent node attributes (the nodes section) and node attributes that last until the node
 * reboots ({@code status/node_state/transient_attributes}).
 *
 * <p>Setting: an existing nvpair with that name (in any set of the right kind) gets the new value and keeps its id;
 * otherwise a new nvpair goes into the tool's own set, created at the end when missing:
 * {@code <rsc>-instance_attributes} / {@code <rsc>-meta_attributes} with nvpair {@code <set>-<name>},
 * {@code cib-bootstrap-options} with {@code cib-bootstrap-options-<name>}, {@code nodes-<uuid>} with
 * {@code nodes-<uuid>-<name>}, {@code status-<uuid>} with {@code status-<uuid>-<name>} (':' and '#' in node
 * attribute ids become '.', as crm_attribute sanitises them). Two nvpairs with the name is a CONFLICT (the tools
 * refuse "multiple attributes match"). Deleting removes the nvpair and leaves its (possibly empty) set; deleting what
 * does not exist changes nothing.
 *
 * <p>Which resource a meta attribute goes to follows crm_resource: on a resource inside a clone that does not have
 * the attribute itself, the clone's; on a clone whose primitive has it, the primitive's; on a group, the group's and
 * every member's that has it too. A parameter is refused when the top-level resource has a meta attribute of that
 * name.
 *
 * <p>Reading returns the value of the first nvpair in document order, from sets without rules (rules, set scores
 * and resource templates are not evaluated); a meta attribute falls back to the resource's XML attributes
 * ({@code class}, {@code type}, ...), then its containers' meta attributes, then {@code rsc_defaults}, as
 * {@code crm_resource --meta --get-parameter} does.
 */
public final class AttributeEdits {
    public static final String INSTANCE = "instance_attributes";
    public static final String META = "meta_attributes";
    /** The target-role values crm_resource accepts (old and new names of the promoted roles). */
    public static final Set<String> TARGET_ROLES = Set.of("Stopped", "Started", "Promoted", "Unpromoted", "Master", "Slave");

    private AttributeEdits() {
    }

    // resources

    public static Optional<String> parameter(Cib cib, String rsc, String name) throws AdminException {
        return firstValue(CibResource.require(cib, rsc).element(), INSTANCE, name);
    }

    public static Cib setParameter(Cib cib, String rsc, String name, String value) throws AdminException {
        requireName(name);
        CibResource r = CibResource.require(cib, rsc);
        List<CibElement> meta = matches(r.topLevel(), META, name);
        if (!meta.isEmpty()) {
            throw new AdminException(Reason.CONFLICT, "there is already a meta attribute for '" + r.topLevel().id()
                    + "' called '" + name + "' (id=" + meta.get(0).id() + "): delete it first");
        }
        return set(cib, List.of(r.element()), INSTANCE, name, value);
    }

    public static Cib deleteParameter(Cib cib, String rsc, String name) throws AdminException {
        requireName(name);
        return delete(cib, List.of(CibResource.require(cib, rsc).element()), INSTANCE, name);
    }

    public static Optional<String> meta(Cib cib, String rsc, String name) throws AdminException {
        CibResource r = CibResource.require(cib, rsc);
        Optional<String> own = firstValue(r.element(), META, name);
        if (own.isPresent()) {
            return own;
        }
        if (r.element().attributes().containsKey(name)) {
            return Optional.of(r.element().attr(name));
        }
        for (int i = r.parents().size() - 1; i >= 0; i--) {
            CibElement p = r.parents().get(i);
            Optional<String> v = firstValue(p, META, name);
            if (v.isPresent()) {
                return v;
            }
            if (p.attributes().containsKey(name)) {
                return Optional.of(p.attr(name));
            }
        }
        Optional<CibElement> defaults = cib.configuration().child("rsc_defaults");
        return defaults.isPresent() ? firstValue(defaults.get(), META, name) : Optional.empty();
    }

    public static Cib setMeta(Cib cib, String rsc, String name, String value) throws AdminException {
        requireName(name);
        return set(cib, metaTargets(CibResource.require(cib, rsc), name), META, name, value);
    }

    public static Cib deleteMeta(Cib cib, String rsc, String name) throws AdminException {
        requireName(name);
        return delete(cib, metaTargets(CibResource.require(cib, rsc), name), META, name);
    }

    /** {@code crm_resource --meta -p target-role -v <role>} ({@code Started}, {@code Stopped}, {@code Promoted}, ...). */
    public static Cib targetRole(Cib cib, String rsc, String role) throws AdminException {
        if (role == null || !TARGET_ROLES.contains(role)) {
            throw new AdminException(Reason.INVALID, "'" + role + "' is not a role: use one of Started, Stopped, "
                    + "Promoted, Unpromoted");
        }
        CibResource r = CibResource.require(cib, rsc);
        if ((role.equals("Promoted") || role.equals("Unpromoted") || role.equals("Master") || role.equals("Slave"))
                && !r.inPromotable()) {
            throw new AdminException(Reason.INVALID, "resource '" + rsc + "' is not promotable: its roles are Started "
                    + "and Stopped");
        }
        return setMeta(cib, rsc, "target-role", role);
    }

    /** {@code crm_resource --meta -p is-managed -v true|false}. */
    public static Cib manage(Cib cib, String rsc, boolean managed) throws AdminException {
        return setMeta(cib, rsc, "is-managed", Boolean.toString(managed));
    }

    private static List<CibElement> metaTargets(CibResource r, String name) {
        Optional<CibElement> parent = r.parent();
        if (parent.isPresent() && CibResource.isCloneElement(parent.get())) {
            return List.of(matches(r.element(), META, name).isEmpty() ? parent.get() : r.element());
        }
        if (parent.isEmpty() && r.isClone()) {
            for (CibElement c : r.element().children()) {
                if (c.name().equals("primitive")) {
                    return List.of(matches(c, META, name).isEmpty() ? r.element() : c);
                }
                if (CibResource.KINDS.contains(c.name())) {
                    break;
                }
            }
            return List.of(r.element());
        }
        List<CibElement> out = new ArrayList<>();
        for (CibElement c : r.element().children()) {
            if (CibResource.KINDS.contains(c.name()) && !matches(c, META, name).isEmpty()) {
                out.add(c);
            }
        }
        out.add(r.element());
        return out;
    }

    private static Cib set(Cib cib, List<CibElement> targets, String setType, String name, String value)
            throws AdminException {
        requireValue(value);
        Cib out = cib;
        for (CibElement target : targets) {
            List<CibElement> found = matches(target, setType, name);
            if (found.size() > 1) {
                throw multiple(target.id(), name, found);
            }
            String rscId = target.id();
            String tag = target.name();
            if (found.size() == 1) {
                String nvId = found.get(0).id();
                out = updateResources(out, tag, rscId, e -> withNvpairValue(e, setType, nvId, value));
            } else {
                String setId = rscId + "-" + setType;
                String nvId = setId + "-" + name;
                if (!Trees.isValidIdPart(name)) {
                    throw new AdminException(Reason.INVALID, "cannot make an id for attribute '" + name
                            + "': ids allow letters, digits, '-', '_' and '.'");
                }
                CibElement nv = CibElement.of("nvpair", "id", nvId, "name", name, "value", value);
                out = updateResources(out, tag, rscId, e -> addToSet(e, setType, setId, nv));
            }
        }
        return out;
    }

    private static Cib delete(Cib cib, List<CibElement> targets, String setType, String name) throws AdminException {
        Cib out = cib;
        for (CibElement target : targets) {
            List<CibElement> found = matches(target, setType, name);
            if (found.size() > 1) {
                throw multiple(target.id(), name, found);
            }
            if (found.size() == 1) {
                String nvId = found.get(0).id();
                out = updateResources(out, target.name(), target.id(),
                        e -> Trees.mapAll(e, s -> s.name().equals(setType),
                                s -> Trees.removeChildren(s, nv -> Trees.is(nv, "nvpair", nvId))));
            }
        }
        return out;
    }

    private static Cib updateResources(Cib cib, String tag, String id,
                                       java.util.function.UnaryOperator<CibElement> f) {
        return Trees.updateConfiguration(cib, "resources", rs -> Trees.replaceById(rs, tag, id, f));
    }

    // cluster options

    /** A cluster option ({@code crm_attribute -n name -q -G}) from the crm_config section. */
    public static Optional<String> clusterOption(Cib cib, String name) throws AdminException {
        requireName(name);
        List<CibElement> found = clusterOptionMatches(cib, name);
        if (found.size() > 1) {
            throw multiple("crm_config", name, found);
        }
        return found.isEmpty() ? Optional.empty() : Optional.ofNullable(found.get(0).attr("value"));
    }

    /** {@code crm_attribute -n name -v value}, or {@code -D} for an empty value. */
    public static Cib clusterOption(Cib cib, String name, Optional<String> value) throws AdminException {
        requireName(name);
        List<CibElement> found = clusterOptionMatches(cib, name);
        if (found.size() > 1) {
            throw multiple("crm_config", name, found);
        }
        if (value.isEmpty()) {
            if (found.isEmpty()) {
                return cib;
            }
            String nvId = found.get(0).id();
            return Trees.updateConfiguration(cib, "crm_config", c -> Trees.mapAll(c,
                    s -> s.name().equals("cluster_property_set"),
                    s -> Trees.removeChildren(s, nv -> Trees.is(nv, "nvpair", nvId))));
        }
        requireValue(value.get());
        if (found.size() == 1) {
            String nvId = found.get(0).id();
            return Trees.updateConfiguration(cib, "crm_config",
                    c -> withNvpairValue(c, "cluster_property_set", nvId, value.get()));
        }
        String setId = "cib-bootstrap-options";
        CibElement nv = CibElement.of("nvpair", "id", Trees.sanitizeId(setId + "-" + name), "name", name,
                "value", value.get());
        requireIdPart(Trees.sanitizeId(name), name);
        return Trees.updateConfiguration(cib, "crm_config", c -> addToSet(c, "cluster_property_set", setId, nv));
    }

    /** {@code crm_attribute -n maintenance-mode -v true|false}. */
    public static Cib maintenance(Cib cib, boolean on) throws AdminException {
        return clusterOption(cib, "maintenance-mode", Optional.of(Boolean.toString(on)));
    }

    private static List<CibElement> clusterOptionMatches(Cib cib, String name) {
        List<CibElement> out = new ArrayList<>();
        cib.configuration().child("crm_config").ifPresent(c -> {
            for (CibElement set : c.children("cluster_property_set")) {
                collect(set, name, out);
            }
        });
        return out;
    }

    // node attributes

    /** A permanent node attribute ({@code crm_attribute -N node -n name -G}). */
    public static Optional<String> nodeAttribute(Cib cib, String node, String name) throws AdminException {
        requireName(name);
        CibElement n = permanentNode(cib, node);
        List<CibElement> found = matches(n, INSTANCE, name);
        if (found.size() > 1) {
            throw multiple(node, name, found);
        }
        return found.isEmpty() ? Optional.empty() : Optional.ofNullable(found.get(0).attr("value"));
    }

    /** {@code crm_attribute -N node -n name -v value} (lifetime forever), or {@code -D} for an empty value. */
    public static Cib nodeAttribute(Cib cib, String node, String name, Optional<String> value) throws AdminException {
        requireName(name);
        CibElement n = permanentNode(cib, node);
        String uuid = n.id();
        List<CibElement> found = matches(n, INSTANCE, name);
        if (found.size() > 1) {
            throw multiple(node, name, found);
        }
        java.util.function.UnaryOperator<CibElement> change;
        if (value.isEmpty()) {
            if (found.isEmpty()) {
                return cib;
            }
            String nvId = found.get(0).id();
            change = e -> Trees.mapAll(e, s -> s.name().equals(INSTANCE),
                    s -> Trees.removeChildren(s, nv -> Trees.is(nv, "nvpair", nvId)));
        } else if (found.size() == 1) {
            requireValue(value.get());
            String nvId = found.get(0).id();
            change = e -> withNvpairValue(e, INSTANCE, nvId, value.get());
        } else {
            requireValue(value.get());
            String setId = "nodes-" + uuid;
            String nvId = Trees.sanitizeId(setId + "-" + name);
            requireIdPart(nvId, name);
            CibElement nv = CibElement.of("nvpair", "id", nvId, "name", name, "value", value.get());
            change = e -> addToSet(e, INSTANCE, setId, nv);
        }
        return Trees.updateConfiguration(cib, "nodes", ns -> Trees.mapFirst(ns, e -> Trees.is(e, "node", uuid), change));
    }

    /** A node attribute that lasts until the node reboots ({@code crm_attribute -N node -n name -l reboot -G}). */
    public static Optional<String> transientNodeAttribute(Cib cib, String node, String name) throws AdminException {
        requireName(name);
        CibElement state = nodeState(cib, node);
        List<CibElement> found = transientMatches(state, name);
        if (found.size() > 1) {
            throw multiple(node, name, found);
        }
        return found.isEmpty() ? Optional.empty() : Optional.ofNullable(found.get(0).attr("value"));
    }

    /**
     * {@code crm_attribute -N node -n name -l reboot -v value} written straight into the status section (on a running
     * cluster the attribute manager owns these; this is what the tool writes into a CIB file), or {@code -D}.
     *
     * @throws AdminException NOT_FOUND when the node has no status entry yet (crm_attribute fails the same way)
     */
    public static Cib transientNodeAttribute(Cib cib, String node, String name, Optional<String> value)
            throws AdminException {
        requireName(name);
        CibElement state = nodeState(cib, node);
        String uuid = state.id();
        List<CibElement> found = transientMatches(state, name);
        if (found.size() > 1) {
            throw multiple(node, name, found);
        }
        java.util.function.UnaryOperator<CibElement> change;
        if (value.isEmpty()) {
            if (found.isEmpty()) {
                return cib;
            }
            String nvId = found.get(0).id();
            change = s -> Trees.mapAll(s, t -> t.name().equals("transient_attributes"),
                    t -> Trees.mapAll(t, set -> set.name().equals(INSTANCE),
                            set -> Trees.removeChildren(set, nv -> Trees.is(nv, "nvpair", nvId))));
        } else if (found.size() == 1) {
            requireValue(value.get());
            String nvId = found.get(0).id();
            change = s -> Trees.mapAll(s, t -> t.name().equals("transient_attributes"),
                    t -> withNvpairValue(t, INSTANCE, nvId, value.get()));
        } else {
            requireValue(value.get());
            String setId = "status-" + uuid;
            String nvId = Trees.sanitizeId(setId + "-" + name);
            requireIdPart(nvId, name);
            CibElement nv = CibElement.of("nvpair", "id", nvId, "name", name, "value", value.get());
            change = s -> {
                if (Trees.childById(s, "transient_attributes", uuid).isPresent()) {
                    return Trees.mapFirst(s, t -> Trees.is(t, "transient_attributes", uuid),
                            t -> addToSet(t, INSTANCE, setId, nv));
                }
                return s.withChild(addToSet(CibElement.of("transient_attributes", "id", uuid), INSTANCE, setId, nv));
            };
        }
        return Trees.updateStatus(cib, st -> Trees.mapFirst(st, e -> e == state, change));
    }

    /**
     * Standby as {@code crm_attribute -N node -n standby -v on|off [-l reboot]} writes it ({@code crm node
     * standby/online}): permanently in the nodes section, or until reboot in the status section. Turning it off
     * writes {@code off} in the chosen place only, as the tools do: a standby kept in the other place still counts.
     */
    public static Cib standby(Cib cib, String node, boolean standby, boolean untilReboot) throws AdminException {
        Optional<String> v = Optional.of(standby ? "on" : "off");
        return untilReboot ? transientNodeAttribute(cib, node, "standby", v) : nodeAttribute(cib, node, "standby", v);
    }

    private static CibElement permanentNode(Cib cib, String node) throws AdminException {
        CibNodes.requireConfigured(cib, node);
        CibElement n = CibNodes.node(cib, node).orElseThrow();
        if (n.id() == null) {
            throw new AdminException(Reason.INVALID, "node '" + node + "' has no id in the nodes section");
        }
        return n;
    }

    private static CibElement nodeState(Cib cib, String node) throws AdminException {
        String uuid = CibNodes.requireUuid(cib, node);
        for (CibElement s : cib.status().children("node_state")) {
            if (uuid.equals(s.id())) {
                return s;
            }
        }
        throw new AdminException(Reason.NOT_FOUND, "node '" + node + "' has no status entry yet (it has not joined "
                + "the cluster): use a permanent attribute");
    }

    private static List<CibElement> transientMatches(CibElement state, String name) {
        List<CibElement> out = new ArrayList<>();
        for (CibElement t : state.children("transient_attributes")) {
            for (CibElement set : t.children(INSTANCE)) {
                collect(set, name, out);
            }
        }
        return out;
    }

    // nvpair helpers

    /** The nvpairs with that name in {@code owner}'s direct sets of that kind (the tools' xpath also looks inside). */
    static List<CibElement> matches(CibElement owner, String setType, String name) {
        List<CibElement> out = new ArrayList<>();
        for (CibElement set : owner.children(setType)) {
            collect(set, name, out);
        }
        return out;
    }

    private static void collect(CibElement set, String name, List<CibElement> out) {
        set.walk(e -> {
            if (e.name().equals("nvpair") && name.equals(e.attr("name"))) {
                out.add(e);
            }
        });
    }

    private static Optional<String> firstValue(CibElement owner, String setType, String name) {
        for (CibElement set : owner.children(setType)) {
            if (set.child("rule").isPresent()) {
                continue;
            }
            for (CibElement nv : set.children("nvpair")) {
                if (name.equals(nv.attr("name"))) {
                    return Optional.ofNullable(nv.attr("value"));
                }
            }
        }
        return Optional.empty();
    }

    /** Sets the value of the nvpair with that id inside {@code owner}'s sets of that kind. */
    private static CibElement withNvpairValue(CibElement owner, String setType, String nvId, String value) {
        return Trees.mapAll(owner, s -> s.name().equals(setType), s -> replaceNvpair(s, nvId, value));
    }

    private static CibElement replaceNvpair(CibElement e, String nvId, String value) {
        if (Trees.is(e, "nvpair", nvId)) {
            return e.withAttribute("value", value);
        }
        return Trees.mapAll(e, c -> c.name().equals("nvpair") || c.name().equals("rule") || c.name().equals(e.name()),
                c -> replaceNvpair(c, nvId, value));
    }

    /** Appends {@code nv} to {@code owner}'s set with that id, creating the set at the end of owner when missing. */
    private static CibElement addToSet(CibElement owner, String setType, String setId, CibElement nv) {
        if (Trees.childById(owner, setType, setId).isPresent()) {
            return Trees.mapFirst(owner, s -> Trees.is(s, setType, setId), s -> s.withChild(nv));
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("id", setId);
        return owner.withChild(new CibElement(setType, attrs, List.of(nv), 0));
    }

    private static AdminException multiple(String owner, String name, List<CibElement> found) {
        List<String> ids = new ArrayList<>();
        for (CibElement f : found) {
            ids.add(f.id());
        }
        return new AdminException(Reason.CONFLICT, "several attributes of '" + owner + "' are called '" + name + "' ("
                + String.join(", ", ids) + "): delete all but one first");
    }

    private static void requireName(String name) throws AdminException {
        if (name == null || name.isBlank()) {
            throw new AdminException(Reason.INVALID, "no attribute name given");
        }
    }

    private static void requireValue(String value) throws AdminException {
        if (value == null) {
            throw new AdminException(Reason.INVALID, "no value given");
        }
    }

    private static void requireIdPart(String id, String name) throws AdminException {
        if (!Trees.isValidIdPart(id)) {
            throw new AdminException(Reason.INVALID, "cannot make an id for attribute '" + name
                    + "': ids allow letters, digits, '-', '_' and '.'");
        }
    }

    static boolean isTrue(String v) {
        return v != null && CibValues.isBoolean(v) && CibValues.parseBoolean(v);
    }
}
