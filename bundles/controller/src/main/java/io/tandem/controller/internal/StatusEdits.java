package io.tandem.controller.internal;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import io.tandem.executor.AgentId;
import io.tandem.executor.OperationResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The DC's edits of the CIB: the nodes section, each node's {@code node_state} (membership flags, resource history,
 * transient attributes) and the root's {@code dc-uuid} and {@code have-quorum}, in Pacemaker's layout so a CIB dump
 * replays through crm_simulate. Node ids are looked up by uname in the nodes section; a node Tandem adds gets its
 * name as id.
 */
final class StatusEdits {
    private StatusEdits() {
    }

    /** The node's id: from the nodes section, else its name. */
    static String nodeId(Cib cib, String uname) {
        for (CibElement n : cib.configuration().child("nodes").map(CibElement::children).orElse(List.of())) {
            if (uname.equals(n.attr("uname"))) {
                return n.id();
            }
        }
        return uname;
    }

    static String uname(Cib cib, String nodeId) {
        for (CibElement n : cib.configuration().child("nodes").map(CibElement::children).orElse(List.of())) {
            if (nodeId.equals(n.id())) {
                return n.attr("uname", nodeId);
            }
        }
        return nodeId;
    }

    /** Adds {@code <node id uname type="member"/>} for nodes the nodes section does not have yet. */
    static Cib ensureNodes(Cib cib, List<String> unames) {
        CibElement config = cib.configuration();
        CibElement nodes = config.child("nodes").orElse(CibElement.of("nodes"));
        List<CibElement> list = new ArrayList<>(nodes.children());
        boolean changed = false;
        for (String u : unames) {
            if (list.stream().noneMatch(n -> u.equals(n.attr("uname")))) {
                list.add(CibElement.of("node", "id", u, "uname", u, "type", "member"));
                changed = true;
            }
        }
        if (!changed) {
            return cib;
        }
        return withConfiguration(cib, config.withReplacedChild(nodes.withChildren(list)));
    }

    static Cib withConfiguration(Cib cib, CibElement configuration) {
        return new Cib(cib.root().withReplacedChild(configuration));
    }

    static Cib withStatus(Cib cib, CibElement status) {
        return new Cib(cib.root().withReplacedChild(status));
    }

    static CibElement nodeState(Cib cib, String uname) {
        String id = nodeId(cib, uname);
        for (CibElement st : cib.status().children("node_state")) {
            if (id.equals(st.id())) {
                return st;
            }
        }
        return CibElement.of("node_state", "id", id, "uname", uname);
    }

    static Cib withNodeState(Cib cib, CibElement state) {
        CibElement status = cib.status();
        List<CibElement> list = new ArrayList<>(status.children());
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).name().equals("node_state") && state.id().equals(list.get(i).id())) {
                if (list.get(i).equals(state)) {
                    return cib;
                }
                list.set(i, state);
                return withStatus(cib, status.withChildren(list));
            }
        }
        list.add(state);
        return withStatus(cib, status.withChildren(list));
    }

    /** The membership and join flags of a node ({@code in_ccm}, {@code crmd}, {@code join}, {@code expected}). */
    static Cib membership(Cib cib, String uname, boolean inCluster, boolean controllerUp, String join, String expected) {
        CibElement st = nodeState(cib, uname)
                .withAttribute("uname", uname)
                .withAttribute("in_ccm", Boolean.toString(inCluster))
                .withAttribute("crmd", controllerUp ? "online" : "offline")
                .withAttribute("crm-debug-origin", "do_state_transition")
                .withAttribute("join", join)
                .withAttribute("expected", expected);
        return withNodeState(cib, st);
    }

    /** Replaces a node's whole resource history ({@code lrm}) by what its executor reported. */
    static Cib lrm(Cib cib, String uname, List<CibElement> lrmResources) {
        CibElement st = nodeState(cib, uname);
        String id = st.id();
        CibElement lrm = CibElement.of("lrm", "id", id).withChild(CibElement.of("lrm_resources").withChildren(lrmResources));
        return withNodeState(cib, st.withReplacedChild(lrm));
    }

    static List<CibElement> lrmResources(CibElement nodeState) {
        return nodeState.path("lrm", "lrm_resources").map(CibElement::children).orElse(List.of());
    }

    /** Records one operation result in a node's history. */
    static Cib record(Cib cib, String uname, OperationResult r, LrmXml.Expectation e) {
        CibElement st = nodeState(cib, uname);
        List<CibElement> resources = new ArrayList<>(lrmResources(st));
        int at = -1;
        for (int i = 0; i < resources.size(); i++) {
            if (r.resourceId().equals(resources.get(i).id())) {
                at = i;
            }
        }
        CibElement entry = at >= 0 ? resources.get(at) : LrmXml.emptyResource(r.resourceId(), r.agent());
        CibElement updated = LrmXml.record(entry, r, e, uname);
        if (at >= 0) {
            resources.set(at, updated);
        } else {
            resources.add(updated);
        }
        return lrm(cib, uname, resources);
    }

    /** Forgets a resource's history on a node (cleanup, lrm_delete). */
    static Cib forget(Cib cib, String uname, String resource) {
        CibElement st = nodeState(cib, uname);
        List<CibElement> resources = new ArrayList<>(lrmResources(st));
        if (!resources.removeIf(r -> resource.equals(r.id()) || r.id().startsWith(resource + ":"))) {
            return cib;
        }
        return lrm(cib, uname, resources);
    }

    /** A node's transient attributes ({@code transient_attributes/instance_attributes status-<id>}), sorted by name. */
    static Cib transientAttributes(Cib cib, String uname, Map<String, String> attributes) {
        CibElement st = nodeState(cib, uname);
        String id = st.id();
        List<CibElement> pairs = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(attributes).entrySet()) {
            pairs.add(CibElement.of("nvpair", "id", "status-" + id + "-" + e.getKey(), "name", e.getKey(), "value", e.getValue()));
        }
        CibElement ta = CibElement.of("transient_attributes", "id", id)
                .withChild(CibElement.of("instance_attributes", "id", "status-" + id).withChildren(pairs));
        return withNodeState(cib, st.withReplacedChild(ta));
    }

    static Map<String, String> transientAttributes(Cib cib, String uname) {
        Map<String, String> out = new LinkedHashMap<>();
        nodeState(cib, uname).path("transient_attributes", "instance_attributes").ifPresent(ia -> {
            for (CibElement p : ia.children("nvpair")) {
                out.put(p.attr("name"), p.attr("value", ""));
            }
        });
        return out;
    }

    /** The root's {@code dc-uuid} and {@code have-quorum}, as crm_mon and the scheduler read them. */
    static Cib root(Cib cib, String dcUname, boolean quorate) {
        String id = nodeId(cib, dcUname);
        String q = quorate ? "1" : "0";
        if (id.equals(cib.root().attr("dc-uuid")) && q.equals(cib.root().attr("have-quorum"))) {
            return cib;
        }
        return new Cib(cib.root().withAttribute("dc-uuid", id).withAttribute("have-quorum", q));
    }

    /** A node's history as its executor reports it at join: one lrm_resource per resource. */
    static CibElement lrmResource(String rsc, AgentId agent, List<CibElement> ops) {
        return LrmXml.emptyResource(rsc, agent).withChildren(ops);
    }
}
