package io.tandem.conformance.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a Pacemaker CIB of N nodes and about R resources for benchmarking: Dummy primitives, groups of three,
 * anonymous clones, a few promotable (Stateful) clones, location/colocation/order constraints, stickiness, and a
 * status section in steady state (every resource probed on every node and running where it was placed) with some
 * exceptions: new resources (never probed), failed monitors and failed starts (with fail counts). Deterministic
 * for a given seed; "now" is fixed by {@code execution-date}.
 *
 * <p>Operation digests are Pacemaker's (md5 of {@code " <parameters/>\n"}, plus {@code CRM_meta_timeout} for
 * recurring monitors), so a healthy resource needs no restart.
 */
public final class CibGenerator {
    static final long EXECUTION_DATE = 1_700_000_000L;
    static final String DIGEST_NONRECURRING = md5(" <parameters/>\n");
    static final String DIGEST_MONITOR = md5(" <parameters CRM_meta_timeout=\"20000\"/>\n");
    private static final String UUID = "3c2a8f0e-9d55-4d7c-8a1f-bench0000000";

    enum State { RUNNING, NEW, MONITOR_FAILED, START_FAILED }

    /** One primitive as it appears in the status section. */
    record Prim(String id, String type, int node, State state, Kind kind) {
    }

    enum Kind { PLAIN, CLONE, PROMOTABLE }

    private final int nodes;
    private final Random random;
    private final List<Prim> statusPrims = new ArrayList<>();
    private final StringBuilder resources = new StringBuilder();
    private final StringBuilder constraints = new StringBuilder();
    private int callId = 10;

    private CibGenerator(int nodes, long seed) {
        this.nodes = nodes;
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: CibGenerator NODES RESOURCES OUT.xml [SEED]");
            System.exit(64);
        }
        write(Integer.parseInt(args[0]), Integer.parseInt(args[1]), args.length > 3 ? Long.parseLong(args[3]) : 1L, Path.of(args[2]));
    }

    public static void write(int nodes, int resources, long seed, Path out) throws IOException {
        if (nodes < 1 || resources < 1) {
            throw new IllegalArgumentException("need at least one node and one resource");
        }
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
            new CibGenerator(nodes, seed).generate(resources, w);
        }
    }

    private State pickState() {
        int r = random.nextInt(100);
        return r < 90 ? State.RUNNING : r < 95 ? State.NEW : r < 98 ? State.MONITOR_FAILED : State.START_FAILED;
    }

    private void generate(int total, Writer w) throws IOException {
        int clones = Math.max(1, total / 50);
        int promotables = Math.max(1, total / 200);
        int groupMembers = (total * 30 / 100) / 3 * 3;
        int plains = Math.max(1, total - clones - promotables - groupMembers);
        int placement = 0;

        List<String> plainIds = new ArrayList<>();
        List<Integer> plainNodes = new ArrayList<>();
        for (int i = 0; i < plains; i++) {
            String id = "rsc" + i;
            int node;
            // 5% follow another resource (colocated with it, and ordered after it)
            if (i > 10 && random.nextInt(100) < 5) {
                int with = random.nextInt(plainIds.size());
                node = plainNodes.get(with);
                constraints.append("      <rsc_colocation id=\"col-").append(id).append("\" rsc=\"").append(id)
                        .append("\" with-rsc=\"").append(plainIds.get(with)).append("\" score=\"INFINITY\"/>\n");
                constraints.append("      <rsc_order id=\"ord-").append(id).append("\" first=\"").append(plainIds.get(with))
                        .append("\" then=\"").append(id).append("\" kind=\"Mandatory\"/>\n");
            } else {
                node = placement++ % nodes;
                if (random.nextInt(100) < 20) {
                    constraints.append("      <rsc_location id=\"loc-").append(id).append("\" rsc=\"").append(id)
                            .append("\" node=\"").append(nodeName(node)).append("\" score=\"50\"/>\n");
                }
            }
            if (nodes > 1 && random.nextInt(100) < 2) {
                int ban = (node + 1 + random.nextInt(nodes - 1)) % nodes;
                constraints.append("      <rsc_location id=\"ban-").append(id).append("\" rsc=\"").append(id)
                        .append("\" node=\"").append(nodeName(ban)).append("\" score=\"-INFINITY\"/>\n");
            }
            plainIds.add(id);
            plainNodes.add(node);
            primitive(resources, "    ", id, "Dummy");
            statusPrims.add(new Prim(id, "Dummy", node, pickState(), Kind.PLAIN));
        }
        for (int g = 0; g < groupMembers / 3; g++) {
            String gid = "grp" + g;
            int node = placement++ % nodes;
            State state = pickState();
            resources.append("    <group id=\"").append(gid).append("\">\n");
            for (int m = 0; m < 3; m++) {
                String id = gid + "-m" + m;
                primitive(resources, "      ", id, "Dummy");
                // a failure hits one member; the others stay healthy
                State s = state == State.NEW ? State.NEW : m == 1 ? state : State.RUNNING;
                statusPrims.add(new Prim(id, "Dummy", node, s, Kind.PLAIN));
            }
            resources.append("    </group>\n");
            if (random.nextInt(100) < 20) {
                constraints.append("      <rsc_location id=\"loc-").append(gid).append("\" rsc=\"").append(gid)
                        .append("\" node=\"").append(nodeName(node)).append("\" score=\"50\"/>\n");
            }
        }
        for (int c = 0; c < clones; c++) {
            String id = "clrsc" + c;
            resources.append("    <clone id=\"cl").append(c).append("\">\n");
            meta(resources, "      ", "cl" + c + "-meta", "interleave", "true");
            primitive(resources, "      ", id, "Dummy");
            resources.append("    </clone>\n");
            statusPrims.add(new Prim(id, "Dummy", -1, State.RUNNING, Kind.CLONE));
            if (!plainIds.isEmpty() && random.nextInt(100) < 50) {
                String then = plainIds.get(random.nextInt(plainIds.size()));
                constraints.append("      <rsc_order id=\"ord-cl").append(c).append("\" first=\"cl").append(c)
                        .append("\" then=\"").append(then).append("\" kind=\"Optional\"/>\n");
            }
        }
        for (int p = 0; p < promotables; p++) {
            String id = "st" + p;
            resources.append("    <clone id=\"ms").append(p).append("\">\n");
            meta(resources, "      ", "ms" + p + "-meta", "promotable", "true", "promoted-max", "1");
            resources.append("      <primitive id=\"").append(id).append("\" class=\"ocf\" provider=\"pacemaker\" type=\"Stateful\">\n")
                    .append("        <operations>\n")
                    .append("          <op id=\"").append(id).append("-mon-p\" name=\"monitor\" interval=\"10s\" role=\"Promoted\" timeout=\"20s\"/>\n")
                    .append("          <op id=\"").append(id).append("-mon-u\" name=\"monitor\" interval=\"11s\" role=\"Unpromoted\" timeout=\"20s\"/>\n")
                    .append("        </operations>\n")
                    .append("      </primitive>\n");
            resources.append("    </clone>\n");
            statusPrims.add(new Prim(id, "Stateful", p % nodes, State.RUNNING, Kind.PROMOTABLE));
        }

        w.write("<cib crm_feature_set=\"3.16.1\" validate-with=\"pacemaker-3.7\" epoch=\"100\" num_updates=\"0\" admin_epoch=\"0\""
                + " have-quorum=\"1\" dc-uuid=\"1\" execution-date=\"" + EXECUTION_DATE + "\">\n");
        w.write("  <configuration>\n    <crm_config>\n      <cluster_property_set id=\"cib-bootstrap-options\">\n");
        nvpair(w, "        ", "opt-stonith", "stonith-enabled", "false");
        nvpair(w, "        ", "opt-quorum", "no-quorum-policy", "stop");
        nvpair(w, "        ", "opt-infra", "cluster-infrastructure", "corosync");
        nvpair(w, "        ", "opt-name", "cluster-name", "bench");
        w.write("      </cluster_property_set>\n    </crm_config>\n    <nodes>\n");
        for (int n = 0; n < nodes; n++) {
            w.write("      <node id=\"" + (n + 1) + "\" uname=\"" + nodeName(n) + "\"/>\n");
        }
        w.write("    </nodes>\n    <resources>\n");
        w.write(resources.toString());
        w.write("    </resources>\n    <constraints>\n");
        w.write(constraints.toString());
        w.write("    </constraints>\n    <rsc_defaults>\n      <meta_attributes id=\"rsc-defaults\">\n");
        nvpair(w, "        ", "rsc-defaults-stickiness", "resource-stickiness", "100");
        nvpair(w, "        ", "rsc-defaults-threshold", "migration-threshold", "3");
        w.write("      </meta_attributes>\n    </rsc_defaults>\n    <op_defaults>\n      <meta_attributes id=\"op-defaults\">\n");
        nvpair(w, "        ", "op-defaults-timeout", "timeout", "20s");
        w.write("      </meta_attributes>\n    </op_defaults>\n  </configuration>\n  <status>\n");
        for (int n = 0; n < nodes; n++) {
            nodeState(w, n);
        }
        w.write("  </status>\n</cib>\n");
    }

    private void nodeState(Writer w, int n) throws IOException {
        String name = nodeName(n);
        w.write("    <node_state id=\"" + (n + 1) + "\" uname=\"" + name + "\" in_ccm=\"true\" crmd=\"online\""
                + " crm-debug-origin=\"do_update_resource\" join=\"member\" expected=\"member\">\n");
        StringBuilder attrs = new StringBuilder();
        w.write("      <lrm id=\"" + (n + 1) + "\">\n        <lrm_resources>\n");
        for (Prim p : statusPrims) {
            if (p.state == State.NEW) {
                continue;
            }
            String provider = p.type.equals("Stateful") ? "pacemaker" : "pacemaker";
            w.write("          <lrm_resource id=\"" + p.id + "\" type=\"" + p.type + "\" class=\"ocf\" provider=\"" + provider + "\">\n");
            long t = EXECUTION_DATE - 3600;
            switch (p.kind) {
                case CLONE -> {
                    op(w, p.id + "_last_0", p.id, "start", 0, 0, 0, name, t);
                    op(w, p.id + "_monitor_10000", p.id, "monitor", 10000, 0, 0, name, t);
                }
                case PROMOTABLE -> {
                    if (n == p.node) {
                        op(w, p.id + "_last_0", p.id, "promote", 0, 0, 0, name, t);
                        op(w, p.id + "_monitor_10000", p.id, "monitor", 10000, 8, 8, name, t);
                        attrs.append(attr("master-" + p.id, n, "10"));
                    } else {
                        op(w, p.id + "_last_0", p.id, "start", 0, 0, 0, name, t);
                        op(w, p.id + "_monitor_11000", p.id, "monitor", 11000, 0, 0, name, t);
                        attrs.append(attr("master-" + p.id, n, "5"));
                    }
                }
                case PLAIN -> {
                    if (n != p.node) {
                        op(w, p.id + "_last_0", p.id, "monitor", 0, 7, 7, name, t);
                    } else if (p.state == State.START_FAILED) {
                        op(w, p.id + "_last_0", p.id, "start", 0, 1, 0, name, t);
                        op(w, p.id + "_last_failure_0", p.id, "start", 0, 1, 0, name, t);
                        attrs.append(attr("fail-count-" + p.id + "#start_0", n, "INFINITY"));
                        attrs.append(attr("last-failure-" + p.id + "#start_0", n, Long.toString(t)));
                    } else {
                        op(w, p.id + "_last_0", p.id, "start", 0, 0, 0, name, t);
                        op(w, p.id + "_monitor_10000", p.id, "monitor", 10000, 0, 0, name, t);
                        if (p.state == State.MONITOR_FAILED) {
                            op(w, p.id + "_last_failure_0", p.id, "monitor", 10000, 7, 0, name, t + 60);
                            attrs.append(attr("fail-count-" + p.id + "#monitor_10000", n, "1"));
                            attrs.append(attr("last-failure-" + p.id + "#monitor_10000", n, Long.toString(t + 60)));
                        }
                    }
                }
            }
            w.write("          </lrm_resource>\n");
        }
        w.write("        </lrm_resources>\n      </lrm>\n");
        if (attrs.length() > 0) {
            w.write("      <transient_attributes id=\"" + (n + 1) + "\">\n        <instance_attributes id=\"status-" + (n + 1) + "\">\n");
            w.write(attrs.toString());
            w.write("        </instance_attributes>\n      </transient_attributes>\n");
        }
        w.write("    </node_state>\n");
    }

    private static String attr(String name, int node, String value) {
        return "          <nvpair id=\"status-" + (node + 1) + "-" + name.replace('#', '-') + "\" name=\"" + name + "\" value=\"" + value + "\"/>\n";
    }

    private void op(Writer w, String id, String rsc, String operation, int intervalMs, int rc, int targetRc, String node, long t)
            throws IOException {
        int call = callId++;
        String key = call + ":1:" + targetRc + ":" + UUID;
        w.write("            <lrm_rsc_op id=\"" + id + "\" operation_key=\"" + rsc + "_" + operation + "_" + intervalMs
                + "\" operation=\"" + operation + "\" crm_feature_set=\"3.16.1\" transition-key=\"" + key
                + "\" transition-magic=\"0:" + rc + ";" + key + "\" on_node=\"" + node + "\" call-id=\"" + call
                + "\" rc-code=\"" + rc + "\" op-status=\"0\" interval=\"" + intervalMs + "\" last-rc-change=\"" + t
                + "\" exec-time=\"10\" queue-time=\"0\" op-digest=\""
                + (intervalMs > 0 ? DIGEST_MONITOR : DIGEST_NONRECURRING) + "\"/>\n");
    }

    private static void primitive(StringBuilder sb, String indent, String id, String type) {
        sb.append(indent).append("<primitive id=\"").append(id).append("\" class=\"ocf\" provider=\"pacemaker\" type=\"")
                .append(type).append("\">\n")
                .append(indent).append("  <operations>\n")
                .append(indent).append("    <op id=\"").append(id).append("-mon\" name=\"monitor\" interval=\"10s\" timeout=\"20s\"/>\n")
                .append(indent).append("  </operations>\n")
                .append(indent).append("</primitive>\n");
    }

    private static void meta(StringBuilder sb, String indent, String id, String... kv) {
        sb.append(indent).append("<meta_attributes id=\"").append(id).append("\">\n");
        for (int i = 0; i < kv.length; i += 2) {
            sb.append(indent).append("  <nvpair id=\"").append(id).append('-').append(kv[i]).append("\" name=\"").append(kv[i])
                    .append("\" value=\"").append(kv[i + 1]).append("\"/>\n");
        }
        sb.append(indent).append("</meta_attributes>\n");
    }

    private static void nvpair(Writer w, String indent, String id, String name, String value) throws IOException {
        w.write(indent + "<nvpair id=\"" + id + "\" name=\"" + name + "\" value=\"" + value + "\"/>\n");
    }

    static String nodeName(int n) {
        return "node" + (n + 1);
    }

    private static String md5(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (byte b : d) {
                sb.append(String.format("%02x", b));
            }
            return sb.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
