package io.tandem.scheduler.internal;

import io.tandem.cib.CibElement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Fail counts from node attributes and the bans they cause (pe_get_failcount, pcmk__threshold_reached). */
final class Failures {
    private Failures() {
    }

    /** Adds a score for one node to a resource and all its descendants (resource_location with a node). */
    static void ban(WorkingSet ws, Resource rsc, Node node, String tag) {
        location(rsc, node, -Scores.INFINITY);
    }

    static void location(Resource rsc, Node node, int score) {
        for (Resource c : rsc.children) {
            location(c, node, score);
        }
        Integer cur = rsc.allowed.get(node);
        rsc.allowed.put(node, Scores.add(cur == null ? 0 : cur, score));
    }

    static void locationAll(WorkingSet ws, Resource rsc, int score) {
        for (Node n : ws.nodes) {
            location(rsc, n, score);
        }
    }

    /** The effective fail count of a primitive on a node, honouring failure-timeout. */
    static int failCount(WorkingSet ws, Resource rsc, Node node) {
        return failCount(ws, rsc, node, null, true);
    }

    /**
     * pe_get_failcount: the sum of the node's fail-count-RSC and fail-count-RSC#op_interval attributes (anonymous
     * clone instances also match RSC:N). When {@code effective}, a count whose last failure is older than the
     * failure-timeout is zero. A failure that blocks the resource disables its failure-timeout for good.
     */
    static int failCount(WorkingSet ws, Resource rsc, Node node, CibElement xmlOp, boolean effective) {
        // rsc_fail_name: the history name; a globally unique instance keeps its instance number
        String historyName = rsc.cloneName != null ? rsc.cloneName : rsc.id;
        String name = rsc.unique ? historyName : stripInstance(historyName);
        FailAttrs index = FailAttrs.of(ws, node);
        boolean legacy = index.legacy;
        int total = 0;
        long lastFailure = 0;
        for (FailAttr a : index.candidates(name)) {
            if (!matches(a.rest, name, rsc.unique, legacy)) {
                continue;
            }
            if (a.count) {
                total = Scores.add(total, Scores.parse(a.entry.getValue()));
            } else {
                try {
                    lastFailure = Math.max(lastFailure, Long.parseLong(a.entry.getValue().trim()));
                } catch (NumberFormatException ex) {
                    // not a time stamp: no expiry from it
                }
            }
        }
        if (total > 0 && rsc.failureTimeoutSec > 0 && blockFailure(rsc, node, xmlOp)) {
            rsc.failureTimeoutSec = 0;
        }
        if (effective && total > 0 && lastFailure > 0 && rsc.failureTimeoutSec > 0) {
            if (ws.now > lastFailure + rsc.failureTimeoutSec) {
                return 0;
            }
        }
        return total;
    }

    /**
     * When a fail count of the primitive on the node stops counting because of its failure-timeout (epoch seconds),
     * or 0 when there is no fail count, no failure-timeout or no last-failure time. The count expires once now is past
     * last-failure + failure-timeout, so this is the second after that.
     */
    static long failureExpiry(WorkingSet ws, Resource rsc, Node node) {
        if (rsc.failureTimeoutSec <= 0) {
            return 0;
        }
        long[] countAndLast = rawFailCount(ws, rsc, node);
        return countAndLast[0] > 0 && countAndLast[1] > 0 ? countAndLast[1] + rsc.failureTimeoutSec + 1 : 0;
    }

    /** pe_get_failcount without failure-timeout (pe_fc_default): {fail count, latest last-failure or 0}. */
    static long[] rawFailCount(WorkingSet ws, Resource rsc, Node node) {
        String historyName = rsc.cloneName != null ? rsc.cloneName : rsc.id;
        String name = rsc.unique ? historyName : stripInstance(historyName);
        FailAttrs index = FailAttrs.of(ws, node);
        int total = 0;
        long lastFailure = 0;
        for (FailAttr a : index.candidates(name)) {
            if (!matches(a.rest, name, rsc.unique, index.legacy)) {
                continue;
            }
            if (a.count) {
                total = Scores.add(total, Scores.parse(a.entry.getValue()));
            } else {
                try {
                    lastFailure = Math.max(lastFailure, Long.parseLong(a.entry.getValue().trim()));
                } catch (NumberFormatException ex) {
                    // not a time stamp: no expiry from it
                }
            }
        }
        return new long[] {total, lastFailure};
    }

    /** A fail-count-* or last-failure-* node attribute; the entry is read live, so a changed value is seen. */
    private record FailAttr(boolean count, String rest, Map.Entry<String, String> entry) {
    }

    /**
     * A node's fail-count-* and last-failure-* attributes in attribute order, indexed by the resource name they can
     * match (the suffix up to its first '#', with and without a trailing ":N" instance number), so that a lookup does
     * not scan every attribute of the node. Kept on the node and rebuilt when the attributes were added to.
     */
    static final class FailAttrs {
        private final int size;
        private final boolean legacy;
        private final List<FailAttr> all = new ArrayList<>();
        private final Map<String, List<FailAttr>> byName = new HashMap<>();

        private FailAttrs(WorkingSet ws, Node node) {
            size = node.attrs.size();
            legacy = legacyFailCounts(ws);
            for (Map.Entry<String, String> e : node.attrs.entrySet()) {
                String k = e.getKey();
                FailAttr a;
                if (k.startsWith("fail-count-")) {
                    a = new FailAttr(true, k.substring("fail-count-".length()), e);
                } else if (k.startsWith("last-failure-")) {
                    a = new FailAttr(false, k.substring("last-failure-".length()), e);
                } else {
                    continue;
                }
                all.add(a);
                int hash = a.rest.indexOf('#');
                String prefix = hash < 0 ? a.rest : a.rest.substring(0, hash);
                byName.computeIfAbsent(prefix, x -> new ArrayList<>()).add(a);
                String base = withoutInstanceNumber(prefix);
                if (!base.equals(prefix)) {
                    byName.computeIfAbsent(base, x -> new ArrayList<>()).add(a);
                }
            }
        }

        static FailAttrs of(WorkingSet ws, Node node) {
            FailAttrs f = node.failAttrs;
            if (f == null || f.size != node.attrs.size()) {
                f = new FailAttrs(ws, node);
                node.failAttrs = f;
            }
            return f;
        }

        /** Every attribute that can match the name (a superset of the matches, in attribute order). */
        List<FailAttr> candidates(String name) {
            if (name.indexOf('#') >= 0) {
                return all;
            }
            return byName.getOrDefault(name, List.of());
        }

        private static String withoutInstanceNumber(String s) {
            int colon = s.lastIndexOf(':');
            if (colon < 0 || colon == s.length() - 1) {
                return s;
            }
            for (int i = colon + 1; i < s.length(); i++) {
                if (!Character.isDigit(s.charAt(i))) {
                    return s;
                }
            }
            return s.substring(0, colon);
        }
    }

    private static String stripInstance(String id) {
        int i = id.lastIndexOf(':');
        return i > 0 ? id.substring(0, i) : id;
    }

    /** Pacemaker older than CRM feature set 3.0.13 recorded one fail count per resource, without "#op_interval". */
    private static boolean legacyFailCounts(WorkingSet ws) {
        String v = ws.cib.root().attr("crm_feature_set");
        return v != null && Digests.compareVersions(v, "3.0.13") < 0;
    }

    /** The attribute suffix matches ^RSC(:[0-9]+)?(#.+_[0-9]+)?$ (no instance part for unique resources). */
    private static boolean matches(String rest, String name, boolean unique, boolean legacy) {
        if (!rest.startsWith(name)) {
            return false;
        }
        String tail = rest.substring(name.length());
        if (!unique && tail.startsWith(":")) {
            int i = 1;
            while (i < tail.length() && Character.isDigit(tail.charAt(i))) {
                i++;
            }
            if (i == 1) {
                return false;
            }
            tail = tail.substring(i);
        }
        if (tail.isEmpty()) {
            return true;
        }
        if (legacy || !tail.startsWith("#")) {
            return false;
        }
        int us = tail.lastIndexOf('_');
        if (us <= 1 || us == tail.length() - 1) {
            return false;
        }
        for (int i = us + 1; i < tail.length(); i++) {
            if (!Character.isDigit(tail.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * block_failure: whether an operation configured with on-fail="block" failed (the given history entry, or
     * any entry of the resource on the node).
     */
    private static boolean blockFailure(Resource rsc, Node node, CibElement xmlOp) {
        String xmlName = stripInstance(rsc.id);
        for (OpDef d : rsc.ops) {
            if (!"block".equals(d.xml().attr("on-fail"))) {
                continue;
            }
            if (xmlOp != null) {
                if (matchedFailure(xmlName, d, xmlOp)) {
                    return true;
                }
                continue;
            }
            for (CibElement op : rsc.history.getOrDefault(node, List.of())) {
                if (matchedFailure(xmlName, d, op)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchedFailure(String rscId, OpDef conf, CibElement op) {
        long interval = UnpackStatus.intAttr(op, "interval", 0);
        if (conf.intervalMs() != interval || !conf.name().equalsIgnoreCase(String.valueOf(op.attr("operation")))) {
            return false;
        }
        String id = op.id();
        if ((rscId + "_last_failure_0").equalsIgnoreCase(id)) {
            return true;
        }
        if ((rscId + "_" + conf.name() + "_" + conf.intervalMs()).equalsIgnoreCase(id)) {
            return UnpackStatus.intAttr(op, "rc-code", 0) != UnpackStatus.targetRc(op);
        }
        return false;
    }

    /** pe__clear_failcount: a required clear_failcount action for the resource on the node. */
    static Action clearFailcount(Actions acts, Resource rsc, Node node) {
        Action clear = acts.rscAction(rsc, "clear_failcount", 0, node, false);
        clear.needs = "nothing";
        clear.meta.put("op_no_wait", "true");
        acts.updateRunnable(clear);
        return clear;
    }

    static boolean clearFailcountExists(WorkingSet ws, Resource rsc, Node node) {
        Action a = ws.actionIndex.get(Actions.key(rsc, "clear_failcount", 0) + "@" + node.id);
        return a != null;
    }

    /** pcmk__threshold_reached: the resource to ban when the migration threshold is reached, or null. */
    static Resource thresholdReached(WorkingSet ws, Resource rsc, Node node) {
        if (rsc.migrationThreshold == 0 || rsc.failureIgnored) {
            return null;
        }
        // a fail count about to be cleared does not push the resource away (check_failure_threshold)
        if (clearFailcountExists(ws, rsc, node)) {
            return null;
        }
        int fc = failCount(ws, rsc, node);
        if (fc <= 0) {
            return null;
        }
        Resource toBan = rsc;
        if (!rsc.unique) {
            toBan = rsc.top();
        }
        if (rsc.migrationThreshold - fc <= 0) {
            return toBan;
        }
        return null;
    }

    /** resource_location with no node: adds the score to every allowed node of the resource and its descendants. */
    static void locationAllAllowed(Resource rsc, int score) {
        for (Resource c : rsc.children) {
            locationAllAllowed(c, score);
        }
        for (Node n : new java.util.ArrayList<>(rsc.allowed.keySet())) {
            rsc.allowed.put(n, Scores.add(rsc.allowed.get(n), score));
        }
    }
}
