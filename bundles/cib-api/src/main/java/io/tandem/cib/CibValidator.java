package io.tandem.cib;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that a CIB has the structure Pacemaker's schema (pacemaker-3.x, and the older documents it upgrades)
 * requires, plus the values Pacemaker would otherwise silently replace with defaults: the first problem in
 * document order is reported as a {@link CibParseException} naming source, line and element.
 *
 * <p>What is checked: the root and its sections; ids (required, unique across the configuration where the schema
 * types them as XML IDs, unique per parent for nodes and status entries); primitives (class, type, provider for
 * ocf, or a template); group, clone, promotable clone ({@code master}) and bundle structure; operations (name,
 * parseable interval and timeout, role, on-fail); name/value sets and rules; constraints (references to existing
 * resources, templates or tags, scores, kinds, roles, actions, booleans); fencing levels; tags; and the identity
 * attributes of the status section. Access control lists and alerts are accepted as they are.
 */
public final class CibValidator {
    private static final Set<String> REQUIRED_SECTIONS = Set.of("crm_config", "nodes", "resources", "constraints");
    private static final Set<String> OPTIONAL_SECTIONS = Set.of("rsc_defaults", "op_defaults", "fencing-topology", "tags",
            "acls", "alerts");
    private static final Set<String> CLASSES = Set.of("ocf", "lsb", "heartbeat", "stonith", "upstart", "service",
            "systemd", "nagios");
    private static final Set<String> ON_FAIL = Set.of("ignore", "block", "demote", "stop", "restart", "standby", "fence",
            "restart-container");
    private static final Set<String> ACTIONS = Set.of("start", "promote", "demote", "stop");
    private static final Set<String> NODE_TYPES = Set.of("member", "ping", "remote", "normal");
    private static final Set<String> EXPRESSION_OPS = Set.of("lt", "gt", "lte", "gte", "eq", "ne", "defined",
            "not_defined");
    private static final Set<String> DATE_OPS = Set.of("in_range", "gt", "lt", "date_spec");

    private CibValidator() {
    }

    /** Parses and validates a CIB file. */
    public static Cib read(Path file) throws CibParseException, IOException {
        return check(CibXml.parse(file), file.toString());
    }

    /** Parses and validates CIB text; {@code source} names it in errors. */
    public static Cib parse(String xml, String source) throws CibParseException {
        return check(CibXml.parse(xml, source), source);
    }

    /** Validates a parsed document and wraps it as a {@link Cib}. */
    public static Cib check(CibElement root, String source) throws CibParseException {
        new Checker(source).root(root);
        return new Cib(root);
    }

    public static void validate(Cib cib, String source) throws CibParseException {
        new Checker(source).root(cib.root());
    }

    /**
     * Validates only the root attributes and the status section: enough after a change that left the configuration
     * untouched (the store uses it for status updates, which come at high rates).
     */
    public static void validateStatus(Cib cib, String source) throws CibParseException {
        Checker c = new Checker(source);
        c.rootAttributes(cib.root());
        c.status(cib.status());
    }

    private static final class Checker {
        private final String source;
        /** Every configuration element whose id the schema types as an XML ID. */
        private final Map<String, CibElement> ids = new HashMap<>();
        private final Set<String> resources = new HashSet<>();
        private final Set<String> templates = new HashSet<>();
        private final Set<String> tags = new HashSet<>();
        private final List<Reference> references = new ArrayList<>();

        private enum Target { ANY, RESOURCE, TEMPLATE }

        private record Reference(CibElement element, String attribute, String value, Target target) {
        }

        Checker(String source) {
            this.source = source;
        }

        private CibParseException fail(CibElement e, String problem) {
            String who = e.id() == null ? "" : " '" + e.id() + "'";
            return new CibParseException(source, e.line(), e.name(), e.name() + who + ": " + problem);
        }

        void root(CibElement root) throws CibParseException {
            if (!root.name().equals("cib")) {
                throw new CibParseException(source, root.line(), root.name(),
                        "the root element of a CIB is <cib>, not <" + root.name() + ">");
            }
            rootAttributes(root);
            CibElement configuration = null;
            CibElement status = null;
            for (CibElement c : root.children()) {
                switch (c.name()) {
                    case "configuration" -> {
                        if (configuration != null) {
                            throw fail(c, "a CIB has one configuration section");
                        }
                        configuration = c;
                    }
                    case "status" -> {
                        if (status != null) {
                            throw fail(c, "a CIB has one status section");
                        }
                        status = c;
                    }
                    default -> throw fail(c, "unexpected element in <cib> (expected configuration and status)");
                }
            }
            if (configuration == null) {
                throw fail(root, "the configuration section is missing");
            }
            if (status == null) {
                throw fail(root, "the status section is missing");
            }
            configuration(configuration);
            status(status);
        }

        void rootAttributes(CibElement root) throws CibParseException {
            for (String a : List.of("admin_epoch", "epoch", "num_updates")) {
                String v = root.attr(a);
                if (v == null) {
                    throw fail(root, "attribute '" + a + "' is missing");
                }
                if (!v.trim().matches("[0-9]{1,18}")) {
                    throw fail(root, "attribute " + a + "=\"" + v + "\" is not a non-negative integer");
                }
            }
            String schema = root.attr("validate-with");
            if (schema != null && !schema.matches("none|pacemaker-[0-9]+\\.[0-9]+|pacemaker-next|transitional-0\\.6")) {
                throw fail(root, "validate-with=\"" + schema + "\" is not a Pacemaker schema name");
            }
            optionalBoolean(root, "have-quorum");
        }

        void configuration(CibElement conf) throws CibParseException {
            Set<String> seen = new HashSet<>();
            for (CibElement section : conf.children()) {
                String n = section.name();
                if (!REQUIRED_SECTIONS.contains(n) && !OPTIONAL_SECTIONS.contains(n)) {
                    throw fail(section, "unknown configuration section");
                }
                if (!seen.add(n)) {
                    throw fail(section, "the configuration has more than one <" + n + "> section");
                }
                switch (n) {
                    case "crm_config" -> onlyNvsets(section, "cluster_property_set");
                    case "rsc_defaults", "op_defaults" -> onlyNvsets(section, "meta_attributes");
                    case "nodes" -> nodes(section);
                    case "resources" -> resources(section);
                    case "constraints" -> constraints(section);
                    case "fencing-topology" -> fencingTopology(section);
                    case "tags" -> tags(section);
                    case "alerts" -> alerts(section);
                    default -> {
                        // acls: accepted as written; their ids (some of them user names) are not XML IDs
                    }
                }
            }
            for (String required : List.of("crm_config", "nodes", "resources", "constraints")) {
                if (!seen.contains(required)) {
                    throw fail(conf, "the <" + required + "> section is missing");
                }
            }
            resolveReferences();
        }

        private void resolveReferences() throws CibParseException {
            for (Reference r : references) {
                boolean ok = switch (r.target) {
                    case ANY -> ids.containsKey(r.value);
                    case TEMPLATE -> templates.contains(r.value);
                    case RESOURCE -> resources.contains(r.value) || templates.contains(r.value) || tags.contains(r.value);
                };
                if (!ok) {
                    String what = switch (r.target) {
                        case ANY -> "no element with id '" + r.value + "'";
                        case TEMPLATE -> "no template '" + r.value + "'";
                        case RESOURCE -> "no resource, template or tag '" + r.value + "'";
                    };
                    throw fail(r.element, r.attribute + "=\"" + r.value + "\" refers to " + what);
                }
            }
        }

        // ---- ids and attributes

        private String requireId(CibElement e) throws CibParseException {
            String id = e.id();
            if (id == null || id.isBlank()) {
                throw fail(e, "attribute 'id' is missing");
            }
            CibElement earlier = ids.putIfAbsent(id, e);
            if (earlier != null) {
                throw fail(e, "id '" + id + "' is already used by <" + earlier.name() + ">"
                        + (earlier.line() > 0 ? " at line " + earlier.line() : ""));
            }
            return id;
        }

        private String require(CibElement e, String attribute) throws CibParseException {
            String v = e.attr(attribute);
            if (v == null || v.isBlank()) {
                throw fail(e, "attribute '" + attribute + "' is missing");
            }
            return v;
        }

        private void oneOf(CibElement e, String attribute, Set<String> allowed) throws CibParseException {
            String v = e.attr(attribute);
            if (v != null && !allowed.contains(v)) {
                throw fail(e, attribute + "=\"" + v + "\" is not one of " + new java.util.TreeSet<>(allowed));
            }
        }

        private void optionalBoolean(CibElement e, String attribute) throws CibParseException {
            String v = e.attr(attribute);
            if (v != null && !CibValues.isBoolean(v)) {
                throw fail(e, attribute + "=\"" + v + "\" is not a boolean (true or false)");
            }
        }

        private void optionalInteger(CibElement e, String attribute, long min) throws CibParseException {
            String v = e.attr(attribute);
            if (v != null && (!CibValues.isInteger(v) || Long.parseLong(v.trim()) < min)) {
                throw fail(e, attribute + "=\"" + v + "\" is not an integer" + (min > Long.MIN_VALUE ? " >= " + min : ""));
            }
        }

        private void optionalScore(CibElement e, String attribute) throws CibParseException {
            String v = e.attr(attribute);
            if (v != null && !CibValues.isScore(v)) {
                throw fail(e, attribute + "=\"" + v + "\" is not a score (an integer or [+-]INFINITY)");
            }
        }

        private void optionalDuration(CibElement e, String attribute) throws CibParseException {
            String v = e.attr(attribute);
            if (v != null && !CibValues.isDuration(v)) {
                throw fail(e, attribute + "=\"" + v + "\" is not a duration (such as 10s, 500ms, 1min or PT10S)");
            }
        }

        private void reference(CibElement e, String attribute, Target target) {
            String v = e.attr(attribute);
            if (v != null) {
                references.add(new Reference(e, attribute, v, target));
            }
        }

        // ---- name/value sets and rules

        private void onlyNvsets(CibElement section, String setName) throws CibParseException {
            for (CibElement c : section.children()) {
                if (!c.name().equals(setName)) {
                    throw fail(c, "unexpected element in <" + section.name() + "> (expected " + setName + ")");
                }
                nvset(c);
            }
        }

        private void nvset(CibElement set) throws CibParseException {
            if (set.attr("id-ref") != null && set.id() == null) {
                if (!set.children().isEmpty()) {
                    throw fail(set, "a set with id-ref refers to another set and has no content of its own");
                }
                reference(set, "id-ref", Target.ANY);
                return;
            }
            requireId(set);
            optionalScore(set, "score");
            for (CibElement c : set.children()) {
                switch (c.name()) {
                    case "nvpair" -> nvpair(c);
                    case "rule" -> rule(c);
                    default -> throw fail(c, "unexpected element in <" + set.name() + "> (expected nvpair or rule)");
                }
            }
        }

        private void nvpair(CibElement p) throws CibParseException {
            if (p.attr("id-ref") != null && p.id() == null) {
                reference(p, "id-ref", Target.ANY);
                return;
            }
            requireId(p);
            require(p, "name");
        }

        private void rule(CibElement rule) throws CibParseException {
            if (rule.attr("id-ref") != null && rule.id() == null) {
                reference(rule, "id-ref", Target.ANY);
                return;
            }
            requireId(rule);
            optionalScore(rule, "score");
            oneOf(rule, "boolean-op", Set.of("and", "or"));
            if (rule.children().isEmpty()) {
                throw fail(rule, "a rule needs at least one expression");
            }
            for (CibElement c : rule.children()) {
                switch (c.name()) {
                    case "rule" -> rule(c);
                    case "expression" -> {
                        requireId(c);
                        require(c, "attribute");
                        require(c, "operation");
                        oneOf(c, "operation", EXPRESSION_OPS);
                        oneOf(c, "type", Set.of("string", "integer", "number", "version"));
                        oneOf(c, "value-source", Set.of("literal", "param", "meta"));
                    }
                    case "date_expression" -> {
                        requireId(c);
                        require(c, "operation");
                        oneOf(c, "operation", DATE_OPS);
                        for (CibElement d : c.children()) {
                            if (!d.name().equals("date_spec") && !d.name().equals("duration")) {
                                throw fail(d, "unexpected element in <date_expression> (expected date_spec or duration)");
                            }
                            requireId(d);
                        }
                    }
                    case "rsc_expression", "op_expression" -> requireId(c);
                    default -> throw fail(c, "unexpected element in <rule>");
                }
            }
        }

        // ---- nodes

        private void nodes(CibElement nodes) throws CibParseException {
            Map<String, CibElement> nodeIds = new HashMap<>();
            for (CibElement node : nodes.children()) {
                if (!node.name().equals("node")) {
                    throw fail(node, "unexpected element in <nodes> (expected node)");
                }
                String id = require(node, "id");
                if (nodeIds.putIfAbsent(id, node) != null) {
                    throw fail(node, "node id '" + id + "' is used twice");
                }
                require(node, "uname");
                oneOf(node, "type", NODE_TYPES);
                optionalScore(node, "score");
                for (CibElement c : node.children()) {
                    if (!c.name().equals("instance_attributes") && !c.name().equals("utilization")) {
                        throw fail(c, "unexpected element in <node> (expected instance_attributes or utilization)");
                    }
                    nvset(c);
                }
            }
        }

        // ---- resources

        private void resources(CibElement section) throws CibParseException {
            for (CibElement r : section.children()) {
                switch (r.name()) {
                    case "primitive" -> primitive(r);
                    case "template" -> template(r);
                    case "group" -> group(r);
                    case "clone", "master" -> clone(r);
                    case "bundle" -> bundle(r);
                    default -> throw fail(r, "unexpected element in <resources> (expected primitive, template, group, "
                            + "clone, master or bundle)");
                }
            }
        }

        private void resourceId(CibElement r) throws CibParseException {
            resources.add(requireId(r));
        }

        private void agent(CibElement r) throws CibParseException {
            String cls = require(r, "class");
            if (!CLASSES.contains(cls)) {
                throw fail(r, "class=\"" + cls + "\" is not one of " + new java.util.TreeSet<>(CLASSES));
            }
            require(r, "type");
            if (cls.equals("ocf")) {
                require(r, "provider");
            }
        }

        private void primitive(CibElement p) throws CibParseException {
            resourceId(p);
            if (p.attr("template") != null) {
                reference(p, "template", Target.TEMPLATE);
                if (p.attr("class") != null) {
                    agent(p);
                }
            } else {
                agent(p);
            }
            primitiveContent(p);
        }

        private void template(CibElement t) throws CibParseException {
            templates.add(requireId(t));
            agent(t);
            primitiveContent(t);
        }

        private void primitiveContent(CibElement p) throws CibParseException {
            boolean operations = false;
            for (CibElement c : p.children()) {
                switch (c.name()) {
                    case "meta_attributes", "instance_attributes", "utilization" -> nvset(c);
                    case "operations" -> {
                        if (operations) {
                            throw fail(c, "a resource has one <operations> element");
                        }
                        operations = true;
                        operations(c);
                    }
                    default -> throw fail(c, "unexpected element in <" + p.name() + "> (expected meta_attributes, "
                            + "instance_attributes, operations or utilization)");
                }
            }
        }

        private void operations(CibElement ops) throws CibParseException {
            if (ops.id() != null) {
                requireId(ops);
            }
            reference(ops, "id-ref", Target.ANY);
            for (CibElement op : ops.children()) {
                if (!op.name().equals("op")) {
                    throw fail(op, "unexpected element in <operations> (expected op)");
                }
                requireId(op);
                require(op, "name");
                String interval = require(op, "interval");
                if (!CibValues.isDuration(interval)) {
                    throw fail(op, "interval=\"" + interval + "\" is not a duration (such as 10s, 500ms, 1min or PT10S)");
                }
                optionalDuration(op, "timeout");
                optionalDuration(op, "start-delay");
                oneOf(op, "role", CibValues.ROLES);
                oneOf(op, "on-fail", ON_FAIL);
                optionalBoolean(op, "enabled");
                optionalBoolean(op, "record-pending");
                for (CibElement c : op.children()) {
                    if (!c.name().equals("meta_attributes") && !c.name().equals("instance_attributes")) {
                        throw fail(c, "unexpected element in <op> (expected meta_attributes or instance_attributes)");
                    }
                    nvset(c);
                }
            }
        }

        private boolean attributeSet(CibElement c) throws CibParseException {
            if (c.name().equals("meta_attributes") || c.name().equals("instance_attributes")) {
                nvset(c);
                return true;
            }
            return false;
        }

        private void group(CibElement g) throws CibParseException {
            resourceId(g);
            int members = 0;
            for (CibElement c : g.children()) {
                if (attributeSet(c)) {
                    continue;
                }
                if (!c.name().equals("primitive")) {
                    throw fail(c, "a group contains primitives only, not <" + c.name() + ">");
                }
                primitive(c);
                members++;
            }
            if (members == 0) {
                throw fail(g, "a group needs at least one primitive");
            }
        }

        private void clone(CibElement clone) throws CibParseException {
            resourceId(clone);
            CibElement child = null;
            for (CibElement c : clone.children()) {
                if (attributeSet(c)) {
                    continue;
                }
                if (!c.name().equals("primitive") && !c.name().equals("group")) {
                    throw fail(c, "a " + clone.name() + " contains one primitive or group, not <" + c.name() + ">");
                }
                if (child != null) {
                    throw fail(c, "a " + clone.name() + " contains exactly one primitive or group");
                }
                child = c;
                if (c.name().equals("primitive")) {
                    primitive(c);
                } else {
                    group(c);
                }
            }
            if (child == null) {
                throw fail(clone, "a " + clone.name() + " needs a primitive or group to clone");
            }
        }

        private void bundle(CibElement b) throws CibParseException {
            resourceId(b);
            CibElement container = null;
            Set<String> seen = new HashSet<>();
            for (CibElement c : b.children()) {
                if (attributeSet(c)) {
                    continue;
                }
                if (!seen.add(c.name()) || (container != null && Set.of("docker", "rkt", "podman").contains(c.name()))) {
                    throw fail(c, "a bundle has at most one <" + c.name() + "> and one container element");
                }
                switch (c.name()) {
                    case "docker", "rkt", "podman" -> {
                        container = c;
                        require(c, "image");
                        for (String a : List.of("replicas", "replicas-per-host", "masters", "promoted-max")) {
                            optionalInteger(c, a, 0);
                        }
                    }
                    case "network" -> {
                        optionalInteger(c, "control-port", 0);
                        optionalInteger(c, "host-netmask", 0);
                        optionalBoolean(c, "add-host");
                        for (CibElement m : c.children()) {
                            if (!m.name().equals("port-mapping")) {
                                throw fail(m, "unexpected element in <network> (expected port-mapping)");
                            }
                            requireId(m);
                            if (m.attr("port") == null && m.attr("range") == null) {
                                throw fail(m, "a port mapping needs 'port' or 'range'");
                            }
                            optionalInteger(m, "port", 0);
                            optionalInteger(m, "internal-port", 0);
                        }
                    }
                    case "storage" -> {
                        for (CibElement m : c.children()) {
                            if (!m.name().equals("storage-mapping")) {
                                throw fail(m, "unexpected element in <storage> (expected storage-mapping)");
                            }
                            requireId(m);
                            if (m.attr("source-dir") == null && m.attr("source-dir-root") == null) {
                                throw fail(m, "a storage mapping needs 'source-dir' or 'source-dir-root'");
                            }
                            require(m, "target-dir");
                        }
                    }
                    case "primitive" -> primitive(c);
                    default -> throw fail(c, "unexpected element in <bundle>");
                }
            }
            if (container == null) {
                throw fail(b, "a bundle needs a docker, rkt or podman element");
            }
        }

        // ---- constraints

        private void constraints(CibElement section) throws CibParseException {
            for (CibElement c : section.children()) {
                switch (c.name()) {
                    case "rsc_location" -> location(c);
                    case "rsc_colocation" -> colocation(c);
                    case "rsc_order" -> order(c);
                    case "rsc_ticket" -> ticket(c);
                    default -> throw fail(c, "unexpected element in <constraints> (expected rsc_location, "
                            + "rsc_colocation, rsc_order or rsc_ticket)");
                }
            }
        }

        /** Checks the children common to constraints; returns how many resource sets there are. */
        private int constraintChildren(CibElement c, boolean rulesAllowed) throws CibParseException {
            int sets = 0;
            for (CibElement child : c.children()) {
                switch (child.name()) {
                    case "resource_set" -> {
                        resourceSet(child);
                        sets++;
                    }
                    case "lifetime" -> {
                        for (CibElement r : child.children()) {
                            if (!r.name().equals("rule")) {
                                throw fail(r, "unexpected element in <lifetime> (expected rule)");
                            }
                            rule(r);
                        }
                    }
                    case "rule" -> {
                        if (!rulesAllowed) {
                            throw fail(child, "rules belong in location constraints only");
                        }
                        rule(child);
                    }
                    default -> throw fail(child, "unexpected element in <" + c.name() + ">");
                }
            }
            return sets;
        }

        /** Either a resource pair given by attributes or resource sets, not both and not neither. */
        private void pairOrSets(CibElement c, int sets, String... attributes) throws CibParseException {
            List<String> present = new ArrayList<>();
            for (String a : attributes) {
                if (c.attr(a) != null) {
                    present.add(a);
                }
            }
            if (sets > 0 && !present.isEmpty()) {
                throw fail(c, "a constraint uses either resource sets or '" + present.get(0) + "', not both");
            }
            if (sets == 0) {
                for (String a : attributes) {
                    require(c, a);
                    reference(c, a, Target.RESOURCE);
                }
            }
        }

        private void location(CibElement c) throws CibParseException {
            requireId(c);
            int sets = constraintChildren(c, true);
            boolean rules = !c.children("rule").isEmpty();
            if (c.attr("rsc-pattern") == null) {
                pairOrSets(c, sets, "rsc");
            } else if (c.attr("rsc") != null || sets > 0) {
                throw fail(c, "a location constraint names its resources by 'rsc', 'rsc-pattern' or sets, only one of them");
            }
            oneOf(c, "role", CibValues.ROLES);
            optionalScore(c, "score");
            if (!rules) {
                require(c, "node");
                if (c.attr("score") == null) {
                    throw fail(c, "a location constraint without rules needs 'score' and 'node'");
                }
            }
            oneOf(c, "resource-discovery", Set.of("always", "never", "exclusive"));
        }

        private void colocation(CibElement c) throws CibParseException {
            requireId(c);
            int sets = constraintChildren(c, false);
            pairOrSets(c, sets, "rsc", "with-rsc");
            optionalScore(c, "score");
            oneOf(c, "rsc-role", CibValues.ROLES);
            oneOf(c, "with-rsc-role", CibValues.ROLES);
        }

        private void order(CibElement c) throws CibParseException {
            requireId(c);
            int sets = constraintChildren(c, false);
            pairOrSets(c, sets, "first", "then");
            optionalScore(c, "score");
            oneOf(c, "kind", CibValues.ORDER_KINDS);
            optionalBoolean(c, "symmetrical");
            optionalBoolean(c, "require-all");
            oneOf(c, "first-action", ACTIONS);
            oneOf(c, "then-action", ACTIONS);
        }

        private void ticket(CibElement c) throws CibParseException {
            requireId(c);
            int sets = constraintChildren(c, false);
            pairOrSets(c, sets, "rsc");
            require(c, "ticket");
            oneOf(c, "rsc-role", CibValues.ROLES);
            oneOf(c, "loss-policy", Set.of("stop", "demote", "fence", "freeze"));
        }

        private void resourceSet(CibElement set) throws CibParseException {
            if (set.attr("id-ref") != null && set.id() == null) {
                reference(set, "id-ref", Target.ANY);
                return;
            }
            requireId(set);
            optionalBoolean(set, "sequential");
            optionalBoolean(set, "require-all");
            oneOf(set, "ordering", Set.of("group", "listed"));
            oneOf(set, "action", ACTIONS);
            oneOf(set, "role", CibValues.ROLES);
            optionalScore(set, "score");
            oneOf(set, "kind", CibValues.ORDER_KINDS);
            if (set.children().isEmpty()) {
                throw fail(set, "a resource set needs at least one resource_ref");
            }
            for (CibElement ref : set.children()) {
                if (!ref.name().equals("resource_ref")) {
                    throw fail(ref, "unexpected element in <resource_set> (expected resource_ref)");
                }
                require(ref, "id");
                reference(ref, "id", Target.RESOURCE);
            }
        }

        // ---- fencing topology, tags, alerts

        private void fencingTopology(CibElement section) throws CibParseException {
            for (CibElement level : section.children()) {
                if (!level.name().equals("fencing-level")) {
                    throw fail(level, "unexpected element in <fencing-topology> (expected fencing-level)");
                }
                requireId(level);
                boolean byAttribute = level.attr("target-attribute") != null;
                if (level.attr("target") == null && level.attr("target-pattern") == null && !byAttribute) {
                    throw fail(level, "a fencing level needs 'target', 'target-pattern' or 'target-attribute'");
                }
                if (byAttribute) {
                    require(level, "target-value");
                }
                require(level, "index");
                optionalInteger(level, "index", 1);
                String devices = require(level, "devices");
                if (!devices.matches("[a-zA-Z0-9_.\\-]+(,[a-zA-Z0-9_.\\-]+)*")) {
                    throw fail(level, "devices=\"" + devices + "\" is not a comma-separated list of device ids");
                }
            }
        }

        private void tags(CibElement section) throws CibParseException {
            for (CibElement tag : section.children()) {
                if (!tag.name().equals("tag")) {
                    throw fail(tag, "unexpected element in <tags> (expected tag)");
                }
                tags.add(requireId(tag));
                if (tag.children().isEmpty()) {
                    throw fail(tag, "a tag needs at least one obj_ref");
                }
                for (CibElement ref : tag.children()) {
                    if (!ref.name().equals("obj_ref")) {
                        throw fail(ref, "unexpected element in <tag> (expected obj_ref)");
                    }
                    require(ref, "id");
                    reference(ref, "id", Target.ANY);
                }
            }
        }

        private void alerts(CibElement section) throws CibParseException {
            for (CibElement alert : section.children()) {
                if (!alert.name().equals("alert")) {
                    throw fail(alert, "unexpected element in <alerts> (expected alert)");
                }
                requireId(alert);
                require(alert, "path");
                for (CibElement c : alert.children()) {
                    switch (c.name()) {
                        case "recipient" -> {
                            requireId(c);
                            require(c, "value");
                            for (CibElement s : c.children()) {
                                if (!attributeSet(s)) {
                                    throw fail(s, "unexpected element in <recipient>");
                                }
                            }
                        }
                        case "meta_attributes", "instance_attributes" -> nvset(c);
                        case "select" -> {
                            // which events the alert wants; no ids to check
                        }
                        default -> throw fail(c, "unexpected element in <alert>");
                    }
                }
            }
        }

        // ---- status

        void status(CibElement status) throws CibParseException {
            Set<String> nodes = new HashSet<>();
            for (CibElement c : status.children()) {
                if (!c.name().equals("node_state")) {
                    continue; // tickets and other node-independent state
                }
                // Pacemaker finds a node's state by id, or by uname when an old document has no id.
                String id = c.id();
                if (id == null && c.attr("uname") == null) {
                    throw fail(c, "a node_state needs 'id' or 'uname'");
                }
                if (id != null && !nodes.add(id)) {
                    throw fail(c, "node_state id '" + id + "' is used twice");
                }
                for (CibElement part : c.children()) {
                    if (part.name().equals("lrm")) {
                        lrm(part);
                    } else if (part.name().equals("transient_attributes")) {
                        for (CibElement set : part.children()) {
                            for (CibElement p : set.children()) {
                                if (p.name().equals("nvpair")) {
                                    require(p, "name");
                                }
                            }
                        }
                    }
                }
            }
        }

        private void lrm(CibElement lrm) throws CibParseException {
            for (CibElement rscs : lrm.children("lrm_resources")) {
                // An lrm_resource may appear twice (Pacemaker merges the histories), so ids are not checked for uniqueness.
                for (CibElement rsc : rscs.children()) {
                    if (!rsc.name().equals("lrm_resource")) {
                        throw fail(rsc, "unexpected element in <lrm_resources> (expected lrm_resource)");
                    }
                    require(rsc, "id");
                    for (CibElement op : rsc.children()) {
                        if (!op.name().equals("lrm_rsc_op")) {
                            throw fail(op, "unexpected element in <lrm_resource> (expected lrm_rsc_op)");
                        }
                        require(op, "id");
                        require(op, "operation");
                        for (String a : List.of("call-id", "rc-code", "op-status", "interval")) {
                            optionalInteger(op, a, Long.MIN_VALUE);
                        }
                    }
                }
            }
        }
    }
}
