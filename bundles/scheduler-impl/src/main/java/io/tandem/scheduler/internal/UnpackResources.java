package io.tandem.scheduler.internal;

import io.tandem.cib.CibElement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Stage: primitives, groups and clones with meta attributes, operations and clone instances (unpack_resources). */
final class UnpackResources {
    private UnpackResources() {
    }

    static void run(WorkingSet ws) {
        CibElement resources = ws.cib.configuration().child("resources").orElse(CibElement.of("resources"));
        for (CibElement t : resources.children("template")) {
            ws.templates.put(t.id(), t);
        }
        List<Resource> top = new ArrayList<>();
        for (CibElement x : resources.children()) {
            Resource r = unpack(ws, x, null);
            if (r != null) {
                top.add(r);
            }
        }
        // stable sort by priority, as g_list_sort(pe__cmp_rsc_priority)
        top.sort((a, b) -> Integer.compare(b.priority, a.priority));
        ws.resources.addAll(top);
    }

    static Resource unpack(WorkingSet ws, CibElement x, Resource parent) {
        switch (x.name()) {
            case "primitive":
                return primitive(ws, x, parent, x.id());
            case "group":
                return group(ws, x, parent, x.id(), -1);
            case "clone":
            case "master":
                return clone(ws, x, parent);
            default:
                return null;
        }
    }

    private static Resource newResource(WorkingSet ws, String id, Resource.Variant v, CibElement x, Resource parent) {
        Resource r = new Resource(id, v, x);
        r.parent = parent;
        Rules.Context ctx = new Rules.Context(null, null, ws.now, null, null);
        CibElement tmpl = x.attr("template") != null ? ws.templates.get(x.attr("template")) : null;
        Rules.unpackSets(x, "meta_attributes", ctx, r.meta, false);
        if (tmpl != null) {
            Rules.unpackSets(tmpl, "meta_attributes", ctx, r.meta, false);
        }
        if (parent != null) {
            for (Map.Entry<String, String> e : parent.meta.entrySet()) {
                r.meta.putIfAbsent(e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<String, String> e : ws.rscDefaults.entrySet()) {
            r.meta.putIfAbsent(e.getKey(), e.getValue());
        }
        ws.byId.put(id, r);
        if (ws.symmetric) {
            for (Node n : ws.nodes) {
                r.allowed.putIfAbsent(n, 0);
            }
        }
        return r;
    }

    private static void commonFlags(WorkingSet ws, Resource r) {
        String managed = r.meta.get("is-managed");
        if (managed != null && !Rules.isTrue(managed)) {
            r.managed = false;
        }
        if (Rules.isTrue(r.meta.get("maintenance")) || ws.maintenanceMode) {
            r.managed = false;
            r.maintenance = true;
        }
        r.priority = Scores.parse(r.meta.getOrDefault("priority", "0"));
        String stick = r.meta.get("resource-stickiness");
        r.stickiness = stick == null ? ws.defaultStickiness : Scores.parse(stick);
        String mt = r.meta.get("migration-threshold");
        if (mt != null) {
            r.migrationThreshold = Math.max(0, Scores.parse(mt));
        }
        String ft = r.meta.get("failure-timeout");
        if (ft != null) {
            r.failureTimeoutSec = Rules.parseIntervalMs(ft) / 1000;
        }
        r.multipleActive = r.meta.getOrDefault("multiple-active", "stop_start");
        r.critical = !r.meta.containsKey("critical") || Rules.isTrue(r.meta.get("critical"));
        r.description = r.xml.attr("description");
        r.migratable = Migration.allowMigrate(r);
    }

    private static Resource primitive(WorkingSet ws, CibElement x, Resource parent, String id) {
        Resource r = newResource(ws, id, Resource.Variant.PRIMITIVE, x, parent);
        CibElement tmpl = x.attr("template") != null ? ws.templates.get(x.attr("template")) : null;
        r.cls = x.attr("class", tmpl == null ? null : tmpl.attr("class"));
        r.provider = x.attr("provider", tmpl == null ? null : tmpl.attr("provider"));
        r.type = x.attr("type", tmpl == null ? null : tmpl.attr("type"));
        r.isStonith = "stonith".equals(r.cls);
        if (r.isStonith) {
            ws.haveStonithResource = true;
        }
        Rules.Context ctx = new Rules.Context(null, null, ws.now, null, null);
        if (tmpl != null) {
            Rules.unpackSets(tmpl, "instance_attributes", ctx, r.params, false);
        }
        Map<String, String> own = new LinkedHashMap<>();
        Rules.unpackSets(x, "instance_attributes", ctx, own, false);
        r.params.putAll(own);
        commonFlags(ws, r);
        Resource clone = r.cloneParent();
        if (clone != null) {
            r.unique = clone.unique;
        } else {
            r.unique = true;
        }
        List<CibElement> opXml = new ArrayList<>();
        x.child("operations").map(o -> expandIdRef(ws, o)).ifPresent(o -> opXml.addAll(o.children("op")));
        if (tmpl != null) {
            // expand_template: a template op is dropped when the primitive has one with the same name and role
            Set<String> ownOps = new HashSet<>();
            for (CibElement op : opXml) {
                ownOps.add(templateOpKey(op));
            }
            tmpl.child("operations").map(o -> expandIdRef(ws, o)).ifPresent(o -> {
                for (CibElement op : o.children("op")) {
                    if (!ownOps.contains(templateOpKey(op))) {
                        opXml.add(op);
                    }
                }
            });
        }
        for (CibElement op : opXml) {
            Map<String, String> meta = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : op.attributes().entrySet()) {
                meta.put(e.getKey(), e.getValue());
            }
            Rules.unpackSets(op, "meta_attributes", ctx, meta, false);
            Rules.unpackSets(op, "instance_attributes", ctx, meta, false);
            for (Map.Entry<String, String> e : ws.opDefaults.entrySet()) {
                meta.putIfAbsent(e.getKey(), e.getValue());
            }
            String name = op.attr("name");
            long interval = Rules.parseIntervalMs(op.attr("interval", "0"));
            boolean enabled = meta.get("enabled") == null || Rules.isTrue(meta.get("enabled"));
            r.ops.add(new OpDef(op.id(), name, interval, Role.parse(op.attr("role")), meta, enabled, op));
        }
        if (r.isStonith && "unfencing".equalsIgnoreCase(r.meta.get("provides"))) {
            // a device that unfences makes unfencing the default requirement of resources unpacked after it
            ws.enableUnfencing = true;
        }
        String req = r.meta.get("requires");
        if (req == null || !(req.equals("nothing") || req.equals("quorum") || req.equals("fencing") || req.equals("unfencing"))) {
            if (r.isStonith) {
                req = "quorum";
            } else if (ws.enableUnfencing) {
                req = "unfencing";
            } else if (ws.stonithEnabled) {
                req = "fencing";
            } else if ("ignore".equals(ws.noQuorumPolicy)) {
                req = "nothing";
            } else {
                req = "quorum";
            }
        }
        if (req.equals("unfencing")) {
            // unpack_requires: devices and clusters without fencing fall back to quorum
            if (r.isStonith || !ws.stonithEnabled) {
                req = "quorum";
            } else {
                req = "fencing";
                r.needsUnfencing = true;
            }
        }
        if (req.equals("fencing") && !ws.stonithEnabled) {
            req = "fencing";
        }
        r.requires = req;
        if (parent != null) {
            parent.children.add(r);
        }
        return r;
    }

    /** expand_idref: an element with id-ref stands for the element of the same name with that id. */
    private static CibElement expandIdRef(WorkingSet ws, CibElement x) {
        String ref = x.attr("id-ref");
        if (ref == null) {
            return x;
        }
        return ws.cib.root().findById(ref).filter(e -> e.name().equals(x.name())).orElse(x);
    }

    /** template_op_key: name and role, where Started and Unpromoted count as no role. */
    private static String templateOpKey(CibElement op) {
        String role = op.attr("role");
        if (role == null || role.equalsIgnoreCase("Started") || role.equalsIgnoreCase("Unpromoted")
                || role.equalsIgnoreCase("Slave")) {
            role = "Unknown";
        }
        return op.attr("name") + "-" + role;
    }

    private static Resource group(WorkingSet ws, CibElement x, Resource parent, String id, int instance) {
        Resource g = newResource(ws, id, Resource.Variant.GROUP, x, parent);
        commonFlags(ws, g);
        g.instance = instance;
        g.unique = parent == null || parent.unique;
        g.ordered = !g.meta.containsKey("ordered") || Rules.isTrue(g.meta.get("ordered"));
        String collocated = g.meta.get("collocated");
        g.meta.putIfAbsent("collocated", "true");
        if (collocated != null && !Rules.isTrue(collocated)) {
            g.meta.put("collocated", "false");
        }
        if (parent != null) {
            parent.children.add(g);
        }
        for (CibElement c : x.children("primitive")) {
            Resource m = primitive(ws, c, g, instance >= 0 ? c.id() + ":" + instance : c.id());
            m.instance = instance;
        }
        return g;
    }

    private static Resource clone(WorkingSet ws, CibElement x, Resource parent) {
        Resource c = newResource(ws, x.id(), Resource.Variant.CLONE, x, parent);
        commonFlags(ws, c);
        c.promotable = "master".equals(x.name()) || Rules.isTrue(c.meta.get("promotable"));
        c.unique = Rules.isTrue(c.meta.get("globally-unique"));
        c.notify = Rules.isTrue(c.meta.get("notify"));
        c.interleave = Rules.isTrue(c.meta.get("interleave"));
        c.ordered = Rules.isTrue(c.meta.get("ordered"));
        int nodes = 0;
        for (Node n : ws.nodes) {
            nodes++;
        }
        String max = c.meta.getOrDefault("clone-max", c.meta.get("master-max") == null ? null : null);
        c.cloneMax = max == null ? nodes : Math.max(0, Scores.parse(max));
        String nodeMax = c.meta.get("clone-node-max");
        c.cloneNodeMax = nodeMax == null ? 1 : Math.max(0, Scores.parse(nodeMax));
        String pm = c.meta.getOrDefault("promoted-max", c.meta.get("master-max"));
        c.promotedMax = pm == null ? 1 : Math.max(0, Scores.parse(pm));
        String pnm = c.meta.getOrDefault("promoted-node-max", c.meta.get("master-node-max"));
        c.promotedNodeMax = pnm == null ? 1 : Math.max(0, Scores.parse(pnm));
        if (!c.meta.containsKey("resource-stickiness") && !ws.rscDefaults.containsKey("resource-stickiness")) {
            c.meta.put("resource-stickiness", "1");
            c.stickiness = 1;
        }
        CibElement child = null;
        for (CibElement k : x.children()) {
            if (k.name().equals("primitive") || k.name().equals("group")) {
                child = k;
                break;
            }
        }
        if (child == null) {
            return null;
        }
        if (c.unique && hasLsbPrimitive(child)) {
            // pe__force_anon: LSB agents cannot tell globally unique instances apart
            c.unique = false;
        }
        for (int i = 0; i < c.cloneMax; i++) {
            createInstance(ws, c, child, i);
        }
        c.nextInstance = c.cloneMax;
        return c;
    }

    private static boolean hasLsbPrimitive(CibElement x) {
        if (x.name().equals("primitive")) {
            return "lsb".equalsIgnoreCase(x.attr("class"));
        }
        for (CibElement k : x.children("primitive")) {
            if (hasLsbPrimitive(k)) {
                return true;
            }
        }
        return false;
    }

    static Resource createInstance(WorkingSet ws, Resource clone, CibElement child, int i) {
        Resource inst;
        if (child.name().equals("group")) {
            inst = group(ws, child, clone, child.id() + ":" + i, i);
        } else {
            inst = primitive(ws, child, clone, child.id() + ":" + i);
        }
        inst.instance = i;
        return inst;
    }

    /** The configured child element of a clone, used to create orphan instances. */
    static CibElement cloneChildXml(Resource clone) {
        for (CibElement k : clone.xml.children()) {
            if (k.name().equals("primitive") || k.name().equals("group")) {
                return k;
            }
        }
        return null;
    }
}
