package io.tandem.importers.crm;

import io.tandem.cib.Cib;
import io.tandem.cib.CibValues;
import io.tandem.common.Score;
import io.tandem.importers.crm.CrmCommand.AttributeExpression;
import io.tandem.importers.crm.CrmCommand.AttributeSet;
import io.tandem.importers.crm.CrmCommand.DateExpression;
import io.tandem.importers.crm.CrmCommand.Expression;
import io.tandem.importers.crm.CrmCommand.NvPair;
import io.tandem.importers.crm.CrmCommand.Operation;
import io.tandem.importers.crm.CrmCommand.PropertyKind;
import io.tandem.importers.crm.CrmCommand.ResourceRef;
import io.tandem.importers.crm.CrmCommand.Rule;
import io.tandem.importers.crm.CrmCommand.Section;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies {@link CrmCommand}s to a {@link Cib} the way {@code crm configure} does, returning a new Cib (the
 * version triple is left alone: whoever stores the result bumps it). Generated ids follow crmsh:
 * {@code RSC-instance_attributes}, {@code RSC-instance_attributes-NAME}, {@code RSC-meta_attributes-NAME},
 * {@code RSC-monitor-10s}, {@code LOC-rule}, {@code LOC-rule-expression}, {@code cib-bootstrap-options-NAME},
 * {@code rsc-options-NAME}, {@code op-options-NAME}, sets {@code CONSTRAINT-0}; a taken id gets {@code -0},
 * {@code -1}, ... appended. Deleting follows crmsh too: a deleted group or clone releases its children (its
 * constraints move to the first child), a deleted resource takes its constraints with it and drops out of
 * resource sets, and a container left empty is deleted.
 */
public final class CrmApplier {
    static final Set<String> RESOURCE_ELEMENTS = Set.of("primitive", "group", "clone", "master", "bundle");
    private static final Set<String> CONSTRAINT_ELEMENTS = Set.of("rsc_location", "rsc_colocation", "rsc_order",
            "rsc_ticket");
    private static final Set<String> CLASSES = Set.of("ocf", "lsb", "service", "systemd", "stonith", "heartbeat",
            "upstart", "nagios");
    private static final Set<String> ACTIONS = Set.of("start", "stop", "promote", "demote");
    private static final Set<String> ON_FAIL = Set.of("ignore", "block", "stop", "restart", "standby", "fence",
            "demote");
    private static final Set<String> BOOLEAN_META = Set.of("is-managed", "maintenance", "notify", "globally-unique",
            "interleave", "ordered", "promotable", "allow-migrate", "critical", "requires-restart");
    private static final Set<String> COUNT_META = Set.of("clone-max", "clone-node-max", "promoted-max",
            "promoted-node-max", "master-max", "master-node-max", "clone-min");
    private static final Set<String> BOOLEAN_PROPERTIES = Set.of("stonith-enabled", "symmetric-cluster",
            "maintenance-mode", "start-failure-is-fatal", "stop-orphan-resources", "stop-orphan-actions",
            "stop-all-resources", "enable-startup-probes", "startup-fencing", "concurrent-fencing");
    private static final Set<String> DURATION_PROPERTIES = Set.of("cluster-recheck-interval", "stonith-timeout",
            "dc-deadtime", "cluster-delay", "shutdown-lock-limit", "fence-reaction");
    /** Where sections go in {@code <configuration>}, as the schema orders them. */
    private static final List<String> SECTION_ORDER = List.of("crm_config", "nodes", "resources", "constraints",
            "fencing-topology", "rsc_defaults", "op_defaults", "tags", "acls", "alerts");

    private final MutableElement root;
    private final MutableElement configuration;
    private final Set<String> ids = new HashSet<>();
    private CrmCommand command;

    private CrmApplier(Cib cib) {
        this.root = MutableElement.of(cib.root());
        MutableElement config = root.child("configuration");
        if (config == null) {
            config = MutableElement.create("configuration");
            root.add(0, config);
        }
        this.configuration = config;
        configuration.walk(e -> {
            if (e.id() != null) {
                ids.add(e.id());
            }
        });
    }

    /** Applies one command; {@code show}, {@code verify} and {@code commit} return the Cib unchanged. */
    public static Cib apply(Cib cib, CrmCommand command) throws CrmApplyException {
        return applyAll(cib, List.of(command));
    }

    /** Applies the commands in order; on the first error nothing is returned (the caller keeps its Cib). */
    public static Cib applyAll(Cib cib, List<CrmCommand> commands) throws CrmApplyException {
        CrmApplier applier = new CrmApplier(cib);
        boolean changed = false;
        for (CrmCommand c : commands) {
            applier.command = c;
            changed |= applier.run(c);
        }
        return changed ? new Cib(applier.root.toElement()) : cib;
    }

    private boolean run(CrmCommand c) throws CrmApplyException {
        if (c instanceof CrmCommand.Primitive p) {
            primitive(p);
        } else if (c instanceof CrmCommand.Group g) {
            group(g);
        } else if (c instanceof CrmCommand.Clone cl) {
            clone(cl);
        } else if (c instanceof CrmCommand.Location l) {
            location(l);
        } else if (c instanceof CrmCommand.Colocation co) {
            colocation(co);
        } else if (c instanceof CrmCommand.Order o) {
            order(o);
        } else if (c instanceof CrmCommand.Properties p) {
            properties(p);
        } else if (c instanceof CrmCommand.Node n) {
            node(n);
        } else if (c instanceof CrmCommand.Delete d) {
            delete(d);
        } else {
            return false; // show, verify, commit
        }
        return true;
    }

    // ---------------------------------------------------------------- helpers

    private CrmApplyException fail(String field, String problem) {
        return new CrmApplyException(command.label(), command.line(), field, problem);
    }

    private String nextId(String base) {
        String candidate = base;
        for (int i = 0; ids.contains(candidate); i++) {
            candidate = base + "-" + i;
        }
        ids.add(candidate);
        return candidate;
    }

    private void claim(String id, String field) throws CrmApplyException {
        if (ids.contains(id)) {
            MutableElement owner = configuration.findById(id);
            throw fail(field, "id '" + id + "' is already used" + (owner == null ? "" : " by a <" + owner.name + ">"));
        }
        ids.add(id);
    }

    private MutableElement section(String name) {
        MutableElement s = configuration.child(name);
        if (s == null) {
            s = MutableElement.create(name);
            int rank = SECTION_ORDER.indexOf(name);
            int at = configuration.children.size();
            for (int i = 0; i < configuration.children.size(); i++) {
                int other = SECTION_ORDER.indexOf(configuration.children.get(i).name);
                if (other > rank) {
                    at = i;
                    break;
                }
            }
            configuration.add(at, s);
        }
        return s;
    }

    private MutableElement resources() {
        return section("resources");
    }

    private MutableElement constraints() {
        return section("constraints");
    }

    private MutableElement resource(String id, String field) throws CrmApplyException {
        MutableElement e = resources().findById(id);
        if (e == null || !RESOURCE_ELEMENTS.contains(e.name)) {
            throw fail(field, e == null ? "no resource with id '" + id + "'"
                    : "'" + id + "' is a <" + e.name + ">, not a resource");
        }
        return e;
    }

    private String score(String text, String field) throws CrmApplyException {
        try {
            Score s = Score.parse(text);
            return s.isInfinite() ? s.toString() : text.startsWith("+") ? text.substring(1) : text;
        } catch (IllegalArgumentException e) {
            throw fail(field, "'" + text + "' is not a score (an integer, inf, -inf, INFINITY or -INFINITY)");
        }
    }

    private String role(String text, String field) throws CrmApplyException {
        for (String r : CibValues.ROLES) {
            if (r.equalsIgnoreCase(text)) {
                return r;
            }
        }
        throw fail(field, "'" + text + "' is not a role (Started, Stopped, Promoted, Unpromoted, Master, Slave)");
    }

    private void duration(String text, String field) throws CrmApplyException {
        if (!CibValues.isDuration(text)) {
            throw fail(field, "'" + text + "' is not a duration (such as 20, 10s, 500ms, 1min, 2h or PT10S)");
        }
    }

    private void bool(String text, String field) throws CrmApplyException {
        if (!CibValues.isBoolean(text)) {
            throw fail(field, "'" + text + "' is not a boolean (true or false)");
        }
    }

    private void oneOf(String text, Set<String> allowed, String field) throws CrmApplyException {
        if (!allowed.contains(text)) {
            throw fail(field, "'" + text + "' is not one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
        }
    }

    private void checkMeta(String name, String value, String field) throws CrmApplyException {
        if (name.equals("target-role")) {
            role(value, field);
        } else if (BOOLEAN_META.contains(name)) {
            bool(value, field);
        } else if (COUNT_META.contains(name)) {
            if (!value.matches("\\d{1,9}")) {
                throw fail(field, "'" + value + "' is not a count (0 or more)");
            }
        } else if (name.equals("resource-stickiness") || name.equals("migration-threshold")
                || name.equals("priority")) {
            score(value, field);
        } else if (name.equals("failure-timeout")) {
            duration(value, field);
        } else if (name.equals("multiple-active")) {
            oneOf(value, Set.of("block", "stop_only", "stop_start", "stop_unexpected"), field);
        }
    }

    private void checkProperty(PropertyKind kind, String name, String value, String field) throws CrmApplyException {
        switch (kind) {
            case RSC_DEFAULTS -> checkMeta(name, value, field);
            case OP_DEFAULTS -> {
                if (name.equals("timeout") || name.equals("interval") || name.equals("start-delay")) {
                    duration(value, field);
                } else if (name.equals("on-fail")) {
                    oneOf(value, ON_FAIL, field);
                } else if (name.equals("record-pending") || name.equals("enabled")) {
                    bool(value, field);
                }
            }
            case PROPERTY -> {
                if (BOOLEAN_PROPERTIES.contains(name)) {
                    bool(value, field);
                } else if (DURATION_PROPERTIES.contains(name)) {
                    duration(value, field);
                } else if (name.equals("no-quorum-policy")) {
                    oneOf(value, Set.of("stop", "freeze", "ignore", "demote", "suicide"), field);
                } else if (name.equals("default-resource-stickiness")) {
                    score(value, field);
                }
            }
        }
    }

    /** Adds the sections of a resource command to its element, in the order written. */
    private void sections(MutableElement rsc, List<Section> sections) throws CrmApplyException {
        String rscId = rsc.id();
        MutableElement operations = null;
        for (Section s : sections) {
            if (s instanceof AttributeSet set) {
                String setId = set.setId() != null ? set.setId() : null;
                if (setId != null) {
                    claim(setId, set.kind().keyword() + " $id");
                } else {
                    setId = nextId(rscId + "-" + set.kind().element());
                }
                MutableElement element = MutableElement.create(set.kind().element(), "id", setId);
                Set<String> seen = new HashSet<>();
                for (NvPair p : set.pairs()) {
                    String field = set.kind().keyword() + " " + p.name();
                    if (!seen.add(p.name())) {
                        throw fail(field, "given twice");
                    }
                    if (set.kind() == CrmCommand.SetKind.META) {
                        checkMeta(p.name(), p.value(), field);
                    }
                    element.add(MutableElement.create("nvpair", "name", p.name(), "value", p.value(),
                            "id", nextId(setId + "-" + p.name())));
                }
                rsc.add(element);
            } else if (s instanceof Operation op) {
                if (operations == null) {
                    operations = rsc.child("operations");
                    if (operations == null) {
                        operations = MutableElement.create("operations");
                        rsc.add(operations);
                    }
                }
                operations.add(operation(rscId, op));
            }
        }
    }

    private MutableElement operation(String rscId, Operation op) throws CrmApplyException {
        MutableElement e = MutableElement.create("op", "name", op.name());
        String explicitId = null;
        for (NvPair p : op.attributes()) {
            String field = "op " + op.name() + " " + p.name();
            switch (p.name()) {
                case "interval", "timeout", "start-delay", "interval-origin" -> {
                    if (!p.name().equals("interval-origin")) {
                        duration(p.value(), field);
                    }
                }
                case "role" -> role(p.value(), field);
                case "on-fail" -> oneOf(p.value(), ON_FAIL, field);
                case "enabled", "record-pending" -> bool(p.value(), field);
                default -> {
                }
            }
            if (p.name().equals("id")) {
                explicitId = p.value();
                continue;
            }
            if (e.attributes.containsKey(p.name())) {
                throw fail(field, "given twice");
            }
            e.set(p.name(), p.value());
        }
        if (e.attr("interval") == null) {
            e.set("interval", "0");
        }
        if (explicitId != null) {
            claim(explicitId, "op " + op.name() + " id");
            e.set("id", explicitId);
        } else {
            e.set("id", nextId(rscId + "-" + op.name() + "-" + e.attr("interval")));
        }
        return e;
    }

    // ---------------------------------------------------------------- resources

    private void primitive(CrmCommand.Primitive p) throws CrmApplyException {
        if (!CLASSES.contains(p.agentClass())) {
            throw fail("class", "'" + p.agentClass() + "' is not a resource agent class ("
                    + String.join(", ", new java.util.TreeSet<>(CLASSES)) + ")");
        }
        if (p.agentClass().equals("ocf") != (p.provider() != null)) {
            throw fail("provider", p.agentClass().equals("ocf")
                    ? "an ocf agent needs a provider (ocf:PROVIDER:TYPE)"
                    : "only ocf agents have a provider (" + p.agentClass() + ":TYPE)");
        }
        claim(p.id(), "id");
        MutableElement e = MutableElement.create("primitive", "id", p.id(), "class", p.agentClass(),
                "provider", p.provider(), "type", p.type());
        sections(e, p.sections());
        resources().add(e);
    }

    private void group(CrmCommand.Group g) throws CrmApplyException {
        claim(g.id(), "id");
        List<MutableElement> members = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String m : g.members()) {
            if (!seen.add(m)) {
                throw fail("members", "'" + m + "' is listed twice");
            }
            MutableElement e = resource(m, "members");
            if (!e.name.equals("primitive")) {
                throw fail("members", "'" + m + "' is a " + e.name + "; a group holds primitives");
            }
            if (e.parent != resources()) {
                throw fail("members", "'" + m + "' is already in " + e.parent.name + " '" + e.parent.id() + "'");
            }
            members.add(e);
        }
        MutableElement group = MutableElement.create("group", "id", g.id());
        sections(group, g.sections());
        for (MutableElement m : members) {
            group.add(m);
        }
        resources().add(group);
    }

    private void clone(CrmCommand.Clone c) throws CrmApplyException {
        claim(c.id(), "id");
        MutableElement child = resource(c.child(), "rsc");
        if (!child.name.equals("primitive") && !child.name.equals("group")) {
            throw fail("rsc", "'" + c.child() + "' is a " + child.name + "; only a primitive or a group can be cloned");
        }
        if (child.parent != resources()) {
            throw fail("rsc", "'" + c.child() + "' is already in " + child.parent.name + " '" + child.parent.id() + "'");
        }
        MutableElement clone = MutableElement.create(c.ms() ? "master" : "clone", "id", c.id());
        sections(clone, c.sections());
        clone.add(child);
        resources().add(clone);
    }

    // ---------------------------------------------------------------- constraints

    private void location(CrmCommand.Location l) throws CrmApplyException {
        resource(l.rsc(), "rsc");
        claim(l.id(), "id");
        MutableElement e = MutableElement.create("rsc_location", "id", l.id(), "rsc", l.rsc());
        if (l.rules().isEmpty()) {
            if (l.role() != null) {
                e.set("role", role(l.role(), "role"));
            }
            e.set("score", score(l.score(), "score"));
            e.set("node", l.node());
        } else {
            for (Rule r : l.rules()) {
                e.add(rule(l.id(), r));
            }
        }
        constraints().add(e);
    }

    private MutableElement rule(String locationId, Rule r) throws CrmApplyException {
        String ruleId;
        if (r.id() != null) {
            claim(r.id(), "rule $id");
            ruleId = r.id();
        } else {
            ruleId = nextId(locationId + "-rule");
        }
        MutableElement rule = MutableElement.create("rule");
        if (r.role() != null) {
            rule.set("role", role(r.role(), "rule role"));
        }
        rule.set("score", score(r.score(), "rule score"));
        if (r.booleanOp() != null) {
            rule.set("boolean-op", r.booleanOp());
        }
        rule.set("id", ruleId);
        for (Expression x : r.expressions()) {
            if (x instanceof AttributeExpression a) {
                MutableElement e = MutableElement.create("expression", "operation", a.operation(),
                        "attribute", a.attribute());
                if (a.type() != null) {
                    e.set("type", a.type());
                }
                if (a.value() != null) {
                    e.set("value", a.value());
                }
                e.set("id", nextId(ruleId + "-expression"));
                rule.add(e);
            } else if (x instanceof DateExpression d) {
                MutableElement e = MutableElement.create("date_expression", "operation", d.operation(),
                        "start", d.start(), "end", d.end());
                e.set("id", nextId(ruleId + "-expression"));
                rule.add(e);
            }
        }
        return rule;
    }

    private void colocation(CrmCommand.Colocation c) throws CrmApplyException {
        String score = score(c.score(), "score");
        for (ResourceRef r : c.resources()) {
            resource(r.id(), "rsc");
        }
        claim(c.id(), "id");
        MutableElement e = MutableElement.create("rsc_colocation", "id", c.id(), "score", score);
        if (c.resources().size() == 2) {
            ResourceRef rsc = c.resources().get(0);
            ResourceRef with = c.resources().get(1);
            e.set("rsc", rsc.id());
            if (rsc.qualifier() != null) {
                e.set("rsc-role", role(rsc.qualifier(), "rsc-role"));
            }
            e.set("with-rsc", with.id());
            if (with.qualifier() != null) {
                e.set("with-rsc-role", role(with.qualifier(), "with-rsc-role"));
            }
        } else {
            e.add(resourceSet(c.id(), c.resources(), "role"));
        }
        constraints().add(e);
    }

    private MutableElement resourceSet(String constraintId, List<ResourceRef> refs, String qualifierName)
            throws CrmApplyException {
        MutableElement set = MutableElement.create("resource_set", "id", nextId(constraintId + "-0"));
        for (ResourceRef r : refs) {
            if (r.qualifier() != null) {
                throw fail(qualifierName, "'" + r.id() + ":" + r.qualifier() + "': a " + qualifierName
                        + " per resource is only supported with two resources");
            }
            set.add(MutableElement.create("resource_ref", "id", r.id()));
        }
        return set;
    }

    private void order(CrmCommand.Order o) throws CrmApplyException {
        String kind;
        if (CibValues.ORDER_KINDS.contains(o.kindOrScore())) {
            kind = o.kindOrScore();
        } else {
            // crmsh turns a score into a kind: 0 is Optional, anything else Mandatory
            String s = score(o.kindOrScore(), "kind");
            kind = Score.parse(s).value() == 0 ? "Optional" : "Mandatory";
        }
        for (ResourceRef r : o.resources()) {
            resource(r.id(), "rsc");
            if (r.qualifier() != null && !ACTIONS.contains(r.qualifier())) {
                throw fail("action", "'" + r.qualifier() + "' is not an action (start, stop, promote, demote)");
            }
        }
        if (o.symmetrical() != null) {
            bool(o.symmetrical(), "symmetrical");
        }
        claim(o.id(), "id");
        MutableElement e = MutableElement.create("rsc_order", "id", o.id(), "kind", kind,
                "symmetrical", o.symmetrical());
        if (o.resources().size() == 2) {
            ResourceRef first = o.resources().get(0);
            ResourceRef then = o.resources().get(1);
            e.set("first", first.id());
            e.set("first-action", first.qualifier());
            e.set("then", then.id());
            e.set("then-action", then.qualifier());
        } else {
            e.add(resourceSet(o.id(), o.resources(), "action"));
        }
        constraints().add(e);
    }

    // ---------------------------------------------------------------- properties, nodes

    private void properties(CrmCommand.Properties p) throws CrmApplyException {
        PropertyKind kind = p.kind();
        String setId = p.setId() != null ? p.setId() : kind.defaultSetId();
        MutableElement section = section(kind.section());
        MutableElement set = null;
        for (MutableElement s : section.children) {
            if (setId.equals(s.id())) {
                set = s;
            }
        }
        if (set == null) {
            claim(setId, "$id");
            set = MutableElement.create(kind.setElement(), "id", setId);
            section.add(set);
        }
        Set<String> seen = new HashSet<>();
        for (NvPair pair : p.pairs()) {
            if (!seen.add(pair.name())) {
                throw fail(pair.name(), "given twice");
            }
            checkProperty(kind, pair.name(), pair.value(), pair.name());
            setPair(set, pair.name(), pair.value());
        }
    }

    private void setPair(MutableElement set, String name, String value) {
        for (MutableElement nv : set.children("nvpair")) {
            if (name.equals(nv.attr("name"))) {
                nv.set("value", value);
                return;
            }
        }
        set.add(MutableElement.create("nvpair", "name", name, "value", value, "id", nextId(set.id() + "-" + name)));
    }

    private void node(CrmCommand.Node n) throws CrmApplyException {
        String nodeId = n.id() != null ? n.id() : n.uname();
        MutableElement nodes = section("nodes");
        MutableElement node = null;
        for (MutableElement e : nodes.children("node")) {
            if (nodeId.equals(e.id())) {
                node = e;
            } else if (n.uname().equals(e.attr("uname"))) {
                throw fail("uname", "node '" + n.uname() + "' already exists with id '" + e.id() + "'");
            }
        }
        if (node == null) {
            claim(nodeId, "id");
            node = MutableElement.create("node", "id", nodeId, "uname", n.uname());
            nodes.add(node);
        } else {
            node.set("uname", n.uname());
        }
        if (!n.attributes().isEmpty()) {
            MutableElement set = node.child("instance_attributes");
            if (set == null) {
                set = MutableElement.create("instance_attributes", "id", nextId("nodes-" + nodeId));
                node.add(set);
            }
            for (NvPair p : n.attributes()) {
                setPair(set, p.name(), p.value());
            }
        }
    }

    // ---------------------------------------------------------------- delete

    private void delete(CrmCommand.Delete d) throws CrmApplyException {
        for (String id : d.ids()) {
            MutableElement e = configuration.findById(id);
            if (e == null) {
                throw fail("id", "nothing with id '" + id + "'");
            }
            if (RESOURCE_ELEMENTS.contains(e.name)) {
                deleteResource(e);
            } else if (CONSTRAINT_ELEMENTS.contains(e.name)
                    || (e.name.equals("node") && e.parent != null && e.parent.name.equals("nodes"))
                    || (e.parent != null && e.parent.parent == configuration
                    && Set.of("crm_config", "rsc_defaults", "op_defaults").contains(e.parent.name))) {
                remove(e);
            } else {
                throw fail("id", "'" + id + "' is a <" + e.name + "> inside '" + nearestId(e.parent)
                        + "'; delete or redefine that instead");
            }
        }
    }

    private static String nearestId(MutableElement e) {
        while (e != null && e.id() == null) {
            e = e.parent;
        }
        return e == null ? "" : e.id();
    }

    private void remove(MutableElement e) {
        e.walk(x -> {
            if (x.id() != null) {
                ids.remove(x.id());
            }
        });
        e.parent.remove(e);
    }

    private void deleteResource(MutableElement e) throws CrmApplyException {
        MutableElement parent = e.parent;
        if (e.name.equals("group") || e.name.equals("clone") || e.name.equals("master")) {
            List<MutableElement> released = new ArrayList<>();
            for (MutableElement c : List.copyOf(e.children)) {
                if (RESOURCE_ELEMENTS.contains(c.name)) {
                    released.add(c);
                }
            }
            if (!released.isEmpty()) {
                if (parent != resources()) {
                    throw fail("id", "'" + e.id() + "' is inside " + parent.name + " '" + parent.id()
                            + "'; delete that first");
                }
                for (MutableElement c : released) {
                    parent.add(c);
                }
                retarget(e.id(), released.get(0).id());
                remove(e);
                return;
            }
        }
        remove(e);
        dropReferences(e.id());
        if (parent != null && RESOURCE_ELEMENTS.contains(parent.name)
                && parent.children.stream().noneMatch(c -> RESOURCE_ELEMENTS.contains(c.name))) {
            deleteResource(parent);
        }
    }

    private void retarget(String from, String to) {
        for (MutableElement c : constraints().children) {
            c.walk(x -> {
                for (String attr : List.of("rsc", "with-rsc", "first", "then")) {
                    if (from.equals(x.attr(attr)) && CONSTRAINT_ELEMENTS.contains(x.name)) {
                        x.set(attr, to);
                    }
                }
                if (x.name.equals("resource_ref") && from.equals(x.id())) {
                    x.set("id", to);
                }
            });
        }
    }

    private void dropReferences(String id) {
        for (MutableElement c : List.copyOf(constraints().children)) {
            boolean direct = false;
            for (String attr : List.of("rsc", "with-rsc", "first", "then")) {
                direct |= id.equals(c.attr(attr));
            }
            if (direct) {
                remove(c);
                continue;
            }
            List<MutableElement> sets = c.children("resource_set");
            if (sets.isEmpty()) {
                continue;
            }
            for (MutableElement set : sets) {
                for (MutableElement ref : set.children("resource_ref")) {
                    if (id.equals(ref.id())) {
                        set.remove(ref);
                    }
                }
                if (set.children("resource_ref").isEmpty()) {
                    remove(set);
                }
            }
            simplify(c);
        }
    }

    /** A constraint whose sets shrank to one set of two (or fewer) resources becomes a plain one, as crmsh does. */
    private void simplify(MutableElement c) {
        List<MutableElement> sets = c.children("resource_set");
        List<String> refs = new ArrayList<>();
        for (MutableElement s : sets) {
            for (MutableElement r : s.children("resource_ref")) {
                refs.add(r.id());
            }
        }
        if (refs.size() < 2) {
            remove(c);
            return;
        }
        if (sets.size() != 1 || refs.size() != 2 || sets.get(0).attributes.size() != 1) {
            return;
        }
        remove(sets.get(0));
        if (c.name.equals("rsc_colocation")) {
            // in a set each member is placed with the one before it
            c.set("rsc", refs.get(1));
            c.set("with-rsc", refs.get(0));
        } else if (c.name.equals("rsc_order")) {
            c.set("first", refs.get(0));
            c.set("then", refs.get(1));
        }
    }
}
