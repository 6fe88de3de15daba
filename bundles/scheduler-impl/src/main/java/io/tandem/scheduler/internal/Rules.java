package io.tandem.scheduler.internal;

import io.tandem.cib.CibElement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Rule evaluation (pe_test_rule) and nvpair-set unpacking (pe__unpack_dataset_nvpairs). */
final class Rules {
    private Rules() {
    }

    /** Context of a rule: node attributes, the resource's role (for role expressions) and instance/meta params. */
    record Context(Map<String, String> nodeAttrs, Role role, long now, Map<String, String> rscParams, Map<String, String> rscMeta) {
    }

    static boolean test(CibElement rule, Context ctx) {
        String op = rule.attr("boolean-op", "and");
        boolean any = "or".equalsIgnoreCase(op);
        boolean empty = true;
        for (CibElement c : rule.children()) {
            boolean r;
            switch (c.name()) {
                case "expression":
                    r = expression(c, ctx);
                    break;
                case "date_expression":
                    r = dateExpression(c, ctx.now());
                    break;
                case "rule":
                    r = test(c, ctx);
                    break;
                case "rsc_expression":
                case "op_expression":
                    r = true;
                    break;
                default:
                    continue;
            }
            empty = false;
            if (any && r) {
                return true;
            }
            if (!any && !r) {
                return false;
            }
        }
        return empty || !any;
    }

    static boolean expression(CibElement e, Context ctx) {
        String attr = e.attr("attribute");
        String op = e.attr("operation");
        String value = e.attr("value");
        String type = e.attr("type");
        String source = e.attr("value-source", "literal");
        if (attr == null || op == null) {
            return false;
        }
        String actual;
        if ("#role".equals(attr) && ctx.nodeAttrs() == null) {
            actual = ctx.role() == null ? null : ctx.role().text;
        } else {
            actual = ctx.nodeAttrs() == null ? null : ctx.nodeAttrs().get(attr);
        }
        if ("#role".equals(attr)) {
            // role expressions compare the resource's role
            Role want = Role.parse(value);
            Role have = ctx.role() == null ? Role.UNKNOWN : ctx.role();
            if ("eq".equals(op)) {
                return want == have;
            } else if ("ne".equals(op)) {
                return have != Role.UNKNOWN && want != have;
            }
            return false;
        }
        if (value != null && ("param".equals(source) || "meta".equals(source))) {
            Map<String, String> m = "param".equals(source) ? ctx.rscParams() : ctx.rscMeta();
            value = m == null ? null : m.get(value);
        }
        return compare(actual, op, value, type);
    }

    static boolean compare(String actual, String op, String value, String type) {
        switch (op) {
            case "defined":
                return actual != null;
            case "not_defined":
                return actual == null;
            default:
                break;
        }
        if (actual == null || value == null) {
            // eq/ne against a missing attribute: ne is true (Pacemaker's accept semantics)
            return "ne".equals(op) && !(actual == null && value == null);
        }
        if (type == null) {
            type = (op.equals("eq") || op.equals("ne")) ? "string" : guessNumeric(actual, value);
        }
        int cmp;
        switch (type) {
            case "integer":
            case "number":
            case "version": {
                if ("version".equals(type)) {
                    cmp = compareVersion(actual, value);
                } else {
                    Double a = parseNumber(actual);
                    Double b = parseNumber(value);
                    if (a == null || b == null) {
                        cmp = actual.compareTo(value);
                    } else {
                        cmp = Double.compare(a, b);
                    }
                }
                break;
            }
            default:
                cmp = actual.compareToIgnoreCase(value);
                break;
        }
        switch (op) {
            case "eq":
                return cmp == 0;
            case "ne":
                return cmp != 0;
            case "lt":
                return cmp < 0;
            case "lte":
                return cmp <= 0;
            case "gt":
                return cmp > 0;
            case "gte":
                return cmp >= 0;
            default:
                return false;
        }
    }

    private static String guessNumeric(String a, String b) {
        return parseNumber(a) != null && parseNumber(b) != null ? "number" : "string";
    }

    private static Double parseNumber(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int compareVersion(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? parseLongSafe(x[i]) : 0;
            long q = i < y.length ? parseLongSafe(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    private static long parseLongSafe(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static boolean dateExpression(CibElement e, long now) {
        String op = e.attr("operation", "in_range");
        Long start = parseDate(e.attr("start"));
        Long end = parseDate(e.attr("end"));
        switch (op) {
            case "gt":
                return start != null && now > start;
            case "lt":
                return end != null && now < end;
            case "in_range":
                if (start != null && now < start) {
                    return false;
                }
                if (end != null && now > end) {
                    return false;
                }
                return start != null || end != null;
            default:
                return false;
        }
    }

    static Long parseDate(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            String t = s.trim().replace(' ', 'T');
            if (t.endsWith("Z")) {
                t = t.substring(0, t.length() - 1);
            }
            if (t.length() == 10) {
                t = t + "T00:00:00";
            }
            return LocalDateTime.parse(t).toEpochSecond(ZoneOffset.UTC);
        } catch (RuntimeException ex) {
            // the other ISO 8601 forms Pacemaker accepts, e.g. a separate offset ("2019-09-23 12:30:00 -05:00")
            try {
                return io.tandem.scheduler.CrmDateTime.parse(s, ZoneOffset.UTC, java.time.Instant.EPOCH).getEpochSecond();
            } catch (RuntimeException again) {
                return null;
            }
        }
    }

    /**
     * Unpacks nvpair sets named {@code setName} under {@code parent} into {@code into}: sets are taken in
     * descending score order and an earlier value is never overwritten, as Pacemaker does.
     */
    static void unpackSets(CibElement parent, String setName, Context ctx, Map<String, String> into, boolean overwrite) {
        if (parent == null) {
            return;
        }
        List<CibElement> sets = new ArrayList<>(parent.children(setName));
        sets.sort(Comparator.comparingInt((CibElement s) -> -Scores.parse(s.attr("score", "0"))));
        for (CibElement set : sets) {
            boolean ok = true;
            for (CibElement r : set.children("rule")) {
                if (!test(r, ctx)) {
                    ok = false;
                    break;
                }
            }
            if (!ok) {
                continue;
            }
            for (CibElement nv : set.children("nvpair")) {
                String name = nv.attr("name");
                String value = nv.attr("value");
                if (name == null) {
                    continue;
                }
                if ("#default".equalsIgnoreCase(value)) {
                    // populate_hash: "#default" drops any value set so far
                    into.remove(name);
                    continue;
                }
                if (overwrite || !into.containsKey(name)) {
                    if (value == null) {
                        continue;
                    }
                    into.put(name, value);
                }
            }
        }
    }

    static boolean isTrue(String v) {
        if (v == null) {
            return false;
        }
        switch (v.trim().toLowerCase()) {
            case "true":
            case "on":
            case "yes":
            case "y":
            case "1":
                return true;
            default:
                return false;
        }
    }

    /** crm_get_msec / interval parsing: "10s", "1m", "500ms", plain seconds, or ISO-8601 "PT10S". */
    static long parseIntervalMs(String s) {
        if (s == null || s.isBlank()) {
            return 0;
        }
        String t = s.trim();
        if (t.startsWith("P")) {
            try {
                return java.time.Duration.parse(t).toMillis();
            } catch (RuntimeException e) {
                // Pacemaker also accepts time units without the "T" designator, as in "P10S"
                if (t.indexOf('T') < 0 && (t.endsWith("S") || t.endsWith("H"))) {
                    try {
                        return java.time.Duration.parse("PT" + t.substring(1)).toMillis();
                    } catch (RuntimeException e2) {
                        return 0;
                    }
                }
                return 0;
            }
        }
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            return 0;
        }
        double num;
        try {
            num = Double.parseDouble(t.substring(0, i));
        } catch (NumberFormatException e) {
            return 0;
        }
        String unit = t.substring(i).trim().toLowerCase();
        long mult;
        switch (unit) {
            case "":
            case "s":
            case "sec":
                mult = 1000;
                break;
            case "ms":
            case "msec":
                mult = 1;
                break;
            case "us":
            case "usec":
                return (long) (num / 1000);
            case "m":
            case "min":
                mult = 60_000;
                break;
            case "h":
            case "hr":
                mult = 3_600_000;
                break;
            default:
                return 0;
        }
        return (long) (num * mult);
    }
}
