package io.tandem.importers.crm;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import io.tandem.cib.CibXml;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Renders a configuration in crm shell syntax, as {@code crm configure show} does: nodes, then primitives,
 * groups, ms, clones, colocations, locations and orders (each sorted by id), then property sets, rsc_defaults
 * and op_defaults; continuation lines start with a tab. What {@link CrmParser} reads back gives the same
 * configuration, with two differences: nvpair ids are regenerated (crm syntax cannot name them), and elements
 * the syntax cannot express (bundles, tickets, rules inside attribute sets, ...) are shown as {@code #} comments
 * and are left out. Set ids, op ids and rule ids that differ from what would be generated are written as
 * {@code $id=} / {@code id=}. Unlike crmsh, agents are always written in full ({@code ocf:heartbeat:IPaddr2}).
 */
public final class CrmShow {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.+#-]+");
    private static final List<String> RESOURCE_ORDER = List.of("primitive", "group", "master", "clone");
    private static final List<String> CONSTRAINT_ORDER = List.of("rsc_colocation", "rsc_location", "rsc_order");

    private CrmShow() {
    }

    /** The whole configuration. */
    public static String show(Cib cib) {
        return render(cib, null);
    }

    /**
     * Only the objects with these ids (resources, constraints, property sets, nodes), in show's order.
     *
     * @throws IllegalArgumentException naming an id that is not there
     */
    public static String show(Cib cib, List<String> ids) {
        for (String id : ids) {
            if (cib.configuration().findById(id).isEmpty()) {
                throw new IllegalArgumentException("nothing with id '" + id + "'");
            }
        }
        return render(cib, new LinkedHashSet<>(ids));
    }

    /** The configuration section as XML, or the elements with these ids. */
    public static String showXml(Cib cib, List<String> ids) {
        if (ids.isEmpty()) {
            return CibXml.toXml(cib.configuration());
        }
        StringBuilder sb = new StringBuilder();
        for (String id : ids) {
            CibElement e = cib.configuration().findById(id)
                    .orElseThrow(() -> new IllegalArgumentException("nothing with id '" + id + "'"));
            sb.append(CibXml.toXml(e));
            if (sb.charAt(sb.length() - 1) != '\n') {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String render(Cib cib, Set<String> only) {
        CibElement config = cib.configuration();
        List<String> lines = new ArrayList<>();
        for (CibElement node : children(config, "nodes")) {
            if (node.name().equals("node") && wanted(node, only)) {
                lines.add(node(node));
            }
        }
        List<CibElement> resources = new ArrayList<>();
        config.child("resources").ifPresent(r -> r.walk(e -> {
            if (RESOURCE_ORDER.contains(e.name()) && e.id() != null && e != r) {
                resources.add(e);
            }
        }));
        resources.sort(Comparator.comparingInt((CibElement e) -> RESOURCE_ORDER.indexOf(e.name()))
                .thenComparing(CibElement::id));
        for (CibElement r : resources) {
            if (wanted(r, only)) {
                lines.add(resource(r));
            }
        }
        List<CibElement> other = new ArrayList<>();
        config.child("resources").ifPresent(r -> r.children().forEach(e -> {
            if (!RESOURCE_ORDER.contains(e.name())) {
                other.add(e);
            }
        }));
        List<CibElement> constraints = new ArrayList<>(children(config, "constraints"));
        constraints.removeIf(c -> !CONSTRAINT_ORDER.contains(c.name()) && other.add(c));
        constraints.sort(Comparator.comparingInt((CibElement e) -> CONSTRAINT_ORDER.indexOf(e.name()))
                .thenComparing(e -> e.attr("id", "")));
        for (CibElement c : constraints) {
            if (wanted(c, only)) {
                lines.add(constraint(c));
            }
        }
        for (String[] section : new String[][] {{"crm_config", "property"}, {"rsc_defaults", "rsc_defaults"},
                {"op_defaults", "op_defaults"}}) {
            for (CibElement set : children(config, section[0])) {
                if (wanted(set, only)) {
                    lines.add(propertySet(section[1], set));
                }
            }
        }
        for (CibElement e : other) {
            if (wanted(e, only)) {
                lines.add(unsupported(e));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        return sb.toString();
    }

    private static boolean wanted(CibElement e, Set<String> only) {
        return only == null || (e.id() != null && only.contains(e.id()));
    }

    private static List<CibElement> children(CibElement config, String section) {
        return config.child(section).map(CibElement::children).orElse(List.of());
    }

    private static String unsupported(CibElement e) {
        return "# " + e.name() + " " + e.attr("id", "") + ": not expressible in crm syntax here; see show xml";
    }

    /** A value as crm syntax needs it: quoted when it holds blanks or other special characters. */
    static String quote(String value) {
        if (PLAIN.matcher(value).matches() && !value.startsWith("#")) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String pair(String name, String value) {
        return name + "=" + quote(value);
    }

    private static String join(String head, List<String> parts) {
        StringBuilder sb = new StringBuilder(head);
        for (String p : parts) {
            sb.append(" \\\n\t").append(p);
        }
        return sb.toString();
    }

    static String score(String s) {
        return switch (s) {
            case "INFINITY", "+INFINITY" -> "inf";
            case "-INFINITY" -> "-inf";
            default -> s;
        };
    }

    private static boolean generated(String id, String base) {
        return id != null && (id.equals(base) || (id.startsWith(base + "-") && id.substring(base.length() + 1).matches("\\d+")));
    }

    private static String node(CibElement node) {
        String id = node.attr("id", "");
        String uname = node.attr("uname", id);
        String head = "node " + (id.equals(uname) ? "" : id + ": ") + uname;
        List<String> parts = new ArrayList<>();
        for (CibElement set : node.children("instance_attributes")) {
            parts.add("attributes " + pairs(set));
        }
        return join(head, parts);
    }

    private static String pairs(CibElement set) {
        List<String> out = new ArrayList<>();
        for (CibElement nv : set.children("nvpair")) {
            out.add(pair(nv.attr("name", ""), nv.attr("value", "")));
        }
        return String.join(" ", out);
    }

    private static String resource(CibElement r) {
        String head;
        switch (r.name()) {
            case "primitive" -> {
                String agent = r.attr("class", "") + (r.attr("provider") == null ? "" : ":" + r.attr("provider"))
                        + ":" + r.attr("type", "");
                head = "primitive " + r.id() + " " + agent;
            }
            case "group" -> {
                StringBuilder sb = new StringBuilder("group " + r.id());
                for (CibElement m : r.children("primitive")) {
                    sb.append(' ').append(m.id());
                }
                head = sb.toString();
            }
            default -> {
                Optional<CibElement> child = r.children().stream()
                        .filter(c -> c.name().equals("primitive") || c.name().equals("group")).findFirst();
                head = (r.name().equals("master") ? "ms " : "clone ") + r.id() + " "
                        + child.map(CibElement::id).orElse("");
            }
        }
        List<String> parts = new ArrayList<>();
        for (CibElement c : r.children()) {
            switch (c.name()) {
                case "instance_attributes" -> parts.add(set("params", c, r.id()));
                case "meta_attributes" -> parts.add(set("meta", c, r.id()));
                case "utilization" -> parts.add(set("utilization", c, r.id()));
                case "operations" -> {
                    for (CibElement op : c.children("op")) {
                        parts.add(op(op, r.id()));
                    }
                }
                default -> {
                }
            }
        }
        return join(head, parts);
    }

    private static String set(String keyword, CibElement set, String rscId) {
        String base = rscId + "-" + set.name();
        String id = generated(set.id(), base) ? "" : "$id=" + quote(set.attr("id", "")) + " ";
        return keyword + " " + id + pairs(set);
    }

    private static String op(CibElement op, String rscId) {
        StringBuilder sb = new StringBuilder("op ").append(op.attr("name", ""));
        for (var e : op.attributes().entrySet()) {
            if (!e.getKey().equals("name") && !e.getKey().equals("id")) {
                sb.append(' ').append(pair(e.getKey(), e.getValue()));
            }
        }
        String base = rscId + "-" + op.attr("name", "") + "-" + op.attr("interval", "0");
        if (!generated(op.id(), base)) {
            sb.append(' ').append(pair("id", op.attr("id", "")));
        }
        return sb.toString();
    }

    private static String constraint(CibElement c) {
        String id = c.attr("id", "");
        return switch (c.name()) {
            case "rsc_location" -> location(c, id);
            case "rsc_colocation" -> colocation(c, id);
            default -> order(c, id);
        };
    }

    private static List<String> setMembers(CibElement c) {
        List<CibElement> sets = c.children("resource_set");
        if (sets.size() != 1 || sets.get(0).attributes().size() != 1) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        for (CibElement r : sets.get(0).children("resource_ref")) {
            ids.add(r.attr("id", ""));
        }
        return ids;
    }

    private static String location(CibElement c, String id) {
        String head = "location " + id + " " + c.attr("rsc", "");
        if (c.attr("rsc") == null) {
            return unsupported(c);
        }
        List<CibElement> rules = c.children("rule");
        if (rules.isEmpty()) {
            if (c.attr("node") == null || c.attr("score") == null) {
                return unsupported(c);
            }
            return head + (c.attr("role") == null ? "" : " role=" + c.attr("role")) + " " + score(c.attr("score"))
                    + ": " + c.attr("node");
        }
        List<String> parts = new ArrayList<>();
        for (CibElement rule : rules) {
            String r = rule(rule, id);
            if (r == null) {
                return unsupported(c);
            }
            parts.add(r);
        }
        return join(head, parts);
    }

    private static String rule(CibElement rule, String locationId) {
        if (rule.attr("score") == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder("rule");
        if (!generated(rule.id(), locationId + "-rule")) {
            sb.append(" $id=").append(quote(rule.attr("id", "")));
        }
        if (rule.attr("role") != null) {
            sb.append(" $role=").append(rule.attr("role"));
        }
        sb.append(' ').append(score(rule.attr("score"))).append(':');
        String op = " " + rule.attr("boolean-op", "and") + " ";
        List<String> expressions = new ArrayList<>();
        for (CibElement x : rule.children()) {
            switch (x.name()) {
                case "expression" -> {
                    String operation = x.attr("operation", "");
                    String attribute = x.attr("attribute", "");
                    if (operation.equals("defined") || operation.equals("not_defined")) {
                        expressions.add(operation + " " + attribute);
                    } else {
                        String type = x.attr("type");
                        expressions.add(attribute + " " + (type == null ? "" : type + ":") + operation + " "
                                + quote(x.attr("value", "")));
                    }
                }
                case "date_expression" -> {
                    String operation = x.attr("operation", "");
                    switch (operation) {
                        case "lt" -> expressions.add("date lt " + quote(x.attr("end", "")));
                        case "gt" -> expressions.add("date gt " + quote(x.attr("start", "")));
                        case "in_range" -> {
                            if (!x.children().isEmpty()) {
                                return null;
                            }
                            expressions.add("date in" + (x.attr("start") == null ? "" : " " + pair("start", x.attr("start")))
                                    + (x.attr("end") == null ? "" : " " + pair("end", x.attr("end"))));
                        }
                        default -> {
                            return null;
                        }
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        if (expressions.isEmpty()) {
            return null;
        }
        return sb.append(' ').append(String.join(op, expressions)).toString();
    }

    private static String colocation(CibElement c, String id) {
        String head = "colocation " + id + " " + score(c.attr("score", "0")) + ":";
        if (c.attr("rsc") != null && c.attr("with-rsc") != null && c.attr("score") != null) {
            return head + " " + c.attr("rsc") + (c.attr("rsc-role") == null ? "" : ":" + c.attr("rsc-role"))
                    + " " + c.attr("with-rsc") + (c.attr("with-rsc-role") == null ? "" : ":" + c.attr("with-rsc-role"));
        }
        List<String> members = setMembers(c);
        if (members == null || c.attr("score") == null || members.size() < 3) {
            return unsupported(c);
        }
        return head + " " + String.join(" ", members);
    }

    private static String order(CibElement c, String id) {
        String kind = c.attr("kind") != null ? c.attr("kind")
                : c.attr("score") != null ? score(c.attr("score")) : "Mandatory";
        String head = "order " + id + " " + kind + ":";
        String symmetrical = c.attr("symmetrical") == null ? "" : " symmetrical=" + c.attr("symmetrical");
        if (c.attr("first") != null && c.attr("then") != null) {
            return head + " " + c.attr("first") + (c.attr("first-action") == null ? "" : ":" + c.attr("first-action"))
                    + " " + c.attr("then") + (c.attr("then-action") == null ? "" : ":" + c.attr("then-action"))
                    + symmetrical;
        }
        List<String> members = setMembers(c);
        if (members == null || members.size() < 3) {
            return unsupported(c);
        }
        return head + " " + String.join(" ", members) + symmetrical;
    }

    private static String propertySet(String keyword, CibElement set) {
        List<String> parts = new ArrayList<>();
        for (CibElement nv : set.children("nvpair")) {
            parts.add(pair(nv.attr("name", ""), nv.attr("value", "")));
        }
        if (set.children().size() != parts.size()) {
            return unsupported(set);
        }
        return join(keyword + " " + set.attr("id", "") + ":", parts);
    }
}
