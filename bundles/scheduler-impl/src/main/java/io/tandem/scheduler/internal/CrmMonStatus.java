package io.tandem.scheduler.internal;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import io.tandem.scheduler.StatusRenderer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code crm_mon --one-shot} of Pacemaker 2.1.5 (pcmk__output_cluster_status and the text messages of
 * pcmk_output.c): the cluster summary, node list, resources (crm_simulate's renderer, which is crm_mon's layout),
 * node attributes ({@code -A}), the migration summary ({@code -f}) and failed actions. Only the CIB's unpacking
 * stages run. Times print as ctime does, in UTC (the renderer reads no time zone from its environment).
 */
@Component(service = StatusRenderer.class, name = "io.tandem.scheduler.status")
public final class CrmMonStatus implements StatusRenderer {
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** filter_attr_list: automatic attributes crm_mon -A leaves out. */
    private static final List<String> HIDDEN_ATTRIBUTE_PREFIXES = List.of("fail-count-", "last-failure-", "shutdown",
            "terminate", "standby", "#");

    @Activate
    public CrmMonStatus() {
    }

    @Override
    public String render(Cib cib, Instant now, Options options) {
        WorkingSet ws = PolicyEngine.unpack(cib, now.getEpochSecond());
        StringBuilder b = new StringBuilder();
        summary(ws, now, options, b);
        b.append("\n");
        io.tandem.scheduler.internal.StatusRenderer internal = new io.tandem.scheduler.internal.StatusRenderer(ws);
        internal.showInactive = options.showInactive();
        internal.crmMon = true;
        // crm_simulate nests the lists one level deeper than crm_mon
        for (String line : internal.render().split("\n", -1)) {
            if (line.startsWith("  * ") && line.endsWith(":") && !line.startsWith("    ")
                    && (line.contains("Node List") || line.contains("Resources"))) {
                b.append(line.substring(4));
            } else if (line.startsWith("  ")) {
                b.append(line.substring(2));
            } else {
                b.append(line);
            }
            b.append("\n");
        }
        trimTrailingBlankLines(b);
        if (options.showAttributes()) {
            nodeAttributes(ws, b);
        }
        if (options.showFailCounts()) {
            migrationSummary(ws, b);
        }
        failedActions(ws, b);
        return b.toString();
    }

    private static void trimTrailingBlankLines(StringBuilder b) {
        while (b.length() >= 2 && b.charAt(b.length() - 1) == '\n' && b.charAt(b.length() - 2) == '\n') {
            b.setLength(b.length() - 1);
        }
    }

    static String ctime(long epochSeconds) {
        return CTIME.format(Instant.ofEpochSecond(epochSeconds));
    }

    private static void summary(WorkingSet ws, Instant now, Options options, StringBuilder b) {
        CibElement root = ws.cib.root();
        b.append("Cluster Summary:\n");
        b.append("  * Stack: ").append(options.stack()).append("\n");
        if (ws.dcNode != null) {
            String version = ws.config.getOrDefault("dc-version", "unknown");
            b.append("  * Current DC: ").append(ws.dcNode.uname).append(" (version ").append(version).append(") - partition ")
                    .append(Rules.isTrue(root.attr("have-quorum")) ? "with" : "WITHOUT").append(" quorum\n");
        } else {
            b.append("  * Current DC: NONE\n");
        }
        b.append("  * Last updated: ").append(ctime(now.getEpochSecond())).append("\n");
        String written = root.attr("cib-last-written");
        String user = root.attr("update-user");
        String client = root.attr("update-client");
        String origin = root.attr("update-origin");
        b.append("  * Last change:  ").append(written == null ? "" : written).append(user == null ? "" : " by " + user)
                .append(client == null ? "" : " via " + client).append(origin == null ? "" : " on " + origin).append("\n");
        int nodes = ws.nodes.size();
        b.append("  * ").append(nodes).append(" node").append(nodes == 1 ? "" : "s").append(" configured\n");
        int[] counts = io.tandem.scheduler.internal.StatusRenderer.counts(ws);
        int n = counts[0];
        b.append("  * ").append(n).append(" resource instance").append(n == 1 ? "" : "s").append(" configured");
        if (counts[1] > 0 && counts[2] > 0) {
            b.append(" (").append(counts[1]).append(" DISABLED, ").append(counts[2]).append(" BLOCKED from further action due to failure)");
        } else if (counts[1] > 0) {
            b.append(" (").append(counts[1]).append(" DISABLED)");
        } else if (counts[2] > 0) {
            b.append(" (").append(counts[2]).append(" BLOCKED from further action due to failure)");
        }
        b.append("\n");
        if (ws.maintenanceMode) {
            b.append("\n              *** Resource management is DISABLED ***\n")
                    .append("  The cluster will not attempt to start, stop or recover services\n");
        } else if (ws.stopEverything) {
            b.append("\n    *** Resource management is DISABLED ***\n")
                    .append("  The cluster will keep all resources stopped\n");
        }
    }

    private static void nodeAttributes(WorkingSet ws, StringBuilder b) {
        boolean header = false;
        for (Node node : ws.nodes) {
            if (!node.online) {
                continue;
            }
            List<String> names = new ArrayList<>();
            for (String name : node.attrs.keySet()) {
                if (HIDDEN_ATTRIBUTE_PREFIXES.stream().noneMatch(name::startsWith)) {
                    names.add(name);
                }
            }
            if (names.isEmpty()) {
                continue;
            }
            names.sort(String::compareTo);
            if (!header) {
                b.append("\nNode Attributes:\n");
                header = true;
            }
            b.append("  * Node: ").append(node.uname).append(":\n");
            for (String name : names) {
                String value = node.attrs.get(name);
                b.append("    * ").append(String.format("%-32s\t: %-10s", name, value));
                int[] expected = new int[1];
                if (pingExpectation(ws, node, node.running, name, expected)) {
                    int v;
                    try {
                        v = Integer.parseInt(value.trim());
                    } catch (NumberFormatException e) {
                        v = Integer.MIN_VALUE;
                    }
                    if (v <= 0) {
                        b.append("\t: Connectivity is lost");
                    } else if (v < expected[0]) {
                        b.append("\t: Connectivity is degraded (Expected=").append(expected[0]).append(")");
                    }
                }
                b.append("\n");
            }
        }
    }

    /** add_extra_info: an attribute a ping resource running on the node maintains, and the score it expects. */
    private static boolean pingExpectation(WorkingSet ws, Node node, List<Resource> rscs, String attr, int[] expected) {
        for (Resource r : rscs) {
            if (!r.children.isEmpty() && pingExpectation(ws, node, r.children, attr, expected)) {
                return true;
            }
            if (r.type == null || !(r.type.equalsIgnoreCase("ping") || r.type.equalsIgnoreCase("pingd"))) {
                continue;
            }
            Map<String, String> params = Digests.params(ws, r, node);
            String name = params.getOrDefault("name", "pingd");
            if (!name.equalsIgnoreCase(attr)) {
                continue;
            }
            String hosts = params.get("host_list");
            int hostCount = hosts == null ? 0 : hosts.split(" ", -1).length;
            int multiplier;
            try {
                multiplier = Integer.parseInt(params.getOrDefault("multiplier", "1").trim());
            } catch (NumberFormatException e) {
                multiplier = 1;
            }
            expected[0] = hostCount * multiplier;
            return true;
        }
        return false;
    }

    /** crm_mon -f: per online node (status order), every history entry with a fail count. */
    private static void migrationSummary(WorkingSet ws, StringBuilder b) {
        boolean header = false;
        for (CibElement st : ws.cib.status().children("node_state")) {
            Node node = ws.nodesById.get(st.attr("id"));
            if (node == null || !node.online) {
                continue;
            }
            if (!header) {
                b.append("\nMigration Summary:\n");
                header = true;
            }
            boolean nodeHeader = false;
            CibElement lrm = st.child("lrm").flatMap(l -> l.child("lrm_resources")).orElse(null);
            if (lrm == null) {
                continue;
            }
            for (CibElement lr : lrm.children("lrm_resource")) {
                String rscId = lr.attr("id");
                Resource rsc = findResource(ws, rscId);
                if (rsc == null) {
                    continue;
                }
                long[] fc = Failures.rawFailCount(ws, rsc, node);
                if (fc[0] <= 0) {
                    continue;
                }
                if (!nodeHeader) {
                    b.append("  * Node: ").append(node.uname).append(":\n");
                    nodeHeader = true;
                }
                b.append("    * ").append(rscId).append(": migration-threshold=").append(rsc.migrationThreshold)
                        .append(" fail-count=").append(fc[0] >= Scores.INFINITY ? Scores.INFINITY : fc[0]);
                if (fc[1] > 0) {
                    b.append(" last-failure='").append(ctime(fc[1])).append("'");
                }
                b.append("\n");
            }
        }
    }

    /** pe_find_resource with pe_find_renamed: an id, or the history name an instance was found under. */
    private static Resource findResource(WorkingSet ws, String id) {
        Resource r = ws.byId.get(id);
        if (r != null) {
            return r;
        }
        for (Resource c : ws.byId.values()) {
            if (id.equals(c.cloneName)) {
                return c;
            }
        }
        for (Resource c : ws.byId.values()) {
            if (c.isPrimitive() && c.inClone() && id.equals(c.baseId())) {
                return c;
            }
        }
        return null;
    }

    private static void failedActions(WorkingSet ws, StringBuilder b) {
        boolean header = false;
        for (WorkingSet.FailedOp f : ws.failedOps) {
            CibElement op = f.op();
            int rc = UnpackStatus.intAttr(op, "rc-code", 0);
            int status = UnpackStatus.intAttr(op, "op-status", 0);
            String key = op.attr("operation_key");
            if (key == null || key.isEmpty()) {
                key = op.id();
            }
            String[] parsed = parseOpKey(key);
            boolean probe = "monitor".equals(op.attr("operation")) && UnpackStatus.intAttr(op, "interval", 0) == 0;
            if (probe && (rc == 5 || status == 7)) {
                // pcmk_xe_mask_probe_failure: shown as "not installed" in the resource list instead
                continue;
            }
            if (!header) {
                b.append("\nFailed Resource Actions:\n");
                header = true;
            }
            StringBuilder s = new StringBuilder();
            String rscId = parsed == null ? "unknown resource" : parsed[0];
            String task = parsed == null ? "unknown action" : parsed[1];
            long interval = parsed == null ? 0 : Long.parseLong(parsed[2]);
            s.append(rscId).append(" ");
            if (interval != 0) {
                s.append(readableInterval(interval)).append("-interval ");
            }
            s.append("monitor".equals(task) && interval == 0 ? "probe" : task).append(" on ").append(f.node().uname);
            String reason = op.attr("exit-reason");
            if (status == 0) {
                s.append(" returned '").append(ocfExit(rc)).append("'");
                if (reason != null && !reason.isEmpty()) {
                    s.append(" (").append(reason).append(")");
                }
            } else {
                s.append(" could not be executed (").append(execStatus(status));
                if (reason != null && !reason.isEmpty()) {
                    s.append(": ").append(reason);
                }
                s.append(")");
            }
            String change = op.attr("last-rc-change");
            if (change != null) {
                try {
                    s.append(" at ").append(ctime(Long.parseLong(change.trim())));
                } catch (NumberFormatException e) {
                    // crm_element_value_epoch fails: nothing printed
                }
            }
            String exec = op.attr("exec-time");
            if (exec != null) {
                try {
                    long ms = Long.parseLong(exec.trim());
                    if (ms > 0) {
                        s.append(" after ").append(readableInterval(ms));
                    }
                } catch (NumberFormatException e) {
                    // not a number: nothing printed
                }
            }
            b.append("  * ").append(s).append("\n");
        }
    }

    /** parse_op_key: {rsc, task, interval}, or null when the key has no RSC_TASK_INTERVAL shape. */
    static String[] parseOpKey(String key) {
        int last = key.lastIndexOf('_');
        if (last <= 0 || last == key.length() - 1) {
            return null;
        }
        String interval = key.substring(last + 1);
        for (int i = 0; i < interval.length(); i++) {
            if (!Character.isDigit(interval.charAt(i))) {
                return null;
            }
        }
        String rest = key.substring(0, last);
        int sep = rest.lastIndexOf('_');
        if (sep <= 0) {
            return null;
        }
        String task = rest.substring(sep + 1);
        String rsc = rest.substring(0, sep);
        if (rsc.endsWith("_migrate") && ("to".equals(task) || "from".equals(task))) {
            task = "migrate_" + task;
            rsc = rsc.substring(0, rsc.length() - "_migrate".length());
        } else {
            for (String notify : List.of("_pre_notify", "_post_notify", "_confirmed-pre_notify", "_confirmed-post_notify")) {
                if (rsc.endsWith(notify)) {
                    task = notify.substring(1) + "_" + task;
                    rsc = rsc.substring(0, rsc.length() - notify.length());
                    break;
                }
            }
        }
        return new String[] {rsc, task, interval};
    }

    /** pcmk__readable_interval. */
    static String readableInterval(long ms) {
        StringBuilder s = new StringBuilder();
        final long sec = 1000;
        final long min = 60 * sec;
        final long hour = 60 * min;
        final long day = 24 * hour;
        if (ms > day) {
            s.append(ms / day).append("d");
            ms %= day;
        }
        if (ms > hour) {
            s.append(ms / hour).append("h");
            ms %= hour;
        }
        if (ms > min) {
            s.append(ms / min).append("m");
            ms %= min;
        }
        if (ms > sec) {
            s.append(ms / sec);
            ms %= sec;
            if (ms > 0) {
                s.append(String.format(".%03d", ms));
            }
            s.append("s");
        } else if (ms > 0) {
            s.append(ms).append("ms");
        } else if (s.length() == 0) {
            s.append("0s");
        }
        return s.toString();
    }

    /** services_ocf_exitcode_str. */
    static String ocfExit(int rc) {
        switch (rc) {
            case 0:
                return "ok";
            case 1:
                return "error";
            case 2:
                return "invalid parameter";
            case 3:
                return "unimplemented feature";
            case 4:
                return "insufficient privileges";
            case 5:
                return "not installed";
            case 6:
                return "not configured";
            case 7:
                return "not running";
            case 8:
                return "promoted";
            case 9:
                return "promoted (failed)";
            case 190:
                return "degraded";
            case 191:
                return "degraded promoted";
            default:
                return "unknown";
        }
    }

    /** pcmk_exec_status_str. */
    static String execStatus(int status) {
        switch (status) {
            case -1:
                return "pending";
            case 0:
                return "complete";
            case 1:
                return "Cancelled";
            case 2:
                return "Timed Out";
            case 3:
                return "NOT SUPPORTED";
            case 4:
                return "Error";
            case 5:
                return "Hard error";
            case 6:
                return "Fatal error";
            case 7:
                return "Not installed";
            case 8:
                return "Internal communication failure";
            case 9:
                return "Cannot execute now";
            case 10:
                return "No fence device";
            case 11:
                return "CIB secrets unavailable";
            default:
                return "UNKNOWN!";
        }
    }
}
