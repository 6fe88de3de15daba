package io.tandem.scheduler.internal;

import io.tandem.cib.CibElement;

/** Stage: nodes from the configuration, their attributes, and their membership state from node_state. */
final class UnpackNodes {
    private UnpackNodes() {
    }

    static void run(WorkingSet ws) {
        CibElement nodes = ws.cib.configuration().child("nodes").orElse(CibElement.of("nodes"));
        String dcUuid = ws.cib.root().attr("dc-uuid");
        int index = 0;
        for (CibElement n : nodes.children("node")) {
            String type = n.attr("type", "member");
            if ("remote".equals(type)) {
                // Pacemaker Remote nodes are not supported by this implementation yet; they are left out
                continue;
            }
            String id = n.attr("id", n.attr("uname"));
            String uname = n.attr("uname", id);
            Node node = new Node(id, uname, "ping".equals(type) ? "ping" : "member");
            node.index = index++;
            node.attrs.put("#uname", uname);
            node.attrs.put("#id", id);
            node.attrs.put("#kind", "cluster");
            Rules.Context ctx = new Rules.Context(node.attrs, null, ws.now, null, null);
            Rules.unpackSets(n, "instance_attributes", ctx, node.attrs, false);
            Rules.unpackSets(n, "utilization", ctx, node.utilization, false);
            node.weight = Scores.parse(n.attr("score", "0"));
            // start-up fencing: a node whose status was never seen is unclean (only when fencing is possible at all)
            node.unclean = ws.startupFencing && ws.stonithEnabled;
            node.unseen = true;
            ws.nodes.add(node);
            ws.nodesById.put(id, node);
            ws.nodesByName.put(uname, node);
            if (id.equals(dcUuid)) {
                node.isDc = true;
                ws.dcNode = node;
            }
        }
        ws.nodes.sort((a, b) -> NodeOrder.compare(a.uname, b.uname));
        for (Node node : ws.nodes) {
            node.attrs.put("#is_dc", node.isDc ? "true" : "false");
        }
        CibElement status = ws.cib.status();
        for (CibElement st : status.children("node_state")) {
            Node node = ws.nodesById.get(st.attr("id"));
            if (node == null) {
                node = ws.nodesByName.get(st.attr("uname"));
            }
            if (node == null) {
                continue;
            }
            // transient attributes override permanent ones
            st.child("transient_attributes").ifPresent(t -> {
                for (CibElement set : t.children("instance_attributes")) {
                    for (CibElement nv : set.children("nvpair")) {
                        if (nv.attr("name") != null && nv.attr("value") != null) {
                            nodeAttr(ws, st, nv);
                        }
                    }
                }
            });
            node.unseen = false;
            node.unclean = false;
            determineOnline(ws, node, st);
            if (!ws.haveQuorum && node.online && "suicide".equals(ws.noQuorumPolicy)) {
                // unpack_node_state: everything else follows from fencing every member of the partition
                fence(ws, node, "cluster does not have quorum");
            }
        }
        for (Node node : ws.nodes) {
            if (Rules.isTrue(node.attr("standby"))) {
                node.standby = true;
            }
            if (Rules.isTrue(node.attr("maintenance"))) {
                node.maintenance = true;
            }
            if (node.unseen) {
                node.online = false;
            }
        }
    }

    private static void nodeAttr(WorkingSet ws, CibElement st, CibElement nv) {
        Node node = ws.nodesById.get(st.attr("id"));
        if (node == null) {
            node = ws.nodesByName.get(st.attr("uname"));
        }
        node.attrs.put(nv.attr("name"), nv.attr("value"));
    }

    /**
     * pe_fence_node for a cluster node: marks it unclean and remembers the first reason. Pacemaker creates the
     * (still optional) fencing action at this point, so the order of these calls is the order of those actions.
     */
    static void fence(WorkingSet ws, Node node, String reason) {
        if (node.fenceReason == null) {
            node.fenceReason = reason;
            ws.fencedInUnpack.add(node);
        }
        node.unclean = true;
    }

    private static void determineOnline(WorkingSet ws, Node node, CibElement st) {
        String shutdown = node.attr("shutdown");
        if (shutdown != null && !shutdown.isEmpty() && !"0".equals(shutdown)) {
            node.shutdown = true;
        }
        String exp = st.attr("expected");
        node.expectedUp = "member".equals(exp);
        boolean online;
        if (!ws.stonithEnabled) {
            online = onlineNoFencing(ws, node, st);
        } else {
            online = onlineFencing(ws, node, st);
        }
        if (online) {
            node.online = true;
        } else {
            node.weight = -Scores.INFINITY;
        }
        if (online && node.shutdown) {
            node.weight = -Scores.INFINITY;
        }
        if ("ping".equals(node.type)) {
            node.unclean = false;
            node.online = false;
        }
    }

    /** in_ccm: "true", or (as newer controllers write it) the time the node joined the membership. */
    static boolean member(String inCcm) {
        return Rules.isTrue(inCcm) || positive(inCcm);
    }

    /** crmd: "online", or (as newer controllers write it) the time the controller came up. */
    static boolean peerOnline(String crmd) {
        return "online".equalsIgnoreCase(crmd) || positive(crmd);
    }

    private static boolean positive(String v) {
        if (v == null) {
            return false;
        }
        try {
            return Long.parseLong(v.trim()) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean onlineNoFencing(WorkingSet ws, Node node, CibElement st) {
        String join = st.attr("join");
        String peer = st.attr("crmd");
        String inCluster = st.attr("in_ccm");
        if (!member(inCluster)) {
            return false;
        } else if (peerOnline(peer)) {
            return "member".equalsIgnoreCase(join);
        } else if (!node.expectedUp) {
            return false;
        } else {
            fence(ws, node, "peer is unexpectedly down");
            return false;
        }
    }

    private static boolean onlineFencing(WorkingSet ws, Node node, CibElement st) {
        String join = st.attr("join");
        String peer = st.attr("crmd");
        String inCluster = st.attr("in_ccm");
        String exp = st.attr("expected", "down");
        String terminate = node.attr("terminate");
        boolean doTerminate = false;
        if (Rules.isTrue(terminate)) {
            doTerminate = true;
        } else if (terminate != null && !terminate.isEmpty()) {
            char t = terminate.charAt(0);
            doTerminate = t != '0' && Character.isDigit(t);
        }
        boolean online = member(inCluster);
        boolean crmdOnline = peerOnline(peer);
        if (node.shutdown) {
            online = crmdOnline;
        } else if (inCluster == null) {
            fence(ws, node, "peer has not been seen by the cluster");
        } else if ("banned".equalsIgnoreCase(join)) {
            fence(ws, node, "peer failed Pacemaker membership criteria");
        } else if (!doTerminate && "down".equalsIgnoreCase(exp)) {
            if (member(inCluster) || crmdOnline) {
                node.standby = true;
                node.pending = true;
            }
        } else if (doTerminate && "down".equalsIgnoreCase(join) && !member(inCluster) && !crmdOnline) {
            online = false;
        } else if (!member(inCluster)) {
            fence(ws, node, "peer is no longer part of the cluster");
        } else if (!crmdOnline) {
            fence(ws, node, "peer process is no longer available");
        } else if (doTerminate) {
            fence(ws, node, "termination was requested");
        } else if ("member".equalsIgnoreCase(join)) {
            // active
        } else if ("pending".equalsIgnoreCase(join) || "down".equalsIgnoreCase(join)) {
            node.standby = true;
            node.pending = true;
        } else {
            fence(ws, node, "peer was in an unknown state");
        }
        return online;
    }
}
